/**
 * The REST resources under /services/data/vNN.N/ that the extension uses: query/queryAll (paged),
 * search, sObject rows, sObject collections, limits, the resource list. Composite is in composite.ts
 * and reaches these through the same dispatcher.
 */
import { parseDuplicateRuleHeader } from '../org/duplicates';
import { identityUrl } from './oauth';
import { parseJsonBody, isPlainObject, orgErrorResponse, requestContext, type RestCall } from './rest-call';
import { collectionCreate, collectionDelete, collectionUpdate } from './sobject-collections';
import { errorArray, jsonResponse, methodNotAllowed, noContent, notFound } from './responses';
import type { EmulatorState } from './state';
import type { EmulatorResponse } from './types';

const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;

function batchSize(headers: Record<string, string>): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(headers['sforce-query-options'] ?? '');
  if (!match) return DEFAULT_BATCH_SIZE;
  // Salesforce treats batchSize as a hint between 200 and 2000.
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}

function queryPageBody(call: RestCall, page: { totalSize: number; done: boolean; nextLocator?: string; records: unknown[] }) {
  return {
    totalSize: page.totalSize,
    done: page.done,
    ...(page.nextLocator === undefined
      ? {}
      : { nextRecordsUrl: `/services/data/v${call.version}/query/${page.nextLocator}` }),
    records: page.records,
  };
}

function handleQuery(state: EmulatorState, call: RestCall, includeDeleted: boolean, locator: string | undefined): EmulatorResponse {
  if (call.method !== 'GET') return methodNotAllowed(call.method, ['GET', 'HEAD']);
  if (locator !== undefined) {
    const page = state.cursors.page(locator);
    if (!page) return errorArray(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return jsonResponse(200, queryPageBody(call, page));
  }
  const soql = call.query.get('q');
  if (soql === null || soql.trim() === '') {
    return errorArray(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  }
  try {
    // `columns=true` (used by the Salesforce CLI): the columns the query would return, no rows.
    if (call.query.get('columns') === 'true') return jsonResponse(200, state.org.queryColumns(soql, requestContext(state, call)));
    const outcome = state.org.query(soql, requestContext(state, call), { includeDeleted });
    const page = state.cursors.firstPage(outcome.records, outcome.totalSize, batchSize(call.headers));
    return jsonResponse(200, queryPageBody(call, page));
  } catch (error) {
    return orgErrorResponse(error);
  }
}

function handleSearch(state: EmulatorState, call: RestCall): EmulatorResponse {
  if (call.method !== 'GET') return methodNotAllowed(call.method, ['GET', 'HEAD']);
  const sosl = call.query.get('q');
  if (sosl === null || sosl.trim() === '') {
    return errorArray(400, 'MALFORMED_SEARCH', 'A search string has to be specified');
  }
  try {
    return jsonResponse(200, state.org.search(sosl, requestContext(state, call)));
  } catch (error) {
    return orgErrorResponse(error);
  }
}

/** `GET sobjects/Type`: the object's summary (as in `GET sobjects`) and no recent items. */
function handleSObjectInfo(state: EmulatorState, call: RestCall, type: string): EmulatorResponse {
  try {
    const { fields: _fields, childRelationships: _children, ...summary } = state.org.describe(type, requestContext(state, call)) as Record<string, unknown>;
    return jsonResponse(200, { objectDescribe: summary, recentItems: [] });
  } catch (error) {
    return orgErrorResponse(error);
  }
}

function handleSObjectType(state: EmulatorState, call: RestCall, type: string): EmulatorResponse {
  if (call.method === 'GET') return handleSObjectInfo(state, call, type);
  if (call.method !== 'POST') return methodNotAllowed(call.method, ['GET', 'HEAD', 'POST']);
  const parsed = parseJsonBody(call.body);
  if (!parsed.ok) return parsed.response;
  if (!isPlainObject(parsed.value)) {
    return errorArray(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from a non-object value');
  }
  const { attributes: _attributes, ...fields } = parsed.value;
  try {
    const header = Number(call.version) >= 52 ? parseDuplicateRuleHeader(call.headers['sforce-duplicate-rule-header']) : undefined;
    const id = state.org.create(type, fields, requestContext(state, call), header);
    state.notifyOrgChange();
    return jsonResponse(
      201,
      { id, success: true, errors: [] },
      { location: `/services/data/v${call.version}/sobjects/${type}/${id}` },
    );
  } catch (error) {
    return orgErrorResponse(error);
  }
}

function handleSObjectRow(state: EmulatorState, call: RestCall, type: string, id: string): EmulatorResponse {
  const ctx = requestContext(state, call);
  try {
    switch (call.method) {
      case 'GET': {
        const fieldsParam = call.query.get('fields');
        const fields = fieldsParam
          ? fieldsParam.split(',').map((f) => f.trim()).filter((f) => f.length > 0)
          : undefined;
        return jsonResponse(200, state.org.retrieve(type, id, ctx, fields));
      }
      case 'PATCH': {
        const parsed = parseJsonBody(call.body);
        if (!parsed.ok) return parsed.response;
        if (!isPlainObject(parsed.value)) {
          return errorArray(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from a non-object value');
        }
        const { attributes: _attributes, Id: _id, ...fields } = parsed.value;
        state.org.update(type, id, fields, ctx);
        state.notifyOrgChange();
        return noContent();
      }
      case 'DELETE':
        state.org.delete(type, id, ctx);
        state.notifyOrgChange();
        return noContent();
      default:
        return methodNotAllowed(call.method, ['GET', 'PATCH', 'DELETE', 'HEAD']);
    }
  } catch (error) {
    return orgErrorResponse(error);
  }
}

function resourceList(state: EmulatorState, call: RestCall): EmulatorResponse {
  const root = `/services/data/v${call.version}`;
  return jsonResponse(200, {
    limits: `${root}/limits`,
    query: `${root}/query`,
    queryAll: `${root}/queryAll`,
    search: `${root}/search`,
    sobjects: `${root}/sobjects`,
    composite: `${root}/composite`,
    identity: identityUrl(call.baseUrl, state.org.info.id, call.userId),
  });
}

/**
 * Routes one authenticated REST call. `composite` is given by the caller so composite subrequests
 * reuse this dispatcher without an import cycle; subrequests pass none (no nesting).
 */
export async function dispatchRest(
  state: EmulatorState,
  call: RestCall,
  composite?: (call: RestCall) => Promise<EmulatorResponse>,
): Promise<EmulatorResponse> {
  const segments = call.resource === '' ? [] : call.resource.split('/');
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return call.method === 'GET' ? resourceList(state, call) : methodNotAllowed(call.method, ['GET', 'HEAD']);
  if (rest.length > 0) return notFound();
  switch (first) {
    case 'query':
    case 'queryAll':
      if (third !== undefined) return notFound();
      return handleQuery(state, call, first === 'queryAll', second);
    case 'search':
      return second === undefined ? handleSearch(state, call) : notFound();
    case 'limits':
      if (second !== undefined) return notFound();
      return call.method === 'GET' ? jsonResponse(200, state.usage.limitsBody()) : methodNotAllowed(call.method, ['GET', 'HEAD']);
    case 'sobjects':
      if (second === undefined) {
        if (call.method !== 'GET') return methodNotAllowed(call.method, ['GET', 'HEAD']);
        return jsonResponse(200, state.org.describeGlobal(requestContext(state, call)));
      }
      if (third === undefined) return handleSObjectType(state, call, second);
      if (third === 'describe') {
        if (call.method !== 'GET') return methodNotAllowed(call.method, ['GET', 'HEAD']);
        try {
          return jsonResponse(200, state.org.describe(second, requestContext(state, call)));
        } catch (error) {
          return orgErrorResponse(error);
        }
      }
      return handleSObjectRow(state, call, second, third);
    case 'composite':
      if (second === undefined) {
        if (!composite) return errorArray(400, 'INVALID_INPUT', 'Composite requests cannot be nested');
        return call.method === 'POST' ? composite(call) : methodNotAllowed(call.method, ['POST']);
      }
      if (second !== 'sobjects' || third !== undefined) return notFound();
      switch (call.method) {
        case 'POST':
          return collectionCreate(state, call);
        case 'PATCH':
          return collectionUpdate(state, call);
        case 'DELETE':
          return collectionDelete(state, call);
        default:
          return methodNotAllowed(call.method, ['POST', 'PATCH', 'DELETE']);
      }
    default:
      return notFound();
  }
}

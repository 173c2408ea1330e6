/**
 * sObject Collections (`/composite/sobjects`): create, update or delete up to 200 records in one
 * call. Results are SaveResults whose errors carry `statusCode` (not `errorCode`, unlike the
 * REST error array). With allOrNone, one failure rolls every record back.
 */
import { parseDuplicateRuleHeader } from '../org/duplicates';
import { SalesforceError } from '../org/types';
import { isPlainObject, parseJsonBody, requestContext, type RestCall } from './rest-call';
import { errorArray, jsonResponse } from './responses';
import type { EmulatorState } from './state';
import type { EmulatorResponse } from './types';

export const MAX_COLLECTION_RECORDS = 200;

interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
  duplicateResult?: unknown;
}

type SaveResult = { id: string; success: true; errors: [] } | { id?: string; success: false; errors: SaveError[] };

const ROLLED_BACK: SaveError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function saveError(error: unknown): SaveError {
  if (error instanceof SalesforceError) {
    const saved: SaveError = { statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] };
    if (error.duplicateResult) saved.duplicateResult = error.duplicateResult;
    return saved;
  }
  return { statusCode: 'UNKNOWN_EXCEPTION', message: error instanceof Error ? error.message : String(error), fields: [] };
}

/** Runs `work` over every item; with allOrNone and any failure, restores the org and reports rollbacks. */
function runAll<T>(
  state: EmulatorState,
  items: T[],
  allOrNone: boolean,
  work: (item: T) => SaveResult,
): EmulatorResponse {
  const before = allOrNone ? state.org.snapshot() : undefined;
  const results = items.map((item) => {
    try {
      return work(item);
    } catch (error) {
      return { success: false as const, errors: [saveError(error)] };
    }
  });
  const failed = results.some((result) => !result.success);
  if (before !== undefined && failed) {
    state.replaceOrg(before);
    return jsonResponse(
      200,
      results.map((result): SaveResult => (result.success ? { id: result.id, success: false, errors: [ROLLED_BACK] } : result)),
    );
  }
  if (results.some((result) => result.success)) state.notifyOrgChange();
  return jsonResponse(200, results);
}

function tooMany(): EmulatorResponse {
  return errorArray(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
  );
}

function readRecords(call: RestCall): { ok: true; allOrNone: boolean; records: Array<Record<string, unknown>> } | { ok: false; response: EmulatorResponse } {
  const parsed = parseJsonBody(call.body);
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  if (!isPlainObject(body) || !Array.isArray(body.records) || !body.records.every(isPlainObject)) {
    return { ok: false, response: errorArray(400, 'JSON_PARSER_ERROR', 'The request body needs a "records" array of sObjects') };
  }
  if (body.records.length > MAX_COLLECTION_RECORDS) return { ok: false, response: tooMany() };
  return { ok: true, allOrNone: body.allOrNone === true, records: body.records };
}

function recordType(record: Record<string, unknown>): string {
  const attributes = record.attributes;
  const type = isPlainObject(attributes) ? attributes.type : undefined;
  if (typeof type !== 'string' || type === '') {
    throw new SalesforceError(400, 'INVALID_TYPE', 'Every record needs attributes.type');
  }
  return type;
}

export function collectionCreate(state: EmulatorState, call: RestCall): EmulatorResponse {
  const read = readRecords(call);
  if (!read.ok) return read.response;
  const ctx = requestContext(state, call);
  const header = Number(call.version) >= 52 ? parseDuplicateRuleHeader(call.headers['sforce-duplicate-rule-header']) : undefined;
  return runAll(state, read.records, read.allOrNone, (record) => {
    const { attributes: _attributes, ...fields } = record;
    const id = state.org.create(recordType(record), fields, ctx, header);
    return { id, success: true, errors: [] };
  });
}

export function collectionUpdate(state: EmulatorState, call: RestCall): EmulatorResponse {
  const read = readRecords(call);
  if (!read.ok) return read.response;
  const ctx = requestContext(state, call);
  return runAll(state, read.records, read.allOrNone, (record) => {
    const { attributes: _attributes, id, Id, ...fields } = record;
    const recordId = typeof id === 'string' ? id : typeof Id === 'string' ? Id : undefined;
    if (recordId === undefined) throw new SalesforceError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call');
    try {
      state.org.update(recordType(record), recordId, fields, ctx);
    } catch (error) {
      return { id: recordId, success: false, errors: [saveError(error)] };
    }
    return { id: recordId, success: true, errors: [] };
  });
}

/** Key prefixes of the standard objects the extension touches; DELETE by ids carries no type. */
const TYPE_BY_PREFIX: Record<string, string> = {
  '001': 'Account',
  '003': 'Contact',
  '005': 'User',
  '006': 'Opportunity',
  '00Q': 'Lead',
  '00T': 'Task',
  '00U': 'Event',
  '500': 'Case',
};

export function collectionDelete(state: EmulatorState, call: RestCall): EmulatorResponse {
  const ids = (call.query.get('ids') ?? '').split(',').map((id) => id.trim()).filter((id) => id.length > 0);
  if (ids.length === 0) return errorArray(400, 'MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > MAX_COLLECTION_RECORDS) return tooMany();
  const ctx = requestContext(state, call);
  return runAll(state, ids, call.query.get('allOrNone') === 'true', (id) => {
    const type = TYPE_BY_PREFIX[id.slice(0, 3)];
    try {
      if (type === undefined) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${id}`);
      state.org.delete(type, id, ctx);
    } catch (error) {
      return { id, success: false, errors: [saveError(error)] };
    }
    return { id, success: true, errors: [] };
  });
}

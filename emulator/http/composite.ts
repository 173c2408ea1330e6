/**
 * POST /composite: up to 25 subrequests (at most 5 queries) run in order, later ones referring to
 * earlier results with `@{ref.id}` or `@{ref.records[0].Id}`. With allOrNone, the first failure
 * restores the org as it was before the call and every other subrequest answers PROCESSING_HALTED.
 */
import { parseVersionSegment } from './api-versions';
import { isPlainObject, parseJsonBody, type RestCall, type RestDispatcher } from './rest-call';
import { errorArray, jsonResponse } from './responses';
import type { EmulatorState } from './state';
import type { EmulatorResponse } from './types';

export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_SUBREQUESTS = 5;

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const REFERENCE_ID = /^[A-Za-z0-9_]+$/;
/** The resources a subrequest may name. */
const COMPOSITE_RESOURCES = /^\/services\/data\/v[^/]+\/(?:sobjects|query|queryAll|composite\/sobjects)(?:\/|$)/;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

const HALTED_BY_ROLLBACK = [
  {
    errorCode: 'PROCESSING_HALTED',
    message: 'The transaction was rolled back since another operation in the same transaction failed.',
  },
];

class UnresolvedReference extends Error {}

function readSubrequests(body: string): { ok: true; allOrNone: boolean; subrequests: Subrequest[] } | { ok: false; response: EmulatorResponse } {
  const parsed = parseJsonBody(body);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const bad = (message: string, code = 'JSON_PARSER_ERROR') => ({ ok: false as const, response: errorArray(400, code, message) });
  if (!isPlainObject(value) || !Array.isArray(value.compositeRequest)) return bad("'compositeRequest' is a required field.");
  const list = value.compositeRequest;
  if (list.length === 0) return bad('compositeRequest needs at least one subrequest', 'INVALID_INPUT');
  if (list.length > MAX_SUBREQUESTS) {
    return bad(`Limit Exceeded: a composite request can hold at most ${MAX_SUBREQUESTS} subrequests`, 'LIMIT_EXCEEDED');
  }
  const seen = new Set<string>();
  const subrequests: Subrequest[] = [];
  for (const item of list) {
    if (!isPlainObject(item)) return bad('Every subrequest must be an object');
    for (const field of ['method', 'url', 'referenceId'] as const) {
      if (typeof item[field] !== 'string' || item[field] === '') return bad(`'${field}' is a required field.`);
    }
    const referenceId = item.referenceId as string;
    if (!REFERENCE_ID.test(referenceId)) {
      return bad(`Invalid referenceId ('${referenceId}'): use letters, digits and underscores only`, 'INVALID_INPUT');
    }
    if (seen.has(referenceId)) return bad(`Duplicate ReferenceId provided in the request: ${referenceId}`, 'INVALID_INPUT');
    seen.add(referenceId);
    const headers = isPlainObject(item.httpHeaders) ? item.httpHeaders : {};
    subrequests.push({
      method: (item.method as string).toUpperCase(),
      url: item.url as string,
      referenceId,
      body: item.body,
      httpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
    });
  }
  // Composite accepts sObject resources, Query, QueryAll and sObject Collections, nothing else
  // (REST API guide, "Send Multiple Requests Using Composite"); the emulator refuses the whole call.
  const unsupported = subrequests.find((sub) => !COMPOSITE_RESOURCES.test(new URL(sub.url, 'http://emulator.invalid').pathname));
  if (unsupported) {
    return bad(`The composite resource does not support the subrequest resource ${unsupported.url} (referenceId ${unsupported.referenceId}).`, 'INVALID_API_INPUT');
  }
  const queries = subrequests.filter((sub) => sub.method === 'GET' && /\/(query|queryAll)(\/|\?|$)/.test(sub.url));
  if (queries.length > MAX_QUERY_SUBREQUESTS) {
    return bad(`Limit Exceeded: a composite request can hold at most ${MAX_QUERY_SUBREQUESTS} query subrequests`, 'LIMIT_EXCEEDED');
  }
  return { ok: true, allOrNone: value.allOrNone === true, subrequests };
}

/** Follows `.field` and `[n]` steps through an earlier subrequest's body. */
function lookUp(root: unknown, path: string): unknown {
  let value = root;
  for (const step of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
    if (step.startsWith('[')) {
      value = Array.isArray(value) ? value[Number(step.slice(1, -1))] : undefined;
    } else {
      value = isPlainObject(value) ? value[step.slice(1)] : undefined;
    }
    if (value === undefined) return undefined;
  }
  return value;
}

function resolveReference(results: Map<string, SubResult>, referenceId: string, path: string): unknown {
  const earlier = results.get(referenceId);
  const value = earlier && earlier.httpStatusCode < 400 ? lookUp(earlier.body, path) : undefined;
  if (value === undefined || value === null) {
    throw new UnresolvedReference(
      `Invalid reference specified. No value for ${referenceId}${path} found in ${referenceId}. ` +
        `Provided referenceId ('${referenceId}') is invalid or its subrequest failed.`,
    );
  }
  return value;
}

function resolveInText(text: string, results: Map<string, SubResult>): string {
  return text.replace(REFERENCE, (_match, referenceId: string, path: string) => String(resolveReference(results, referenceId, path)));
}

/** A string that is exactly one reference keeps the value's JSON type; other strings interpolate. */
function resolveInBody(value: unknown, results: Map<string, SubResult>): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}$/.exec(value);
    if (whole) return resolveReference(results, whole[1] ?? '', whole[2] ?? '');
    return resolveInText(value, results);
  }
  if (Array.isArray(value)) return value.map((item) => resolveInBody(item, results));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveInBody(item, results)]));
  }
  return value;
}

function toSubResult(referenceId: string, response: EmulatorResponse): SubResult {
  let body: unknown = null;
  if (response.body !== '') {
    try {
      body = JSON.parse(response.body);
    } catch {
      body = response.body;
    }
  }
  const httpHeaders: Record<string, string> = {};
  if (response.headers.location !== undefined) httpHeaders.Location = response.headers.location;
  return { body, httpHeaders, httpStatusCode: response.status, referenceId };
}

async function runSubrequest(
  sub: Subrequest,
  outer: RestCall,
  results: Map<string, SubResult>,
  dispatch: RestDispatcher,
): Promise<SubResult> {
  let url: string;
  let body: unknown;
  try {
    url = resolveInText(sub.url, results);
    body = resolveInBody(sub.body, results);
  } catch (error) {
    if (!(error instanceof UnresolvedReference)) throw error;
    return { body: [{ errorCode: 'PROCESSING_HALTED', message: error.message }], httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId };
  }
  const parsedUrl = new URL(url, 'http://emulator.invalid');
  const match = /^\/services\/data\/(v[^/]+)\/?(.*?)\/?$/.exec(parsedUrl.pathname);
  const version = match ? parseVersionSegment(match[1] ?? '') : undefined;
  if (!match || version === undefined) {
    return toSubResult(sub.referenceId, errorArray(404, 'NOT_FOUND', 'The requested resource does not exist'));
  }
  let resource = match[2] ?? '';
  try {
    resource = decodeURIComponent(resource);
  } catch {
    // Left as sent; the dispatcher answers NOT_FOUND.
  }
  const response = await dispatch({
    method: sub.method,
    resource,
    query: parsedUrl.searchParams,
    headers: { ...outer.headers, ...sub.httpHeaders },
    body: body === undefined ? '' : JSON.stringify(body),
    version,
    userId: outer.userId,
    baseUrl: outer.baseUrl,
  });
  return toSubResult(sub.referenceId, response);
}

export async function handleComposite(state: EmulatorState, call: RestCall, dispatch: RestDispatcher): Promise<EmulatorResponse> {
  const read = readSubrequests(call.body);
  if (!read.ok) return read.response;
  const before = read.allOrNone ? state.org.snapshot() : undefined;
  const results = new Map<string, SubResult>();
  let failedAt: number | undefined;
  for (const [index, sub] of read.subrequests.entries()) {
    const result = await runSubrequest(sub, call, results, dispatch);
    results.set(sub.referenceId, result);
    if (before !== undefined && result.httpStatusCode >= 400) {
      failedAt = index;
      break;
    }
  }
  if (before !== undefined && failedAt !== undefined) {
    state.replaceOrg(before);
    const compositeResponse = read.subrequests.map((sub, index): SubResult => {
      const own = results.get(sub.referenceId);
      if (index === failedAt && own) return own;
      return { body: HALTED_BY_ROLLBACK, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId };
    });
    return jsonResponse(200, { compositeResponse });
  }
  return jsonResponse(200, { compositeResponse: read.subrequests.map((sub) => results.get(sub.referenceId)) });
}

/** What every REST handler shares: the call, the org request context, JSON body and error handling. */
import { SalesforceError, type RequestContext } from '../org/types';
import { errorArray, jsonResponse } from './responses';
import type { EmulatorState } from './state';
import type { EmulatorResponse } from './types';

export interface RestCall {
  method: string;
  /** Path after `/services/data/vNN.N/`, without leading or trailing slash ('' for the version root). */
  resource: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  /** "62.0" */
  version: string;
  userId: string;
  baseUrl: string;
}

export type RestDispatcher = (call: RestCall) => Promise<EmulatorResponse>;

export function requestContext(state: EmulatorState, call: RestCall): RequestContext {
  return { userId: call.userId, apiVersion: call.version, now: new Date(state.clock()) };
}

/** Runs org code and turns what it throws into Salesforce's error array. */
export function orgErrorResponse(error: unknown): EmulatorResponse {
  if (error instanceof SalesforceError) return jsonResponse(error.status, [error.toJSON()]);
  const detail = error instanceof Error ? error.message : String(error);
  return errorArray(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred. (emulator: ${detail})`);
}

/** Parses a JSON body the way the REST API does: anything unreadable is JSON_PARSER_ERROR. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false; response: EmulatorResponse } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'malformed JSON';
    return { ok: false, response: errorArray(400, 'JSON_PARSER_ERROR', `Unexpected content in request body: ${reason}`) };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/** Builders for the answers Salesforce gives, so every handler spells headers and bodies alike. */
import type { SalesforceErrorItem } from '../org/types';
import type { EmulatorResponse } from './types';

/** Salesforce's own spelling; jsforce only parses bodies whose type starts with application/json. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function noContent(headers: Record<string, string> = {}): EmulatorResponse {
  return { status: 204, headers, body: '' };
}

/** The REST API's error shape: always an array, even for one error. */
export function errorArray(status: number, errorCode: string, message: string, fields?: string[]): EmulatorResponse {
  const item: SalesforceErrorItem = fields === undefined ? { message, errorCode } : { message, errorCode, fields };
  return jsonResponse(status, [item]);
}

export function notFound(): EmulatorResponse {
  return errorArray(404, 'NOT_FOUND', 'The requested resource does not exist');
}

export function invalidSession(): EmulatorResponse {
  return errorArray(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

export function methodNotAllowed(method: string, allowed: string[]): EmulatorResponse {
  return errorArray(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
  );
}

/** The OAuth endpoints' error shape (token, revoke): a flat object, not an array. */
export function oauthError(status: number, error: string, description: string): EmulatorResponse {
  return jsonResponse(status, { error, error_description: description });
}

export function htmlResponse(status: number, html: string): EmulatorResponse {
  return { status, headers: { 'content-type': 'text/html;charset=UTF-8', 'cache-control': 'no-store' }, body: html };
}

export function redirect(location: string): EmulatorResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A parsed request, handed to every handler. */
import type { EmulatorRequest } from './types';

export interface HttpCall {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Scheme and host the caller used (or the configured one): instance_url and identity URLs use it. */
  baseUrl: string;
}

export function parseCall(req: EmulatorRequest, configuredBaseUrl: string | undefined): HttpCall {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  // `//services/…` is a path here, not a protocol-relative URL.
  const url = /^https?:\/\//i.test(req.url) ? new URL(req.url) : new URL(`http://emulator.invalid${req.url.startsWith('/') ? '' : '/'}${req.url}`);
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape stays as sent; routing then answers 404.
  }
  // Clients that keep an instance URL with a trailing slash (the Salesforce CLI) send
  // `//services/data/…`; real orgs serve it as `/services/data/…`.
  path = path.replace(/^\/{2,}/, '/');
  // An absolute request URL (an in-process transport) names its own origin; a socket request has Host.
  const absolute = /^https?:\/\//i.test(req.url);
  const host = headers.host;
  const baseUrl = configuredBaseUrl ?? (absolute ? url.origin : host ? `http://${host}` : 'http://127.0.0.1');
  return { method: req.method.toUpperCase(), path, query: url.searchParams, headers, body: req.body, baseUrl };
}

/** The token from `Authorization: Bearer …` (or Salesforce's older `OAuth …`). */
export function bearerToken(call: HttpCall): string | undefined {
  const header = call.headers.authorization;
  if (!header) return undefined;
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Form-encoded body (token and revoke endpoints). */
export function formParams(call: HttpCall): URLSearchParams {
  return new URLSearchParams(call.body);
}

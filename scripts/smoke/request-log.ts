/**
 * Every request the extension's service worker sends to Salesforce during a smoke run, with its
 * answer in a line — read through the DevTools protocol, so nothing in the extension changes for it.
 * Tokens never reach the log: headers are not read, OAuth answers show only their status or error.
 */

export interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  status: number | null;
  /** A line about the answer: an error's code and message, or what a success carried. */
  answer: string;
  /** Sent by the smoke kit itself (reading back and cleaning up), not by the sidebar. */
  bySmoke: boolean;
}

/** The header the smoke kit puts on its own requests, so the report tells them from the sidebar's. */
export const SMOKE_HEADER = 'X-SFSD-Smoke';

type Json = Record<string, unknown>;

function shorten(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The path of a request, with a SOQL or SOSL query shown readable and cut short. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const q = parsed.searchParams.get('q');
    return q === null ? parsed.pathname : `${parsed.pathname}?q=${shorten(q, 120)}`;
  } catch {
    return shorten(url);
  }
}

/** One line about an answer. OAuth answers carry tokens: only their error, never their body. */
export function summarizeAnswer(url: string, status: number, body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body ? shorten(body, 80) : '';
  }
  if (url.includes('/services/oauth2/')) {
    const error = (parsed as Json | null)?.error;
    return typeof error === 'string' ? `${error}: ${String((parsed as Json).error_description ?? '')}` : status < 300 ? 'tokens issued (not shown)' : '';
  }
  if (Array.isArray(parsed)) {
    const first = parsed[0] as Json | undefined;
    if (first && typeof first.errorCode === 'string') return shorten(`${first.errorCode}: ${String(first.message ?? '')}`);
  }
  const record = parsed as Json | null;
  if (!record || typeof record !== 'object') return '';
  if (Array.isArray(record.compositeResponse)) {
    return `composite: ${(record.compositeResponse as Json[]).map((sub) => `${String(sub.referenceId)} ${String(sub.httpStatusCode)}`).join(', ')}`;
  }
  if (Array.isArray(record.searchRecords)) return `${record.searchRecords.length} found`;
  if (typeof record.totalSize === 'number') return `${record.totalSize} record${record.totalSize === 1 ? '' : 's'}`;
  if (typeof record.id === 'string') return `id ${record.id}`;
  return '';
}

/** The CDP events the log listens to (a structural subset of puppeteer's CDPSession). */
export interface CdpSession {
  send(method: 'Network.enable'): Promise<unknown>;
  send(method: 'Network.getResponseBody', params: { requestId: string }): Promise<{ body: string; base64Encoded: boolean }>;
  on(event: string, handler: (event: never) => void): unknown;
}

/** Starts listening on the worker's DevTools session; the log fills as requests finish. */
export async function recordRequests(session: CdpSession, isSalesforce: (url: string) => boolean): Promise<LoggedRequest[]> {
  const log: LoggedRequest[] = [];
  const byId = new Map<string, LoggedRequest>();
  session.on('Network.requestWillBeSent', ((event: { requestId: string; request: { url: string; method: string; headers: Record<string, string> } }) => {
    if (!isSalesforce(event.request.url) || event.request.method === 'OPTIONS') return;
    const bySmoke = Object.keys(event.request.headers).some((name) => name.toLowerCase() === SMOKE_HEADER.toLowerCase());
    const entry: LoggedRequest = { id: event.requestId, method: event.request.method, url: event.request.url, status: null, answer: '', bySmoke };
    byId.set(event.requestId, entry);
    log.push(entry);
  }) as never);
  session.on('Network.responseReceived', ((event: { requestId: string; response: { status: number } }) => {
    const entry = byId.get(event.requestId);
    if (entry) entry.status = event.response.status;
  }) as never);
  session.on('Network.loadingFinished', ((event: { requestId: string }) => {
    const entry = byId.get(event.requestId);
    if (!entry || entry.status === null) return;
    session.send('Network.getResponseBody', { requestId: event.requestId }).then(
      ({ body, base64Encoded }) => {
        entry.answer = summarizeAnswer(entry.url, entry.status ?? 0, base64Encoded ? '' : body);
      },
      () => undefined,
    );
  }) as never);
  session.on('Network.loadingFailed', ((event: { requestId: string; errorText: string }) => {
    const entry = byId.get(event.requestId);
    // A request that never got an answer; an answered one whose body the page closed on keeps its status.
    if (entry && entry.status === null) entry.answer = `failed: ${event.errorText}`;
  }) as never);
  await session.send('Network.enable');
  return log;
}

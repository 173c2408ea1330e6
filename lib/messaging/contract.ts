import * as v from 'valibot';
import type { ConnectionStatus } from '../salesforce/connection';
import type { EffectiveSettings } from '../settings/settings';
import { calllogRequestSchemas, type CalllogReplyPayloads } from './calllog-messages';
import { matchingRequestSchemas, type MatchingReplyPayloads } from './matching-messages';

/**
 * The one message contract between the content script (and the popup and options page) and the
 * background. Every request is validated in the background against these schemas; every reply
 * is a `Reply`. No reply ever carries a token.
 */

export const ERROR_CODES = [
  'invalid-message',
  'internal',
  'not-connected',
  'needs-reconnect',
  'api-limit',
  'offline',
  'not-found',
  'requirement',
  'oauth',
  'invalid-input',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ReplyError {
  code: ErrorCode;
  message: string;
}

export type Reply<T extends object> = ({ ok: true } & T) | { ok: false; error: ReplyError };

export type ConnectionState = ConnectionStatus['state'];
export type { ConnectionStatus };

/** Request schemas, keyed by message type. */
export const requestSchemas = {
  getStatus: v.strictObject({ type: v.literal('getStatus') }),
  connect: v.strictObject({ type: v.literal('connect') }),
  disconnect: v.strictObject({ type: v.literal('disconnect') }),
  getSettings: v.strictObject({ type: v.literal('getSettings') }),
  saveSettings: v.strictObject({ type: v.literal('saveSettings'), settings: v.record(v.string(), v.unknown()) }),
  ...matchingRequestSchemas,
  ...calllogRequestSchemas,
} as const;

/** What the background answers to each request type (on success). */
export interface ReplyPayloads extends MatchingReplyPayloads, CalllogReplyPayloads {
  getStatus: { connection: ConnectionStatus; version: string; pending: number };
  connect: { connection: ConnectionStatus };
  disconnect: { revoked: boolean };
  getSettings: EffectiveSettings;
  saveSettings: { errors?: Record<string, string> };
}

export type RequestType = keyof typeof requestSchemas;
export type RequestOf<K extends RequestType> = v.InferOutput<(typeof requestSchemas)[K]>;
export type AnyRequest = { [K in RequestType]: RequestOf<K> }[RequestType];
export type ReplyOf<K extends RequestType> = Reply<ReplyPayloads[K]>;

const anyRequestSchema = v.variant('type', Object.values(requestSchemas));

/** Parses an untrusted message; returns the typed request or a reply error explaining why not. */
export function parseRequest(raw: unknown): { request: AnyRequest } | { error: ReplyError } {
  const result = v.safeParse(anyRequestSchema, raw);
  if (result.success) return { request: result.output as AnyRequest };
  const issue = result.issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  return {
    error: {
      code: 'invalid-message',
      message: `Rejected message${where ? ` at "${where}"` : ''}: ${issue?.message ?? 'unknown shape'}`,
    },
  };
}

/**
 * The one message contract between the content script (and the popup and options page) and the
 * background: every type that crosses is declared here or in the `*-messages.ts` beside it, and the
 * rest of the code takes its types from here, never the other way round. Every request is
 * validated in the background against these schemas; every reply is a `Reply`. No reply ever
 * carries a token.
 */
import * as v from 'valibot';
import { calllogRequestSchemas, type CalllogReplyPayloads } from './calllog-messages';
import { matchingRequestSchemas, type MatchingReplyPayloads, type PersonType } from './matching-messages';

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
  /** The sender may not ask this (a Dialpad page asking what only the extension's pages may, or about a record it was not shown). */
  'not-allowed',
  /** Asked too often for the org's API allowance (a tab's rate, or the org close to its allowance): try again shortly. */
  'rate-limited',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** Salesforce's (or the sidebar's) code for the cause, when the UI can say it in the user's language. */
  reason?: string;
}

export type Reply<T extends object> = ({ ok: true } & T) | { ok: false; error: ReplyError };

/** Who is connected to Salesforce, as the sidebar, the popup and the options page show it (S1–S3). */
export interface ConnectionStatus {
  state: 'disconnected' | 'connected' | 'needs-reconnect';
  user?: { name: string; username: string; orgId: string };
  loginHost?: string;
  instanceHost?: string;
  /** The org's address (`https://acme.my.salesforce.com`), for links to records the sidebar did not load (a logged call's Task). */
  instanceUrl?: string;
  problem?: string;
  /** The cause of `problem` as a code the UI can put in the user's language (e.g. REFRESH_NEEDS_SECRET). */
  problemReason?: string;
  /** Salesforce objects the sidebar asks about that this user may not read (e.g. Lead): left out of matching. */
  cannotRead?: string[];
}

/** The sidebar's settings (lib/settings/ validates and merges them). */
export interface Settings {
  /** `login.salesforce.com`, `test.salesforce.com` or a My Domain host (`acme.my.salesforce.com`). */
  loginHost: string;
  /** The connected app's consumer key (client id). */
  consumerKey: string;
  autoLogging: boolean;
  logMissedCalls: boolean;
  /** Empty: the default subject of the UI language. */
  subjectTemplate: string;
  /** The company's own numbers, or prefixes ending in `*`: calls with them are never logged. */
  internalNumbers: string[];
  /** ISO country for numbers without a country code; empty: the browser's. */
  defaultRegion: string;
  objectPriority: PersonType[];
  /** What a call or ToDo may be related to (Task.WhatId): open opportunities and cases, opportunities only, or nothing. */
  relatedTo: RelatedToPolicy;
  /** Relate a person's calls to their latest open opportunity unless they chose otherwise (off: only what they choose). */
  relatedToDefault: boolean;
  /** Dialpad's own Salesforce integration logs calls: the sidebar logs none itself, it only adds notes and ToDos. */
  dialpadLogsCalls: boolean;
}
export type RelatedToPolicy = 'opportunities-and-cases' | 'opportunities' | 'none';
export type SettingName = keyof Settings;

export interface Policy {
  settings: Partial<Settings>;
  locked: SettingName[];
  /** Dialpad selector overrides by name (lib/dialpad/selectors.ts validates them). */
  dialpadSelectors: Record<string, string>;
  /** What the policy held that could not be used, for the options page's diagnostics. */
  problems: string[];
}

export interface EffectiveSettings {
  settings: Settings;
  /** Settings the user cannot change, and why. */
  locked: SettingName[];
  policy: Policy;
}

/** Request schemas, keyed by message type. */
export const requestSchemas = {
  getStatus: v.strictObject({ type: v.literal('getStatus') }),
  connect: v.strictObject({ type: v.literal('connect') }),
  disconnect: v.strictObject({ type: v.literal('disconnect') }),
  getSettings: v.strictObject({ type: v.literal('getSettings') }),
  saveSettings: v.strictObject({ type: v.literal('saveSettings'), settings: v.record(v.string(), v.unknown()) }),
  /** The sidebar's way to connect or drop a queued write: the options page, where the user does it. */
  openSettings: v.strictObject({ type: v.literal('openSettings') }),
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
  openSettings: object;
}

export type RequestType = keyof typeof requestSchemas;
export type Requests = { [K in RequestType]: v.InferOutput<(typeof requestSchemas)[K]> };
export type RequestOf<K extends RequestType> = Requests[K];
export type AnyRequest = Requests[RequestType];
export type ReplyOf<K extends RequestType> = Reply<ReplyPayloads[K]>;

/** The one way to ask the background: the reply's type follows the request's. */
export type Send = <R extends AnyRequest>(request: R) => Promise<ReplyOf<R['type']>>;
/**
 * Who asked, as the background knows it: a Dialpad document and its tab (the tab's reads are
 * budgeted: a reload does not refill them), or null for the extension's own pages.
 */
export interface RequestContext {
  document: string | null;
  tab: string | null;
}
/** The background's answer to one request type; requests arrive already validated. */
export type Handler<K extends RequestType> = (request: Requests[K], context?: RequestContext) => Promise<ReplyOf<K>>;
export type Handlers<K extends RequestType = RequestType> = { [T in K]: Handler<T> };

const anyRequestSchema = v.variant('type', Object.values(requestSchemas));

/** Parses an untrusted message; returns the typed request or a reply error explaining why not. */
export function parseRequest(raw: unknown): { request: AnyRequest } | { error: ReplyError } {
  const result = v.safeParse(anyRequestSchema, raw);
  if (result.success) return { request: result.output };
  const issue = result.issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  return {
    error: {
      code: 'invalid-message',
      message: `Rejected message${where ? ` at "${where}"` : ''}: ${issue?.message ?? 'unknown shape'}`,
    },
  };
}

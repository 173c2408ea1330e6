/**
 * The call-log part of the message contract (T1–T8, B1): finished calls and notes from the page,
 * and the outbox's state for the sidebar and the popup. Lengths are capped generously above
 * Salesforce's limits so that an over-long note reaches the background, is cut there and the cut
 * is reported, instead of being refused.
 */
import * as v from 'valibot';
import { matchType, relatedType, salesforceId } from './matching-messages';
import { isHttpsUrlOn } from '../https-url';

const callId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a call id'));
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const personLinkSchema = v.strictObject({
  type: matchType,
  id: salesforceId,
  name: shortText(255),
});
/**
 * Who a Task is about, with the name the sidebar shows: a Contact or Lead (its WhoId), or on a
 * company's main line the Account itself (its WhatId) until the user picks a person.
 */
export type PersonLink = v.InferOutput<typeof personLinkSchema>;

export const relatedRecordSchema = v.strictObject({
  type: relatedType,
  id: salesforceId,
  name: shortText(255),
});

/**
 * A recording or voicemail link goes into the Task, where the rep clicks it: only `https:` on
 * Dialpad's own hosts (#17) — never `javascript:`, `data:` or another site a page could plant.
 * The test build also accepts the local stand-in's origins.
 */
export function isDialpadLink(url: string, allowLocal: boolean = __E2E__): boolean {
  return isHttpsUrlOn(url, (hostname) => hostname === 'dialpad.com' || hostname.endsWith('.dialpad.com'), allowLocal);
}

/** A link that is not (a page's doing) is dropped, never the call it came with. */
const dialpadLink = v.fallback(v.nullable(v.pipe(v.string(), v.maxLength(2048), v.check((url) => isDialpadLink(url), 'Not a link on Dialpad'))), null);

export const finishedCallSchema = v.strictObject({
  callId,
  direction: v.picklist(['inbound', 'outbound']),
  number: v.nullable(shortText(64)),
  name: v.nullable(shortText(255)),
  /** Epoch ms when the call started (ringing or dialling). */
  startedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Talk seconds; 0 for a call that never connected. */
  durationSeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 24 * 3600)),
  outcome: v.picklist(['answered', 'missed', 'voicemail']),
  recordingUrl: v.optional(dialpadLink),
  voicemailUrl: v.optional(dialpadLink),
  provisional: v.optional(v.boolean()),
  startedAtPrecise: v.optional(v.boolean()),
});
/** A finished call as the call log needs it (from the live reading or Dialpad's call history). */
export type FinishedCall = v.InferOutput<typeof finishedCallSchema>;

export const calllogRequestSchemas = {
  /** A call ended in this tab, or showed up in Dialpad's history (seenLive false). */
  callFinished: v.strictObject({
    type: v.literal('callFinished'),
    call: finishedCallSchema,
    /** Dialpad says the other side is a coworker. */
    internal: v.boolean(),
    dialpadContactId: v.nullable(shortText(128)),
    seenLive: v.boolean(),
  }),
  /** ToDo form: T1 (callId null), T2 (the live call), T8 (a recent call). */
  saveNote: v.strictObject({
    type: v.literal('saveNote'),
    person: personLinkSchema,
    subject: shortText(1000),
    note: v.nullable(shortText(100_000)),
    callId: v.nullable(callId),
    /** For a call still running: the number, so the call item can wait for it to end. */
    number: v.optional(v.nullable(shortText(64))),
    /** "Related to" as the form showed it (null: nothing); absent: the person's own (chosen, or the default). */
    relatedTo: v.optional(v.nullable(relatedRecordSchema)),
  }),
  /** T7: a Past-activity Task's subject and notes. */
  editTask: v.strictObject({
    type: v.literal('editTask'),
    taskId: salesforceId,
    subject: shortText(1000),
    note: v.nullable(shortText(100_000)),
    person: v.nullable(personLinkSchema),
  }),
  getOutbox: v.strictObject({ type: v.literal('getOutbox') }),
  retryOutbox: v.strictObject({ type: v.literal('retryOutbox'), keys: v.union([v.literal('all'), v.pipe(v.array(shortText(200)), v.maxLength(500))]) }),
  /** Discarding loses the write: the UI asks for confirmation first and says so in `confirmed`. */
  discardOutboxItem: v.strictObject({ type: v.literal('discardOutboxItem'), key: shortText(200), confirmed: v.literal(true) }),
  /**
   * Sends writes held for unusual volume (#17: over a Dialpad tab's write budget). The user's own
   * decision, from the extension's pages only: a compromised renderer can forge clicks in the sidebar.
   */
  releaseHeld: v.strictObject({ type: v.literal('releaseHeld'), keys: v.union([v.literal('all'), v.pipe(v.array(shortText(200)), v.maxLength(500))]) }),
} as const;

/** What Salesforce's limits cut from a Task's text (the write goes through, the user is told). */
export interface Truncation {
  field: 'Subject' | 'Description';
  original: number;
  kept: number;
}

export type ItemStatus =
  /** Due at `nextAttemptAt`. */
  | 'pending'
  /** A call whose person is not settled (several matches, or none yet): waits for a pick (T5). */
  | 'waiting-person'
  /** A call still running; its note was saved during the call (T2). */
  | 'waiting-call'
  /** The session cannot be refreshed: waits for the user to reconnect. */
  | 'waiting-reconnect'
  /** Salesforce refused it for a reason retrying cannot fix; the user retries after fixing, or discards. */
  | 'failed';

/** What the outbox holds, as the sidebar and the popup show it. */
/** A call as the sidebar's call strip recognises it: Dialpad's id (or the tab's key), its line and the start that tab read. */
export interface CallSummary {
  callId: string;
  direction: 'inbound' | 'outbound';
  number: string | null;
  startedAt: number;
}

/** What the outbox holds, as the sidebar and the popup show it. */
export interface OutboxSummary {
  total: number;
  byStatus: Record<ItemStatus, number>;
  items: Array<{
    key: string;
    kind: 'call' | 'todo' | 'edit';
    status: ItemStatus;
    label: string;
    error: string | null;
    personProblem: string | null;
    /** A call's own reading, once it finished, and the person it goes to: what the call strip follows. */
    call?: CallSummary | null;
    person?: string | null;
    /** Held for unusual volume (over its Dialpad tab's write budget): sent only once the user releases it. */
    held?: boolean;
  }>;
  /** How many items are held for unusual volume (absent: none, as published by an earlier version). */
  held?: number;
  /** The last calls logged (newest first): which Task each became, and for whom. */
  logged?: Array<CallSummary & { taskId: string; person: string | null }>;
}

export interface CalllogReplyPayloads {
  /** `held`: queued, but held for unusual volume (over the tab's write budget) until the user releases it. */
  callFinished: { logged: boolean; reason?: string; key?: string; status?: ItemStatus; held?: boolean };
  saveNote: { key: string; status: ItemStatus; warnings: Truncation[]; held?: boolean };
  editTask: { key: string; warnings: Truncation[]; held?: boolean };
  getOutbox: { outbox: OutboxSummary };
  retryOutbox: { retried: number };
  discardOutboxItem: { discarded: boolean };
  releaseHeld: { released: number };
}

import * as v from 'valibot';
import type { OutboxSummary } from '../calllog/intake';
import type { OutboxItem } from '../calllog/outbox';
import type { Truncation } from '../calllog/task-fields';

/**
 * The call-log part of the message contract (T1–T8, B1): finished calls and notes from the page,
 * and the outbox's state for the sidebar and the popup. Lengths are capped generously above
 * Salesforce's limits so that an over-long note reaches the background, is cut there and the cut
 * is reported, instead of being refused.
 */
const salesforceId = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'Not a Salesforce record id'));
const callId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a call id'));
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const personLinkSchema = v.strictObject({
  type: v.picklist(['Contact', 'Lead']),
  id: salesforceId,
  name: shortText(255),
});

export const finishedCallSchema = v.strictObject({
  callId,
  direction: v.picklist(['inbound', 'outbound']),
  number: v.nullable(shortText(64)),
  name: v.nullable(shortText(255)),
  startedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  durationSeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 24 * 3600)),
  outcome: v.picklist(['answered', 'missed', 'voicemail']),
  recordingUrl: v.optional(v.nullable(v.pipe(v.string(), v.url(), v.maxLength(2048)))),
  voicemailUrl: v.optional(v.nullable(v.pipe(v.string(), v.url(), v.maxLength(2048)))),
});

export const calllogRequestSchemas = {
  /** A call ended in this tab, or showed up in Dialpad's history (seenLive false). */
  callFinished: v.strictObject({
    type: v.literal('callFinished'),
    call: finishedCallSchema,
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
    number: v.optional(v.nullable(shortText(64))),
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
} as const;

export interface CalllogReplyPayloads {
  callFinished: { logged: boolean; reason?: string; key?: string; status?: OutboxItem['status'] };
  saveNote: { key: string; status: OutboxItem['status']; warnings: Truncation[] };
  editTask: { key: string; warnings: Truncation[] };
  getOutbox: { outbox: OutboxSummary };
  retryOutbox: { retried: number };
  discardOutboxItem: { discarded: boolean };
}

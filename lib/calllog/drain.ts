import { escapeSoqlString } from '../matching/escape';
import type { TaskChange } from '../matching/match-store';
import { explain, type WriteFailure } from '../salesforce/errors';
import { closedTaskStatus, createableFields, isClosedStatus, openTaskStatus, picklistLabel, type OrgFacts } from '../salesforce/org-facts';
import type { SalesforceApi } from '../salesforce/rest-api';
import { readOutbox, withOutbox, type CallItem, type EditItem, type ItemError, type OutboxItem, type TodoItem } from './outbox';
import { activityDate, callTaskFields, todoTaskFields, type UiLanguage } from './task-fields';

/** The Salesforce calls the outbox makes, and what the org lets the user write. */
export type SalesforceWriter = Pick<SalesforceApi, 'query' | 'create' | 'update' | 'orgFacts'>;

export interface DrainSettings {
  /** The org connected now: an item queued for another is never sent here. */
  orgId?: string | null;
  subjectTemplate: string;
  language: UiLanguage;
  /** The browser's time zone: used only when Salesforce does not say the user's (TimeZoneSidKey). */
  timeZone?: string;
}

/** Backoff: 30 s doubling to 15 min for transient failures; 15 min doubling to 2 h over the API limit. */
export function backoffMs(kind: WriteFailure, attempts: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 10);
  if (kind === 'limit') return Math.min(15 * 60_000 * 2 ** exponent, 2 * 60 * 60_000);
  return Math.min(30_000 * 2 ** exponent, 15 * 60_000);
}

export interface SentItem {
  key: string;
  taskId: string;
  personId: string | null;
  /** What was written, as the card shows it: the sidebar's cache is patched with it, no request made. */
  task: TaskChange;
}

export interface DrainResult {
  sent: SentItem[];
  failed: Array<{ key: string; error: ItemError; kind: WriteFailure }>;
  /** The earliest time a pending item is due again (for the alarm), or null. */
  nextDueAt: number | null;
  /** True when the drain stopped because the session cannot be refreshed. */
  needsReconnect: boolean;
}

/**
 * Sends every due item, oldest first, one at a time. Each send is bracketed by outbox writes, so
 * a worker stopped mid-send leaves `maybeSent` behind and the next drain looks before it writes.
 */
export async function drainOutbox(api: SalesforceWriter, settings: DrainSettings, now: () => number = Date.now): Promise<DrainResult> {
  const result: DrainResult = { sent: [], failed: [], nextDueAt: null, needsReconnect: false };
  const due = await withOutbox((items) =>
    Object.values(items)
      .filter((item) => isDue(item, now()))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((item) => item.key),
  );
  for (const key of due) {
    const outcome = await sendOne(api, key, settings, now);
    if (outcome === null) continue;
    if ('taskId' in outcome) result.sent.push(outcome);
    else {
      result.failed.push(outcome);
      if (outcome.kind === 'reconnect') {
        result.needsReconnect = true;
        break;
      }
    }
  }
  result.nextDueAt = await withOutbox((items) => {
    const pending = Object.values(items).filter((item) => item.status === 'pending' && !item.held);
    return pending.length ? Math.min(...pending.map((item) => item.nextAttemptAt)) : null;
  });
  return result;
}

type SendOutcome = SentItem | { key: string; error: ItemError; kind: WriteFailure } | null;

async function sendOne(api: SalesforceWriter, key: string, settings: DrainSettings, now: () => number): Promise<SendOutcome> {
  // Claim the item: count the attempt and mark a create as possibly sent before it leaves.
  const item = await withOutbox((items) => {
    const current = items[key];
    if (!current || !isDue(current, now())) return null;
    if (current.orgId && settings.orgId && current.orgId !== settings.orgId) {
      // Queued for another org (the user reconnected to a different one): never written here.
      current.status = 'waiting-reconnect';
      current.lastError = { code: 'OTHER_ORG', message: `Queued while connected to another Salesforce org (${current.orgId}): it is written only there. Reconnect to that org, or discard it in the settings.`, at: now() };
      return null;
    }
    current.attempts += 1;
    current.inFlightUntil = now() + IN_FLIGHT_MS;
    current.inFlightBy = THIS_RUN;
    const snapshot = structuredClone(current);
    if (needsCreate(current)) current.maybeSent = true;
    return snapshot;
  });
  if (!item) return null;

  try {
    const { taskId, warnings, fields, facts } = await write(api, item, settings);
    return await withOutbox((items, logged) => {
      const current = items[key];
      delete items[key];
      // A note on a call Dialpad logs itself: saving it again edits this Task.
      if (item.kind === 'todo' && item.callNote) logged[item.callNote.callId] = { taskId, whoId: item.person.id, at: now() };
      if (item.kind === 'call' && item.person) {
        logged[item.callId] = { taskId, whoId: item.person.id, whoName: item.person.name, at: now(), ...(item.call ? { call: item.call } : {}) };
        // A note saved while this send was in flight: keep it as an edit of the Task just written.
        if (current?.kind === 'call' && (current.note !== item.note || current.subject !== item.subject)) {
          const { inFlightUntil: _sent, inFlightBy: _by, ...rest } = current;
          items[key] = { ...rest, taskId, maybeSent: false, status: 'pending', nextAttemptAt: now(), warnings };
        }
      }
      const status = typeof fields.Status === 'string' ? fields.Status : item.kind === 'call' ? closedTaskStatus(facts) : openTaskStatus(facts);
      const task: TaskChange = {
        id: taskId,
        subject: String(fields.Subject ?? ''),
        description: typeof fields.Description === 'string' && fields.Description ? fields.Description : null,
        status: picklistLabel(facts, 'Task', 'Status', status),
        open: !isClosedStatus(facts, status),
        dueDate: typeof fields.ActivityDate === 'string' ? fields.ActivityDate : null,
        callType: typeof fields.CallType === 'string' ? fields.CallType : null,
        durationSeconds: typeof fields.CallDurationInSeconds === 'number' ? fields.CallDurationInSeconds : null,
      };
      return { key, taskId, personId: item.person?.id ?? null, task };
    });
  } catch (error) {
    const problem = explain(error);
    const failure = problem.write;
    const itemError: ItemError = { code: problem.errorCode ?? 'UNKNOWN', message: problem.message, at: now() };
    await withOutbox((items) => {
      const current = items[key];
      if (!current) return;
      delete current.inFlightUntil;
      delete current.inFlightBy;
      current.lastError = itemError;
      if (failure === 'refused') {
        // Salesforce answered with a rule: nothing was written.
        current.status = 'failed';
        current.maybeSent = false;
      } else if (failure === 'reconnect') {
        current.status = 'waiting-reconnect';
      } else {
        current.nextAttemptAt = now() + backoffMs(failure, current.attempts);
      }
    });
    return { key, error: itemError, kind: failure };
  }
}

/** How long a send may take before its claim lapses (the REST client gives up after 20 s). */
export const IN_FLIGHT_MS = 60_000;

/**
 * This run of the worker. An extension has one service worker at a time, so a claim made by an
 * earlier run belongs to a worker that was stopped mid-send: the item is due at once (and, with
 * `maybeSent`, is looked up before it is written again). Deliberate module state: it must change
 * with every start of the worker.
 */
const THIS_RUN = crypto.randomUUID();

/** Whether anything in the outbox is due now (a worker that starts finishes what it finds). */
export async function hasDueItems(now = Date.now()): Promise<boolean> {
  return Object.values(await readOutbox()).some((item) => isDue(item, now));
}

function isDue(item: OutboxItem, now: number): boolean {
  const claimed = (item.inFlightUntil ?? 0) > now && item.inFlightBy === THIS_RUN;
  return item.status === 'pending' && !item.held && item.nextAttemptAt <= now && !claimed;
}

function needsCreate(item: OutboxItem): boolean {
  return item.kind === 'todo' || (item.kind === 'call' && item.taskId === null);
}

type Written = { taskId: string; warnings: OutboxItem['warnings']; fields: Record<string, unknown> };

/** Salesforce's answers that mean the facts are out of date (a field hidden, a status renamed since they were read). */
const STALE_FACTS = new Set(['INVALID_FIELD', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);

/**
 * Salesforce's answers to a Task whose WhatId it will not take: the deal or case was deleted, is not
 * shared with the user, or the user cannot read its object (any more).
 */
const REFUSED_WHAT = new Set(['INVALID_CROSS_REFERENCE_KEY', 'ENTITY_IS_DELETED', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'FIELD_INTEGRITY_EXCEPTION']);

function refusesRelated(error: unknown, item: OutboxItem): boolean {
  const record = error as { errorCode?: unknown; fields?: unknown; data?: { fields?: unknown } } | null;
  const fields = record?.fields ?? record?.data?.fields;
  const related = item.kind !== 'edit' && item.relatedTo && item.person?.type !== 'Account';
  return Boolean(related) && typeof record?.errorCode === 'string' && REFUSED_WHAT.has(record.errorCode) && (!Array.isArray(fields) || fields.length === 0 || fields.includes('WhatId'));
}

/**
 * Writes one item with what the org lets the user write (its Task statuses, the Task fields they may
 * set, their time zone). A refusal that says the facts are out of date reads them again (one
 * request) and writes once more: nothing was written by the refused attempt. A "Related to" that
 * Salesforce no longer takes (deleted, no longer shared) is dropped and the Task written without
 * it: the call is logged on the person rather than not at all.
 */
async function write(api: SalesforceWriter, item: OutboxItem, settings: DrainSettings): Promise<Written & { facts: OrgFacts }> {
  let facts = await api.orgFacts();
  let refreshed = false;
  let current = item;
  for (;;) {
    try {
      return { ...(await writeWith(api, current, settings, facts)), facts };
    } catch (error) {
      const code = (error as { errorCode?: unknown } | null)?.errorCode;
      // Once: the item has no "Related to" afterwards.
      if (refusesRelated(error, current)) {
        console.warn(`[sfsd] Salesforce refused "Related to" (${String(code)}); writing the Task without it`);
        current = { ...current, relatedTo: null } as OutboxItem;
        continue;
      }
      if (!refreshed && typeof code === 'string' && STALE_FACTS.has(code)) {
        refreshed = true;
        facts = await api.orgFacts({ refresh: true });
        continue;
      }
      throw error;
    }
  }
}

function writeWith(api: SalesforceWriter, item: OutboxItem, settings: DrainSettings, facts: OrgFacts): Promise<Written> {
  if (item.kind === 'call') return writeCall(api, item, settings, facts);
  if (item.kind === 'todo') return writeTodo(api, item, settings, facts);
  return writeEdit(api, item, facts);
}

/** The fields of a Task write the user may set: a field they may not (field-level security) is left out, not a failed write. */
function settable(facts: OrgFacts, fields: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
  const allowed = createableFields(facts, 'Task', Object.keys(fields), mode);
  return Object.fromEntries(Object.entries(fields).filter(([name]) => allowed.has(name)));
}

async function writeCall(api: SalesforceWriter, item: CallItem, settings: DrainSettings, facts: OrgFacts): Promise<Written> {
  if (!item.call || !item.person) throw Object.assign(new Error('The call is not ready to be logged.'), { errorCode: 'NOT_READY' });
  const { fields: wanted, warnings } = callTaskFields({
    call: item.call,
    person: item.person,
    relatedTo: item.relatedTo ?? null,
    note: item.note,
    subject: item.subject,
    template: settings.subjectTemplate,
    language: settings.language,
    // The call's day is the Salesforce user's day (their TimeZoneSidKey), wherever the browser is.
    timeZone: facts.user.timeZone ?? settings.timeZone,
    status: closedTaskStatus(facts),
  });
  const fields = settable(facts, wanted, 'create');
  let taskId = item.taskId;
  if (taskId === null && (item.maybeSent || !item.seenLive)) {
    // One Task per call id (B1): an attempt that may have landed, or a call from Dialpad's history
    // that another browser of this user may have logged, is looked up before it is written.
    const found = await api.query(`SELECT Id FROM Task WHERE CallObject = '${escapeSoqlString(item.callId)}' ORDER BY CreatedDate ASC LIMIT 1`);
    const existing = found.records[0]?.Id;
    taskId = typeof existing === 'string' ? existing : null;
    // Logged elsewhere (another browser, the desktop app): theirs stands, untouched.
    if (taskId !== null && !item.maybeSent && item.note === null && item.subject === null) return { taskId, warnings, fields };
  }
  if (taskId !== null) {
    // TaskSubtype can only be set when a Task is created.
    const { TaskSubtype: _createOnly, ...changes } = wanted;
    await api.update('Task', taskId, settable(facts, changes, 'update'));
    return { taskId, warnings, fields };
  }
  return { taskId: await api.create('Task', fields), warnings, fields };
}

async function writeTodo(api: SalesforceWriter, item: TodoItem, settings: DrainSettings, facts: OrgFacts): Promise<Written> {
  const { fields: wanted, warnings } = todoTaskFields({
    person: item.person,
    relatedTo: item.relatedTo ?? null,
    subject: item.subject,
    note: item.note,
    // A note on a call Dialpad logs: done, on the day it was written (the user's day in Salesforce).
    ...(item.callNote
      ? { status: closedTaskStatus(facts), activityDate: activityDate(item.createdAt, facts.user.timeZone ?? settings.timeZone) }
      : { status: openTaskStatus(facts) }),
  });
  const fields = settable(facts, wanted, 'create');
  if (item.maybeSent) {
    // No call id to key on: the same subject for the same person (Who, or What for a company), created since the item was.
    const since = new Date(item.createdAt - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const about = item.person.type === 'Account' ? 'WhatId' : 'WhoId';
    const found = await api.query(
      `SELECT Id FROM Task WHERE ${about} = '${escapeSoqlString(item.person.id)}' AND Subject = '${escapeSoqlString(String(fields.Subject))}' AND CreatedDate >= ${since} ORDER BY CreatedDate ASC LIMIT 1`,
    );
    const existing = found.records[0]?.Id;
    if (typeof existing === 'string') return { taskId: existing, warnings, fields };
  }
  return { taskId: await api.create('Task', fields), warnings, fields };
}

async function writeEdit(api: SalesforceWriter, item: EditItem, facts: OrgFacts): Promise<Written> {
  const { fields, warnings } = todoTaskFields({ person: item.person ?? { type: 'Contact', id: '', name: '' }, relatedTo: null, subject: item.subject, note: item.note, status: openTaskStatus(facts) });
  const changes = settable(facts, { Subject: fields.Subject, Description: fields.Description }, 'update');
  await api.update('Task', item.taskId, changes);
  return { taskId: item.taskId, warnings, fields: changes };
}

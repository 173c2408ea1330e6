/** What goes into the outbox, and when (T1–T8). Nothing here talks to Salesforce: the drain does. */
import type { FinishedCall, ItemStatus, PersonLink, Truncation } from '../messaging/calllog-messages';
import type { RelatedRecord } from '../messaging/matching-messages';
import type { RequestOf } from '../messaging/contract';
import { digitsOf, normalizePhone, samePhone } from '../matching/phone';
import { callKey, HISTORY_ID_WAIT_MS, HISTORY_MINUTE_MS, newItemBase, SAME_CALL_WINDOW_MS, SAME_LIVE_CALL_START_MS, withOutbox, type CallItem, type HistoryRow, type LoggedCall, type OutboxItem, type SeenCall } from './outbox';
import { DESCRIPTION_MAX, fit, SUBJECT_MAX } from './task-fields';

export interface CallLogSettings {
  autoLogging: boolean;
  /** Dialpad's own Salesforce integration logs calls (policy): no call Task from the sidebar, only notes and ToDos. */
  dialpadLogsCalls?: boolean;
  /** Missed calls without a voicemail are not logged unless this is on. */
  logMissedCalls: boolean;
  /** Numbers (or prefixes ending in `*`) of the company's own lines: never logged (T4). */
  internalNumbers: readonly string[];
}

export type PersonResolution =
  | { kind: 'matched'; person: PersonLink; relatedTo: RelatedRecord | null }
  | { kind: 'several' }
  | { kind: 'none' }
  | { kind: 'unresolved' };

export type FinishedCallReport = Omit<RequestOf<'callFinished'>, 'type'>;

export type IntakeOutcome =
  | { logged: false; reason: 'internal' | 'auto-logging-off' | 'missed' | 'already-logged' | 'dialpad-logs-calls' | 'before-connect' }
  | { logged: true; key: string; status: ItemStatus; held?: true };

/** How an item over its Dialpad tab's write budget is marked (lib/background/write-budget.ts). */
function heldForVolume(now: number): NonNullable<CallItem['held']> {
  return { reason: 'volume', at: now };
}

/** Whether a number is one of the company's own (T4): exact lines, or prefixes written as `+8150*`. */
export function isInternalNumber(number: string | null, internalNumbers: readonly string[]): boolean {
  if (!number) return false;
  const target = normalizePhone(number);
  const digits = digitsOf(number);
  return internalNumbers.some((entry) => {
    if (entry.endsWith('*')) return digits.startsWith(digitsOf(entry.slice(0, -1))) || (target?.e164 ?? '').startsWith(entry.slice(0, -1));
    return target !== null && samePhone(entry, target);
  });
}

function sameLine(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const target = normalizePhone(b);
  return target !== null && samePhone(a, target);
}

/**
 * A live reading once its history row named it: Dialpad's id, and what the row adds — its links,
 * and its duration when it shows one (an answered row does: Dialpad's own record of the call, where
 * the live reading has the talk time last seen, short when the tab closed or the timer lagged).
 */
function namedByRow(live: FinishedCall, callId: string, row: HistoryRow | null): FinishedCall {
  return {
    ...live,
    callId,
    provisional: false,
    ...(row?.outcome === 'answered' ? { durationSeconds: row.durationSeconds } : {}),
    recordingUrl: live.recordingUrl ?? row?.recordingUrl ?? null,
    voicemailUrl: live.voicemailUrl ?? row?.voicemailUrl ?? null,
  };
}

/**
 * Calls seen live carry no Dialpad id (the page shows none): each is remembered (`SeenCall`) under
 * its stable key, and what arrives later is recognised by number, direction and start time within
 * SAME_CALL_WINDOW_MS: the same call reported by another tab takes the first key; its history row
 * gives the waiting call its id, stays internal if the call was, and is never logged a second time.
 * Answers the report to go on with, or the outcome when there is nothing more to do.
 */
async function recognise(report: FinishedCallReport, now: number): Promise<FinishedCallReport | IntakeOutcome> {
  const { call } = report;
  const sameCall = (entry: SeenCall) =>
    entry.direction === call.direction && call.startedAtPrecise !== false && Math.abs(entry.startedAt - call.startedAt) <= SAME_CALL_WINDOW_MS && sameLine(entry.number, call.number);
  /**
   * The same call read by another tab: the two readings overlap in time. A call back to the same
   * number right after the last one ended (a dropped call, a second try) is a call of its own.
   */
  const sameLiveCall = (entry: SeenCall) => {
    if (!sameCall(entry)) return false;
    if (Math.abs(entry.startedAt - call.startedAt) <= SAME_LIVE_CALL_START_MS) return true;
    const endOf = (startedAt: number, seconds: number | undefined) => startedAt + (seconds ?? 0) * 1000;
    return entry.startedAt < endOf(call.startedAt, call.durationSeconds) && call.startedAt < endOf(entry.startedAt, entry.durationSeconds);
  };
  const nearest = (entries: SeenCall[]) => entries.sort((a, b) => Math.abs(a.startedAt - call.startedAt) - Math.abs(b.startedAt - call.startedAt))[0];
  /**
   * The history row and the live reading of one call, paired in order. A row shows its start to the
   * minute, so several calls with one person within a minute are all equally near it: nearest is a
   * start inside the row's minute (else the least outside it), and among those, in order — history
   * lists rows newest first, so a row takes the newest live reading not yet paired, and a live
   * reading (reported as each call ends, oldest first) the row filed last, the oldest listed.
   */
  const paired = (entries: SeenCall[]): SeenCall | undefined => {
    const rowStart = (entry: SeenCall) => (report.seenLive ? entry.startedAt : call.startedAt);
    const liveStart = (entry: SeenCall) => (report.seenLive ? call.startedAt : entry.startedAt);
    const outside = (entry: SeenCall) => Math.max(0, rowStart(entry) - liveStart(entry), liveStart(entry) - (rowStart(entry) + HISTORY_MINUTE_MS - 1));
    const filed = new Map(entries.map((entry, i) => [entry, i]));
    const inOrder = (a: SeenCall, b: SeenCall) => (report.seenLive ? 0 : b.startedAt - a.startedAt) || filed.get(b)! - filed.get(a)!;
    return [...entries].sort((a, b) => outside(a) - outside(b) || inOrder(a, b))[0];
  };
  const remember = (seen: Record<string, SeenCall>, id: string, entry: Omit<SeenCall, 'direction' | 'number' | 'startedAt' | 'at'>) =>
    (seen[id] = { ...entry, direction: call.direction, number: call.number, startedAt: call.startedAt, ...(report.seenLive ? { durationSeconds: call.durationSeconds } : {}), at: now });
  return withOutbox((items, logged, seen): FinishedCallReport | IntakeOutcome => {
    const all = Object.values(seen);
    /**
     * A note saved during the call went under the call's local key (`call:<from>`, waiting for the
     * call); the call is now `to`'s: the note goes with it, onto its item, or onto its Task.
     */
    const adopt = (from: string, to: string) => {
      const note = items[callKey(from)];
      if (from === to || note?.kind !== 'call' || note.call) return;
      delete items[callKey(from)];
      const target = items[callKey(to)];
      if (target?.kind === 'call') {
        target.note = note.note ?? target.note;
        target.subject = note.subject ?? target.subject;
        target.person = note.person ?? target.person;
        if (target.person && target.status === 'waiting-person') {
          target.status = 'pending';
          target.personProblem = null;
        }
        if (target.taskId !== null || target.maybeSent || target.status === 'pending') target.nextAttemptAt = Math.min(target.nextAttemptAt, now);
        return;
      }
      const done = logged[to];
      items[callKey(to)] = { ...note, key: callKey(to), callId: to, call: done?.call ?? null, taskId: done?.taskId ?? null, ...(done ? { status: 'pending' as const, nextAttemptAt: now } : {}) };
    };
    if (report.seenLive) {
      if (!call.provisional) return report;
      const own = seen[call.callId];
      if (own) {
        own.internal ||= report.internal;
        return { ...report, internal: own.internal, call: { ...call, callId: own.key, provisional: own.key === call.callId } };
      }
      // Another tab reported it first, under its own key.
      const twin = nearest(all.filter((e) => e.source === 'live' && e.historyId === null && sameLiveCall(e)));
      if (twin) {
        twin.internal ||= report.internal;
        adopt(call.callId, twin.key);
        return { ...report, internal: twin.internal, call: { ...call, callId: twin.key } };
      }
      // Its history row was filed first (the two reports race): the call is that row's.
      const row = paired(all.filter((e) => e.source === 'history' && !e.pairedWith && sameCall(e)));
      remember(seen, call.callId, { source: 'live', key: row?.key ?? call.callId, internal: report.internal, historyId: row?.key ?? null });
      if (!row) return report;
      row.pairedWith = call.callId;
      const rowKey = callKey(row.key);
      const rowItem = items[rowKey];
      if (report.internal) {
        // Known internal live: the row's item goes, unless Salesforce already has it.
        if (rowItem?.kind === 'call' && rowItem.taskId === null && !rowItem.maybeSent && rowItem.note === null && rowItem.subject === null) delete items[rowKey];
        return { logged: false, reason: 'internal' };
      }
      adopt(call.callId, row.key);
      return { ...report, call: { ...call, callId: row.key, provisional: false } };
    }
    const entry = all.find((e) => e.source === 'live' && e.historyId === call.callId) ?? paired(all.filter((e) => e.source === 'live' && e.historyId === null && sameCall(e)));
    if (!entry) {
      // Filed as a call of its own; a live report of the same call arriving later joins it.
      if (call.startedAtPrecise !== false && !seen[`history:${call.callId}`]) remember(seen, `history:${call.callId}`, { source: 'history', key: call.callId, internal: report.internal, historyId: call.callId });
      return report;
    }
    entry.historyId = call.callId;
    // Kept for a live report still being filed (the two race): it takes what the row says too.
    entry.historyRow = { outcome: call.outcome, durationSeconds: call.durationSeconds, recordingUrl: call.recordingUrl ?? null, voicemailUrl: call.voicemailUrl ?? null };
    if (entry.internal) return { logged: false, reason: 'internal' };
    const key = callKey(entry.key);
    const item = items[key];
    if (item?.kind === 'call') {
      if (item.taskId === null && !item.maybeSent && item.callId === entry.key) {
        // Still waiting for its id: logged now, under Dialpad's id, with what history adds.
        item.callId = call.callId;
        if (item.call) item.call = namedByRow(item.call, call.callId, call);
        if (item.status === 'pending') item.nextAttemptAt = now;
      }
      return { logged: true, key, status: item.status };
    }
    // Logged already under its stable key: this id names the same Task from now on.
    const done = logged[entry.key];
    if (done) logged[call.callId] = done;
    return { logged: false, reason: 'already-logged' };
  });
}

/**
 * The Task a call was logged as, if it was. A call seen live whose history row named it is logged
 * under Dialpad's id (the item's `callId`), not under the key the tab reports it by: a report of it
 * sent again (the tab had no answer before the worker stopped or the browser closed) must find it.
 */
function loggedAs(call: FinishedCall, logged: Record<string, LoggedCall>, seen: Record<string, SeenCall>): LoggedCall | undefined {
  const historyId = call.provisional ? seen[call.callId]?.historyId : null;
  return logged[call.callId] ?? (historyId ? logged[historyId] : undefined);
}

/**
 * A call ended (live) or showed up in Dialpad's history. It becomes one call item, merged with a
 * note written during it and with the same call reported by another tab; a call already logged is
 * not logged again. A call seen live without Dialpad's id waits HISTORY_ID_WAIT_MS for the id its
 * history row gives it (see `recognise`), then is logged under its stable key.
 */
export async function reportFinishedCall(
  received: FinishedCallReport,
  settings: CallLogSettings,
  resolvePerson: () => Promise<PersonResolution>,
  now = Date.now(),
  options: {
    /** A history row from before the sidebar was connected: only recognised as a call seen live, never logged as new. */
    recogniseOnly?: boolean;
    /**
     * Asked once when the report would queue a new write (not a call already queued, logged or
     * noted): false holds it for unusual volume (the reporting tab's write budget, #17).
     */
    admitWrite?: () => Promise<boolean>;
  } = {},
): Promise<IntakeOutcome> {
  const recognised = await recognise(received, now);
  if ('logged' in recognised) return recognised;
  if (options.recogniseOnly) return { logged: false, reason: 'before-connect' };
  const report = recognised;
  const { call } = report;
  if (report.internal || isInternalNumber(call.number, settings.internalNumbers)) return { logged: false, reason: 'internal' };
  // Dialpad writes this call's Task itself; a note on it is a Task of its own (saveNote).
  if (settings.dialpadLogsCalls) return { logged: false, reason: 'dialpad-logs-calls' };

  const key = callKey(call.callId);
  const existing = await withOutbox((items, logged, seen) => ({ item: items[key], logged: loggedAs(call, logged, seen) }));
  const hasNote = existing.item?.kind === 'call' && (existing.item.note !== null || existing.item.subject !== null);
  if (existing.logged && !hasNote) return { logged: false, reason: 'already-logged' };
  if (existing.item?.kind === 'call' && existing.item.call) {
    // Another tab (or the history) already reported it; the first report stands.
    return { logged: true, key, status: existing.item.status };
  }
  if (!hasNote) {
    if (!settings.autoLogging) return { logged: false, reason: 'auto-logging-off' };
    if (call.outcome === 'missed' && !settings.logMissedCalls) return { logged: false, reason: 'missed' };
  }

  const known = existing.item?.kind === 'call' ? existing.item : null;
  const resolution: PersonResolution = known?.person ? { kind: 'matched', person: known.person, relatedTo: known.relatedTo ?? null } : await resolvePerson();

  return withOutbox(async (items, logged, seen): Promise<IntakeOutcome> => {
    const current = items[key];
    if (current?.kind === 'call' && current.call) return { logged: true as const, key, status: current.status };
    // A call never queued before is a new write: the reporting tab's budget says whether it goes or is held.
    const held = current === undefined && options.admitWrite ? !(await options.admitWrite()) : false;
    // Its history row may have been read while Salesforce was asked about the person.
    const historyId = call.provisional ? (seen[call.callId]?.historyId ?? null) : null;
    const historyRow = historyId ? seen[call.callId]?.historyRow : undefined;
    const base: CallItem =
      current?.kind === 'call'
        ? current
        : {
            ...newItemBase(key, now),
            kind: 'call',
            callId: call.callId,
            call: null,
            number: call.number,
            dialpadContactId: report.dialpadContactId,
            person: null,
            relatedTo: null,
            personProblem: null,
            note: null,
            subject: null,
            seenLive: report.seenLive,
            taskId: loggedAs(call, logged, seen)?.taskId ?? null,
          };
    const person = resolution.kind === 'matched' ? resolution.person : base.person;
    // What the user set in the ToDo form stands; otherwise the person's "Related to" now.
    const relatedTo = base.relatedChosen ? (base.relatedTo ?? null) : resolution.kind === 'matched' ? resolution.relatedTo : (base.relatedTo ?? null);
    const item: CallItem = {
      ...base,
      ...(historyId ? { callId: historyId } : {}),
      call: historyId ? namedByRow(call, historyId, historyRow ?? null) : call,
      number: call.number ?? base.number,
      person,
      relatedTo,
      personProblem: person ? null : resolution.kind === 'matched' ? null : resolution.kind,
      status: person ? 'pending' : 'waiting-person',
      // A call without Dialpad's id gives its history row a bounded time to name it.
      nextAttemptAt: call.provisional && !historyId ? now + HISTORY_ID_WAIT_MS : now,
      ...(held ? { held: heldForVolume(now) } : {}),
    };
    items[key] = item;
    return { logged: true as const, key, status: item.status, ...(item.held ? { held: true as const } : {}) };
  });
}

/**
 * The call the note belongs to (T2 during the call, T8 a recent call); `callId` null for an open ToDo
 * (T1). `relatedTo` is settled by the caller: what the form showed, or the person's own.
 */
export type NoteInput = Omit<RequestOf<'saveNote'>, 'type' | 'relatedTo'> & { relatedTo?: RelatedRecord | null; relatedChosen?: boolean };

export interface NoteOptions {
  /** Dialpad logs the call itself: a note on it becomes a completed Task of its own, not the call's. */
  dialpadLogsCalls?: boolean;
  /** Its subject when the user typed none ("Call note" in their language). */
  callNoteSubject?: string;
  /** Over its Dialpad tab's write budget: the item is held for unusual volume until the user releases it (#17). */
  held?: boolean;
}

/** What Salesforce will cut from a note (its limits), so the form can say so before it is sent. */
export function noteWarnings(subject: string, note: string | null): Truncation[] {
  const warnings: Truncation[] = [];
  fit(subject.trim(), SUBJECT_MAX, 'Subject', warnings);
  fit(note?.trim() ?? '', DESCRIPTION_MAX, 'Description', warnings);
  return warnings;
}

/**
 * Saves a ToDo (T1) or a call note (T2, T8). A call note saved again edits the same Task. When Dialpad
 * logs calls itself, a call note is a completed Task of its own ("Call note" unless a subject was
 * typed), saved again as an edit of that Task: the call's own Task is Dialpad's.
 */
export async function saveNote(input: NoteInput, now = Date.now(), options: NoteOptions = {}): Promise<{ key: string; status: ItemStatus; warnings: Truncation[]; held?: true }> {
  const warnings = noteWarnings(input.subject, input.note);
  const saved = await withOutbox<{ key: string; status: ItemStatus; held?: true }>((items, logged) => {
    const written = writeNote(input, now, options, items, logged);
    const item = items[written.key]!;
    if (options.held) item.held = heldForVolume(now);
    return { ...written, ...(item.held ? { held: true as const } : {}) };
  });
  return { ...saved, warnings };
}

/** Writes a ToDo or a call note into the outbox items (under the outbox lock). */
function writeNote(input: NoteInput, now: number, options: NoteOptions, items: Record<string, OutboxItem>, logged: Record<string, LoggedCall>): { key: string; status: ItemStatus } {
  if (input.callId === null) {
    const key = `todo:${now}:${Math.random().toString(36).slice(2, 10)}`;
    items[key] = { ...newItemBase(key, now), kind: 'todo', person: input.person, relatedTo: input.relatedTo ?? null, subject: input.subject, note: input.note };
    return { key, status: 'pending' };
  }
  if (options.dialpadLogsCalls) {
    const written = logged[input.callId];
    if (written) {
      const key = `edit:${written.taskId}`;
      items[key] = { ...newItemBase(key, now), kind: 'edit', taskId: written.taskId, subject: input.subject.trim() || (options.callNoteSubject ?? 'Call note'), note: input.note, person: input.person };
      return { key, status: 'pending' };
    }
    const key = `note:${input.callId}`;
    const current = items[key];
    items[key] = {
      ...(current?.kind === 'todo' ? current : newItemBase(key, now)),
      status: 'pending',
      nextAttemptAt: now,
      kind: 'todo',
      person: input.person,
      relatedTo: input.relatedTo ?? null,
      subject: input.subject.trim() || (options.callNoteSubject ?? 'Call note'),
      note: input.note,
      callNote: { callId: input.callId },
    };
    return { key, status: 'pending' };
  }
  const key = callKey(input.callId);
  const current = items[key];
  const previous = logged[input.callId];
  const item: CallItem =
    current?.kind === 'call'
      ? { ...current }
      : {
          ...newItemBase(key, now, 'waiting-call'),
          kind: 'call',
          callId: input.callId,
          call: previous?.call ?? null,
          number: input.number ?? null,
          dialpadContactId: null,
          person: null,
          personProblem: null,
          note: null,
          subject: null,
          seenLive: true,
          taskId: previous?.taskId ?? null,
        };
  item.person = input.person;
  item.relatedTo = input.relatedTo ?? null;
  item.relatedChosen = input.relatedChosen === true;
  item.personProblem = null;
  item.note = input.note;
  item.subject = input.subject.trim() || null;
  // Waiting for the call to end, unless it already ended (or was logged: then this edits its Task).
  if (item.call || item.taskId) {
    item.status = 'pending';
    item.nextAttemptAt = now;
  } else item.status = 'waiting-call';
  if (item.status === 'pending' && item.lastError?.code === 'NOT_READY') item.lastError = null;
  items[key] = item;
  return { key, status: item.status };
}

/** Edits the subject and notes of a Task shown in Past activity (T7); `held`: over its tab's write budget (#17). */
export async function editTask(input: Omit<RequestOf<'editTask'>, 'type'>, now = Date.now(), held = false): Promise<{ key: string; held?: true }> {
  return withOutbox((items) => {
    const key = `edit:${input.taskId}`;
    // An edit not yet sent is replaced by this one, and stays held if it was.
    const wasHeld = items[key]?.held;
    items[key] = { ...newItemBase(key, now), kind: 'edit', taskId: input.taskId, subject: input.subject, note: input.note, person: input.person };
    const hold = held ? heldForVolume(now) : wasHeld;
    if (hold) items[key].held = hold;
    return { key, ...(hold ? { held: true as const } : {}) };
  });
}

/**
 * The user released writes held for unusual volume (on an extension page): each is sent when it
 * would have been (a call still waiting for its history id goes on waiting). Answers how many.
 */
export async function releaseHeld(keys: readonly string[] | 'all'): Promise<number> {
  return withOutbox((items) => {
    let released = 0;
    for (const item of Object.values(items)) {
      if (!item.held || (keys !== 'all' && !keys.includes(item.key))) continue;
      delete item.held;
      released += 1;
    }
    return released;
  });
}

/** The user picked (or created) the person for a number: every call waiting for it can be logged (T5), related to their deal. */
export async function settlePerson(number: string, person: PersonLink, relatedTo: RelatedRecord | null = null, now = Date.now()): Promise<string[]> {
  const target = normalizePhone(number);
  if (!target) return [];
  return withOutbox((items) => {
    const settled: string[] = [];
    for (const item of Object.values(items)) {
      if (item.kind !== 'call' || item.status !== 'waiting-person' || !item.number) continue;
      if (!samePhone(item.number, target)) continue;
      item.person = person;
      if (!item.relatedChosen) item.relatedTo = relatedTo;
      item.personProblem = null;
      item.status = 'pending';
      item.nextAttemptAt = now;
      settled.push(item.key);
    }
    return settled;
  });
}

/** After reconnecting, or when the user asks: everything waiting or failed is due now. */
export async function retryItems(keys: readonly string[] | 'all', now = Date.now()): Promise<number> {
  return withOutbox((items) => {
    let count = 0;
    let probed = false;
    const oldestFirst = Object.values(items).sort((a, b) => a.createdAt - b.createdAt);
    for (const item of oldestFirst) {
      if (keys !== 'all' && !keys.includes(item.key)) continue;
      if (item.status !== 'failed' && item.status !== 'waiting-reconnect' && item.status !== 'pending') continue;
      item.status = 'pending';
      // A retry keeps the backoff (#17): attempts are never reset, and writes waiting out the org's
      // API limit stay waiting — but the oldest is sent as a probe: if Salesforce answers with room,
      // the rest follow at once (releaseLimitedWrites).
      if (item.lastError?.code !== 'REQUEST_LIMIT_EXCEEDED') item.nextAttemptAt = Math.min(item.nextAttemptAt, now);
      else if (!probed) {
        item.nextAttemptAt = Math.min(item.nextAttemptAt, now);
        probed = true;
      }
      count += 1;
    }
    return count;
  });
}

/** Discarding needs the user's explicit confirmation in the UI; this only removes what was named. */
export async function discardItem(key: string): Promise<boolean> {
  return withOutbox((items) => {
    if (!items[key]) return false;
    delete items[key];
    return true;
  });
}

/** Salesforce answered with room in the org's allowance: writes held back by its limit are due now. */
export async function releaseLimitedWrites(now = Date.now()): Promise<number> {
  return withOutbox((items) => {
    let released = 0;
    for (const item of Object.values(items)) {
      if (item.status !== 'pending' || item.lastError?.code !== 'REQUEST_LIMIT_EXCEEDED' || item.nextAttemptAt <= now) continue;
      item.nextAttemptAt = now;
      released += 1;
    }
    return released;
  });
}

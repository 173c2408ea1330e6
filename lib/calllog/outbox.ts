/**
 * The outbox (B1): every write to Salesforce is first recorded here, in `storage.local`, and
 * leaves only after Salesforce confirmed it. The background may be stopped at any line; whatever
 * it was doing is picked up again from here by the next drain (an alarm, a message, start-up).
 */
import { exclusive as exclusiveUnder } from '../exclusive';
import { storage } from '../storage/item';
import { clearOutboxState, readOutboxState, writeOutboxState, type OutboxState } from './outbox-db';
import type { CallSummary, FinishedCall, ItemStatus, OutboxSummary, PersonLink, Truncation } from '../messaging/calllog-messages';
import type { RelatedRecord } from '../messaging/matching-messages';

export interface ItemError {
  code: string;
  message: string;
  at: number;
}

interface ItemBase {
  key: string;
  status: ItemStatus;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** Set before a create is sent: the create may have reached Salesforce, so look before writing again. */
  maybeSent: boolean;
  /** A drain is sending it until then; a drain that died leaves it to be claimed again after that. */
  inFlightUntil?: number;
  /** Which run of the worker claimed it (see drain.ts). */
  inFlightBy?: string;
  lastError: ItemError | null;
  warnings: Truncation[];
  /** The Salesforce org connected when it was queued: it is written there and nowhere else (#17). */
  orgId?: string | null;
  /**
   * Held for unusual volume: its Dialpad tab was over its write budget (lib/background/write-budget.ts).
   * Never sent while held, whatever its status; only the user releases (or discards) it, on an extension page.
   */
  held?: { reason: 'volume'; at: number };
}

export interface CallItem extends ItemBase {
  kind: 'call';
  callId: string;
  /** Known once the call finished (live reading or call history). */
  call: FinishedCall | null;
  /** The number as Dialpad shows it, to settle the person by a later pick. */
  number: string | null;
  dialpadContactId: string | null;
  person: PersonLink | null;
  /** "Related to" (the Task's WhatId); absent in items queued by an earlier version. */
  relatedTo?: RelatedRecord | null;
  /** The user set "Related to" for this call in the ToDo form: a later default does not replace it. */
  relatedChosen?: boolean;
  /** What is unsettled about the person, when status is waiting-person ('unresolved': Salesforce could not be asked yet). */
  personProblem: 'several' | 'none' | 'unresolved' | null;
  note: string | null;
  subject: string | null;
  /** Seen live in this browser; false for a call found only in Dialpad's call history (T6). */
  seenLive: boolean;
  /** The Task once created: later notes update it instead of creating another (T2, T8). */
  taskId: string | null;
}

export interface TodoItem extends ItemBase {
  kind: 'todo';
  person: PersonLink;
  subject: string;
  note: string | null;
  relatedTo?: RelatedRecord | null;
  /**
   * A note on a call that Dialpad's own integration logs (policy `dialpadLogsCalls`): a completed
   * Task of its own, dated the day it was written; saving again edits it.
   */
  callNote?: { callId: string };
}

export interface EditItem extends ItemBase {
  kind: 'edit';
  person: PersonLink | null;
  taskId: string;
  subject: string;
  note: string | null;
}

export type OutboxItem = CallItem | TodoItem | EditItem;

/** Calls already logged, by Dialpad call id: history reconciliation logs a call once (T6). */
export interface LoggedCall {
  taskId: string;
  whoId: string;
  /** The person's name as the sidebar showed it, so the call strip can say whom the call went to. */
  whoName?: string;
  at: number;
  /** Kept so a note saved after the call rebuilds the same Task (subject, links) around it. */
  call?: FinishedCall;
}

/**
 * A call seen live without Dialpad's id, kept so that its history row, when it shows up, is
 * recognised by number, direction and start time: given its id, or kept internal (T4, T6).
 */
export interface SeenCall {
  /** A call seen live, or a history row filed before its live report arrived (the two race). */
  source: 'live' | 'history';
  /** The key the call was reported under (its outbox item is `call:<key>`): the stable local key, or the row's id. */
  key: string;
  direction: 'inbound' | 'outbound';
  number: string | null;
  startedAt: number;
  /** Live: how long it ran as that tab measured it (absent in entries kept before it was recorded). */
  durationSeconds?: number;
  internal: boolean;
  /** Live: the id its history row gave it, once matched. History: the row's id. */
  historyId: string | null;
  /** History: the live call's key, once its live report arrived. */
  pairedWith?: string;
  /** Live: what its history row said, once matched (a live report still being filed takes it from here). */
  historyRow?: HistoryRow;
  at: number;
}

/** What a history row says of a call beyond its id (see `namedByRow` in intake.ts). */
export type HistoryRow = Pick<FinishedCall, 'outcome' | 'durationSeconds' | 'recordingUrl' | 'voicemailUrl'>;

/**
 * Two live readings (two tabs) of one call start this close, or overlap in time; a call that
 * starts once the last one ended, to the same number, is another call.
 */
export const SAME_LIVE_CALL_START_MS = 10 * 1000;
/** A history row shows its start to the minute ("Today 3:45 pm"): the call began within it. */
export const HISTORY_MINUTE_MS = 60_000;
/** How far a history row's start may be from the live reading's to be the same call. */
export const SAME_CALL_WINDOW_MS = 2 * 60 * 1000;
/** How long a call seen live waits for its history id before it is logged under its stable key. */
export const HISTORY_ID_WAIT_MS = 2 * 60 * 1000;
/** Calls seen live are remembered this long for matching; a history row older than that is not theirs. */
const SEEN_CALL_MEMORY_MS = 3 * 24 * 60 * 60 * 1000;

/** Logged call ids are remembered this long; Dialpad's history view shows far less. */
export const LOGGED_CALL_MEMORY_MS = 90 * 24 * 60 * 60 * 1000;

/** Where an older version kept the outbox: moved into IndexedDB (outbox-db.ts) the first time it is read. */
const legacyItemsItem = storage.defineItem<Record<string, OutboxItem> | null>('local:outbox.items', { fallback: null });
const legacyLoggedItem = storage.defineItem<Record<string, LoggedCall> | null>('local:outbox.loggedCalls', { fallback: null });

/**
 * What the sidebar shows of the outbox (labels, statuses, reasons), published by the background to
 * `storage.local` after each change so the sidebar follows it from the change itself. Only a copy:
 * when storage is full it may lag, the outbox itself does not.
 */
const summaryItem = storage.defineItem<OutboxSummary | null>('local:outbox.summary', { fallback: null });

export function callKey(callId: string): string {
  return `call:${callId}`;
}

/** The outbox, as the background reads it (the extension origin only). */
export async function readOutbox(): Promise<Record<string, OutboxItem>> {
  return (await loadState()).items;
}

/** What the sidebar shows, as last published. */
export async function readOutboxSummary(): Promise<OutboxSummary | null> {
  return summaryItem.getValue();
}

/** Follows the outbox as the background changes it (the sidebar shows it from here); returns the stop. */
export function watchOutbox(onChange: (summary: OutboxSummary) => void): () => void {
  return summaryItem.watch((summary) => onChange(summary ?? summarize({})));
}

/** What the outbox holds, as the sidebar and the popup show it. */
export function summarize(items: Record<string, OutboxItem>, logged: Record<string, LoggedCall> = {}): OutboxSummary {
  const byStatus: OutboxSummary['byStatus'] = { pending: 0, 'waiting-person': 0, 'waiting-call': 0, 'waiting-reconnect': 0, failed: 0 };
  const list = Object.values(items)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((item) => {
      byStatus[item.status] += 1;
      const label = item.kind === 'call' ? (item.call?.name ?? item.number ?? item.callId) : item.subject;
      const base = {
        key: item.key,
        kind: item.kind,
        status: item.status,
        label,
        error: item.lastError?.message ?? null,
        personProblem: item.kind === 'call' ? item.personProblem : null,
        ...(item.held ? { held: true } : {}),
      };
      return item.kind === 'call' ? { ...base, call: item.call ? callSummary(item.callId, item.call) : null, person: item.person?.name ?? null } : base;
    });
  // The call strip says "Logged" with a link to the Task: the last few calls are enough for that.
  const recent = Object.entries(logged)
    .filter(([, entry]) => entry.call)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, SUMMARY_LOGGED_CALLS)
    .map(([callId, entry]) => ({ ...callSummary(callId, entry.call!), taskId: entry.taskId, person: entry.whoName ?? null }));
  return { total: list.length, byStatus, held: list.filter((item) => item.held).length, items: list, logged: recent };
}

/** How many logged calls the published summary names. */
const SUMMARY_LOGGED_CALLS = 10;

function callSummary(callId: string, call: FinishedCall): CallSummary {
  return { callId, direction: call.direction, number: call.number, startedAt: call.startedAt };
}

export async function loggedCalls(): Promise<Record<string, LoggedCall>> {
  return (await loadState()).logged;
}

/**
 * Calls seen live and history rows kept for matching (see SeenCall), for the options page's
 * diagnostics: read from the outbox's database; `watch` looks again every two seconds (IndexedDB
 * has no change events).
 */
export const seenCallsStore = {
  get: async (): Promise<Record<string, SeenCall>> => (await readOutboxState()).seen,
  watch(onChange: (seen: Record<string, SeenCall>) => void): () => void {
    const timer = setInterval(() => void seenCallsStore.get().then(onChange, () => undefined), 2_000);
    return () => clearInterval(timer);
  },
};

/** The outbox state, with what an older version left in `storage.local` moved in (once, under the lock's callers). */
async function loadState(): Promise<OutboxState> {
  const state = await readOutboxState();
  const [legacyItems, legacyLogged] = await Promise.all([legacyItemsItem.getValue(), legacyLoggedItem.getValue()]);
  if (!legacyItems && !legacyLogged) return state;
  const merged = { items: { ...(legacyItems ?? {}), ...state.items }, logged: { ...(legacyLogged ?? {}), ...state.logged }, seen: state.seen };
  await writeOutboxState(merged);
  await storage.removeItems([legacyItemsItem, legacyLoggedItem]);
  return merged;
}

/** The sidebar's copy; a full `storage.local` must not stop the outbox, so a failure here is only logged. */
async function publishSummary(items: Record<string, OutboxItem>, logged: Record<string, LoggedCall>): Promise<void> {
  try {
    await summaryItem.setValue(summarize(items, logged));
  } catch (error) {
    console.error('[sfsd] publishing the outbox summary failed', error);
  }
}

/** Disconnect: queued writes and the memory of logged calls were the org's (#17). */
export async function clearOutbox(): Promise<void> {
  await exclusive(async () => {
    await clearOutboxState();
    await storage.removeItems([summaryItem, legacyItemsItem, legacyLoggedItem]);
  });
}

/**
 * Changes the outbox under one lock, so two Dialpad tabs reporting the same call, an alarm and a
 * message never interleave their read-modify-write. Web Locks work across the worker's events;
 * where they are missing (unit tests in Node) a promise chain does the same within one process.
 */
export async function withOutbox<T>(
  change: (items: Record<string, OutboxItem>, logged: Record<string, LoggedCall>, seen: Record<string, SeenCall>) => T | Promise<T>,
): Promise<T> {
  return exclusive(async () => {
    const { items, logged, seen } = structuredClone(await loadState());
    const before = JSON.stringify([items, logged, seen]);
    const result = await change(items, logged, seen);
    const now = Date.now();
    for (const [callId, entry] of Object.entries(logged)) {
      if (now - entry.at > LOGGED_CALL_MEMORY_MS) delete logged[callId];
    }
    for (const [key, entry] of Object.entries(seen)) {
      if (now - entry.at > SEEN_CALL_MEMORY_MS) delete seen[key];
    }
    if (JSON.stringify([items, logged, seen]) !== before) {
      await writeOutboxState({ items, logged, seen });
      await publishSummary(items, logged);
    }
    return result;
  });
}

const exclusive = <T>(run: () => Promise<T>) => exclusiveUnder('sfsd-outbox', run);

export function newItemBase(key: string, now: number, status: ItemStatus = 'pending'): ItemBase {
  return { key, status, createdAt: now, attempts: 0, nextAttemptAt: now, maybeSent: false, lastError: null, warnings: [] };
}

/** Marks what was just queued with the org it is for (the one connected now), unless already marked. */
export async function stampOrg(key: string, orgId: string | null): Promise<void> {
  if (!orgId) return;
  await withOutbox((items) => {
    const item = items[key];
    if (item && !item.orgId) item.orgId = orgId;
  });
}

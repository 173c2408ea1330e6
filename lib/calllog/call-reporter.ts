/**
 * The content side of call logging (T3, T6, B1): every call that finished in this tab, or showed up
 * in Dialpad's call history, is handed to the background, which logs each call id once. A connected
 * call is kept in `storage.local` while it runs, so a call whose page closed at hang-up is still
 * reported by the next Dialpad page.
 */
import { storage } from '../storage/item';
import { LIVE_STATES } from '../dialpad/call-lifecycle';
import type { ReaderEvent } from '../dialpad/call-source';
import type { CallRecord, CallState, DialpadContact, HistoryEntry } from '../dialpad/types';
import { sameLine } from '../matching/phone';
import type { FinishedCall } from '../messaging/calllog-messages';
import type { RequestOf } from '../messaging/contract';

export type FinishedCallMessage = RequestOf<'callFinished'>;

/**
 * Where a connected call is remembered while it runs, so a call whose end the page never got to
 * report (the tab or the browser closed right at hang-up) is still logged when Dialpad opens again.
 */
export interface LiveCallStore {
  /** `ended`: the call is over and only waits for the background's acknowledgement. */
  save(message: FinishedCallMessage, ended?: boolean): void;
  remove(callId: string): void;
  /** The calls left over from a page that went away, removed from the store. */
  takeLeftovers(): Promise<FinishedCallMessage[]>;
}

/** A tab following a call refreshes its entry at every reading; one untouched for this long has no tab. */
const LEFTOVER_AFTER_MS = 15_000;
/** How often a Dialpad page looks for calls a closed page never reported. */
const LEFTOVER_SWEEP_MS = 30_000;

type Entry = { message: FinishedCallMessage; savedAt: number };
/** Connected calls by Dialpad call id, as they would be logged now; no Salesforce data. */
const liveCallsItem = storage.defineItem<Record<string, Entry>>('local:dialpad.liveCalls', { fallback: {} });

/** Running calls in `storage.local`, shared by Dialpad tabs; changes made by this page are applied in order. */
export function liveCallStore(): LiveCallStore {
  let writes = Promise.resolve();
  const change = <T>(update: (calls: Record<string, Entry>) => T): Promise<T> => {
    const done = writes.then(async () => {
      const calls = await liveCallsItem.getValue();
      const result = update(calls);
      await liveCallsItem.setValue(calls);
      return result;
    });
    writes = done.then(
      () => undefined,
      (error: unknown) => console.error('[sfsd] saving a running call failed', error),
    );
    return done;
  };
  return {
    // An ended call waiting for the background counts as stale at once.
    save: (message, ended) => void change((calls) => void (calls[message.call.callId] = { message, savedAt: ended ? 0 : Date.now() })).catch(() => undefined),
    remove: (callId) => void change((calls) => void delete calls[callId]).catch(() => undefined),
    takeLeftovers: () =>
      change((calls) => {
        const stale = Date.now() - LEFTOVER_AFTER_MS;
        const taken: FinishedCallMessage[] = [];
        for (const [callId, entry] of Object.entries(calls)) {
          if (entry.savedAt > stale) continue;
          taken.push(entry.message);
          delete calls[callId];
        }
        return taken;
      }),
  };
}

export interface CallReporter {
  /** Follows one event of the Dialpad reader. */
  observe(event: ReaderEvent): void;
  /** Reports the calls a closed page never reported, now and every 30 s; returns the stop. */
  start(): () => void;
  collectLeftovers(): void;
}

/** Dialpad's id when a source knows it live; else the call's stable local key (the page shows no id). */
const keyOf = (call: CallRecord) => call.callId ?? call.localId;

export function createCallReporter(
  /** Sends a finished call to the background; resolves true once the background has it. */
  report: (message: FinishedCallMessage) => Promise<boolean>,
  liveStore: LiveCallStore,
): CallReporter {
  let contact: DialpadContact | null = null;
  let live: CallRecord | null = null;

  function finished(call: CallRecord, outcome: FinishedCall['outcome']): FinishedCallMessage {
    return {
      type: 'callFinished',
      call: {
        callId: keyOf(call),
        direction: call.direction,
        number: call.remoteNumber ?? null,
        name: call.remoteName ?? null,
        startedAt: call.startedAt,
        durationSeconds: call.durationSeconds ?? 0,
        outcome,
        // No id yet: the background waits for the one the call's history row gives it.
        ...(call.callId ? {} : { provisional: true }),
      },
      internal: call.internal,
      dialpadContactId: contact && contact.phones.some((p) => sameLine(p.normalized, call.remoteNumber)) ? (contact.dialpadContactId ?? null) : null,
      seenLive: true,
    };
  }

  /** A connected call, as it would be logged if the page went away now. */
  function remember(call: CallRecord): void {
    if (call.connectedAt !== undefined) liveStore.save(finished(call, 'answered'));
  }

  function onCall(call: CallRecord, state: CallState): void {
    if (LIVE_STATES.has(state)) {
      live = call;
      remember(call);
      return;
    }
    live = null;
    const outcome = state === 'ended' ? (call.connectedAt !== undefined ? 'answered' : null) : state === 'missed' ? 'missed' : 'voicemail';
    if (outcome === null) {
      liveStore.remove(keyOf(call));
      return; // an outbound call nobody answered
    }
    deliver(finished(call, outcome));
  }

  /**
   * Kept in the store until the background has it. A send can fail when the worker is stopped
   * right then: it is tried again after 2 s and 6 s, then left to the leftover sweep.
   */
  function deliver(message: FinishedCallMessage, attempt = 0): void {
    // Only what was kept is removed: another report under the same id (a second reading of the
    // call, a missed call) must not drop a connected call the background has not acknowledged.
    const kept = message.call.outcome === 'answered';
    if (kept) liveStore.save(message, true);
    void report(message)
      .catch(() => false)
      .then((delivered) => {
        if (delivered && kept) liveStore.remove(message.call.callId);
        else if (!delivered && attempt < 2) setTimeout(() => deliver(message, attempt + 1), 2000 * (2 * attempt + 1));
      });
  }

  /** Calls a closed page never reported: logged now (the background logs each call id once). */
  function collectLeftovers(): void {
    liveStore.takeLeftovers().then(
      (leftovers) => {
        for (const message of leftovers) if (!live || message.call.callId !== keyOf(live)) deliver(message);
      },
      (error: unknown) => console.error('[sfsd] reading leftover calls failed', error),
    );
  }

  /** A history row goes like a finished call: tried again when the worker was stopped right then. */
  function send(message: FinishedCallMessage, attempt = 0): void {
    report(message)
      .catch(() => false)
      .then((delivered) => {
        if (!delivered && attempt < 2) setTimeout(() => send(message, attempt + 1), 2000 * (2 * attempt + 1));
      })
      .catch((error: unknown) => console.error('[sfsd] reporting a call from the history failed', error));
  }

  function onHistory(entries: HistoryEntry[]): void {
    for (const entry of entries) {
      if (entry.outcome === 'unknown' || !entry.startedAt) continue;
      send({
        type: 'callFinished',
        call: {
          callId: entry.callId,
          direction: entry.direction,
          number: entry.number ?? null,
          name: entry.name ?? null,
          startedAt: Date.parse(entry.startedAt),
          durationSeconds: entry.durationSeconds ?? 0,
          outcome: entry.outcome,
          recordingUrl: entry.recordingUrl ?? null,
          voicemailUrl: entry.voicemailUrl ?? null,
          ...(entry.startedAtPrecise === false ? { startedAtPrecise: false } : {}),
        },
        internal: entry.internal,
        dialpadContactId: null,
        seenLive: false,
      });
    }
  }

  return {
    observe(event) {
      if (event.type === 'contact') contact = event.contact;
      else if (event.type === 'call') onCall(event.call, event.state);
      else if (event.type === 'history') onHistory(event.entries);
      else if (event.type === 'progress' && live) {
        live = event.call;
        remember(event.call);
      }
    },
    collectLeftovers,
    start() {
      collectLeftovers();
      const sweep = setInterval(collectLeftovers, LEFTOVER_SWEEP_MS);
      return () => clearInterval(sweep);
    },
  };
}

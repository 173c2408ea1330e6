import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { CallSource, ReaderHealth } from '../dialpad/call-source';
import type { CallEvent, CallRecord, CallState, DialpadContact, HistoryEntry } from '../dialpad/types';
import type { FinishedCall } from '../messaging/calllog-messages';
import type { RequestOf } from '../messaging/contract';
import type { PersonRef } from '../messaging/matching-messages';

/**
 * Between the Dialpad reader and the sidebar: who is in view (a live call's other party wins over
 * the contact on screen), the live call, the calls the ToDo form can attach to (T8), and the
 * finished calls the background must log. The manual search box stands in when reading fails.
 */
export type FinishedCallMessage = RequestOf<'callFinished'>;

export interface LiveCall {
  state: CallState;
  call: CallRecord;
}

export interface RecentCall {
  callId: string;
  number: string | null;
  name: string | null;
  startedAt: number;
  live: boolean;
}

export interface DialpadBridge {
  contact: ReadonlySignal<DialpadContact | null>;
  live: ReadonlySignal<LiveCall | null>;
  health: ReadonlySignal<ReaderHealth>;
  manualQuery: ReadonlySignal<string | null>;
  /** The person the sidebar matches, or null when nobody (or a coworker) is in view. */
  person: ReadonlySignal<PersonRef | null>;
  /** What the person-area shows as the Dialpad name and company (to prefill Create Contact). */
  displayName: ReadonlySignal<string | null>;
  company: ReadonlySignal<string | null>;
  recentCalls: ReadonlySignal<RecentCall[]>;
  search(query: string | null): void;
  start(): () => void;
  /** Reports the calls a closed page never reported (see LiveCallStore). */
  collectLeftovers(): void;
}

const LIVE: ReadonlySet<CallState> = new Set(['ringing', 'dialing', 'connected', 'on-hold']);
const digits = (value: string | null | undefined) => (value ?? '').replace(/\D/g, '');
/** Two readings of a number are the same line when their last 7 digits agree. */
const sameLine = (a: string | null | undefined, b: string | null | undefined) => digits(a).length >= 7 && digits(a).slice(-7) === digits(b).slice(-7);

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

export function createDialpadBridge(
  source: CallSource,
  /** Sends a finished call to the background; resolves true once the background has it. */
  report: (message: FinishedCallMessage) => Promise<boolean>,
  liveStore?: LiveCallStore,
): DialpadBridge {
  const contact = signal<DialpadContact | null>(null);
  const live = signal<LiveCall | null>(null);
  const health = signal<ReaderHealth>({ ok: true, missing: [] });
  const manualQuery = signal<string | null>(null);
  const history = signal<HistoryEntry[]>([]);
  const endedHere = signal<RecentCall[]>([]);

  const person = computed<PersonRef | null>(() => {
    const query = manualQuery.value?.trim();
    if (query) {
      const isNumber = digits(query).length >= 5 && /^[+\d\s().-]+$/.test(query);
      return isNumber ? { phones: [query], dialpadContactId: null } : { phones: [], text: query, email: query.includes('@') ? query : null };
    }
    const call = live.value;
    const shown = contact.value;
    if (call && !call.call.internal && call.call.remoteNumber) {
      if (shown && !shown.internal && shown.phones.some((p) => sameLine(p.normalized, call.call.remoteNumber))) return personOf(shown);
      return { phones: [call.call.remoteNumber], dialpadContactId: null };
    }
    if (shown && !shown.internal) return personOf(shown);
    return null;
  });

  const displayName = computed(() => (manualQuery.value ? null : (live.value?.call.remoteName ?? contact.value?.name ?? null)));
  const company = computed(() => (manualQuery.value ? null : (contact.value?.company ?? null)));

  const recentCalls = computed<RecentCall[]>(() => {
    const numbers = person.value?.phones ?? [];
    const mine = (number: string | null) => numbers.some((n) => sameLine(n, number));
    const current = live.value && live.value.call.callId ? [{ callId: live.value.call.callId, number: live.value.call.remoteNumber ?? null, name: live.value.call.remoteName ?? null, startedAt: live.value.call.startedAt, live: true }] : [];
    const past = [
      ...endedHere.value,
      ...history.value.map((h) => ({ callId: h.callId, number: h.number ?? null, name: h.name ?? null, startedAt: h.startedAt ? Date.parse(h.startedAt) : 0, live: false })),
    ].filter((c, i, all) => mine(c.number) && all.findIndex((o) => o.callId === c.callId) === i && c.callId !== current[0]?.callId);
    return [...current, ...past.sort((a, b) => b.startedAt - a.startedAt).slice(0, 5)];
  });

  function finished(call: CallRecord, outcome: FinishedCall['outcome']): FinishedCallMessage {
    return {
      type: 'callFinished',
      call: {
        callId: call.callId ?? call.localId,
        direction: call.direction,
        number: call.remoteNumber ?? null,
        name: call.remoteName ?? null,
        startedAt: call.startedAt,
        durationSeconds: call.durationSeconds ?? 0,
        outcome,
      },
      internal: call.internal,
      dialpadContactId: contact.value && contact.value.phones.some((p) => sameLine(p.normalized, call.remoteNumber)) ? (contact.value.dialpadContactId ?? null) : null,
      seenLive: true,
    };
  }

  /** A connected call, as it would be logged if the page went away now. */
  function remember(call: CallRecord): void {
    if (call.connectedAt !== undefined && call.callId) liveStore?.save(finished(call, 'answered'));
  }

  function onCall(event: CallEvent): void {
    const { call, state } = event;
    if (LIVE.has(state)) {
      live.value = { state, call };
      remember(call);
      return;
    }
    live.value = null;
    const outcome = state === 'ended' ? (call.connectedAt !== undefined ? 'answered' : null) : state === 'missed' ? 'missed' : 'voicemail';
    if (outcome === null) {
      if (call.callId) liveStore?.remove(call.callId);
      return; // an outbound call nobody answered
    }
    const message = finished(call, outcome);
    endedHere.value = [{ callId: message.call.callId, number: call.remoteNumber ?? null, name: call.remoteName ?? null, startedAt: call.startedAt, live: false }, ...endedHere.value].slice(0, 10);
    deliver(message);
  }

  /**
   * Kept in the store until the background has it. A send can fail when the worker is stopped
   * right then: it is tried again after 2 s and 6 s, then left to the leftover sweep.
   */
  function deliver(message: FinishedCallMessage, attempt = 0): void {
    // Only what was kept is removed: another report under the same id (a second reading of the
    // call, a missed call) must not drop a connected call the background has not acknowledged.
    const kept = message.call.outcome === 'answered';
    if (kept) liveStore?.save(message, true);
    void report(message).then((delivered) => {
      if (delivered && kept) liveStore?.remove(message.call.callId);
      else if (!delivered && attempt < 2) setTimeout(() => deliver(message, attempt + 1), 2000 * (2 * attempt + 1));
    });
  }

  /** Calls a closed page never reported: logged now (the background logs each call id once). */
  function collectLeftovers(): void {
    void liveStore?.takeLeftovers().then((leftovers) => {
      for (const message of leftovers) if (message.call.callId !== live.value?.call.callId) deliver(message);
    });
  }

  function onHistory(entries: HistoryEntry[]): void {
    history.value = [...entries, ...history.value].slice(0, 200);
    for (const entry of entries) {
      if (entry.outcome === 'unknown' || !entry.startedAt) continue;
      void report({
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
        },
        internal: entry.internal,
        dialpadContactId: null,
        seenLive: false,
      });
    }
  }

  return {
    contact,
    live,
    health,
    manualQuery,
    person,
    displayName,
    company,
    recentCalls,
    search(query) {
      manualQuery.value = query && query.trim() ? query.trim() : null;
    },
    collectLeftovers,
    start() {
      collectLeftovers();
      return source.start((event) => {
        if (event.type === 'contact') contact.value = event.contact;
        else if (event.type === 'call') onCall(event);
        else if (event.type === 'history') onHistory(event.entries);
        else if (event.type === 'progress') {
          if (live.value) {
            live.value = { state: live.value.state, call: event.call };
            remember(event.call);
          }
        }
        else health.value = event.health;
      });
    },
  };
}

function personOf(contact: DialpadContact): PersonRef {
  return {
    phones: contact.phones.map((p) => p.normalized).filter((n) => n.length >= 5).slice(0, 10),
    email: contact.emails[0] ?? null,
    dialpadContactId: contact.dialpadContactId ?? null,
  };
}

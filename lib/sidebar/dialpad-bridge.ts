/**
 * Between the Dialpad reader and the sidebar: who is in view (a live call's other party wins over
 * the contact on screen), the live call and the calls the ToDo form can attach to (T8). The manual
 * search box stands in when reading fails. Reporting finished calls is lib/calllog/call-reporter.ts.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { LIVE_STATES } from '../dialpad/call-lifecycle';
import type { ReaderEvent, ReaderHealth } from '../dialpad/call-source';
import type { CallRecord, CallState, DialpadContact, HistoryEntry } from '../dialpad/types';
import { digitsOf, MIN_DIGITS, sameLine } from '../matching/phone';
import type { PersonRef } from '../messaging/matching-messages';

export interface LiveCall {
  state: CallState;
  call: CallRecord;
}

/** The call the sidebar's call strip follows: the live one, else the last one that ended in this tab. */
export interface CallInView {
  state: CallState;
  call: CallRecord;
  live: boolean;
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
  /** The live call, else the last call that ended in this tab. */
  call: ReadonlySignal<CallInView | null>;
  health: ReadonlySignal<ReaderHealth>;
  manualQuery: ReadonlySignal<string | null>;
  /** Whether the manual search shows: the user asked for it, a search is in effect, or the page cannot be read (B3). */
  searchOpen: ReadonlySignal<boolean>;
  /** The person the sidebar matches, or null when nobody (or a coworker) is in view. */
  person: ReadonlySignal<PersonRef | null>;
  /** What the person-area shows as the Dialpad name and company (to prefill Create Contact). */
  displayName: ReadonlySignal<string | null>;
  company: ReadonlySignal<string | null>;
  /** What the sidebar searches Salesforce for, as Dialpad shows it: the numbers and e-mail, or the search text. */
  searched: ReadonlySignal<string[]>;
  recentCalls: ReadonlySignal<RecentCall[]>;
  search(query: string | null): void;
  /** Opens or closes the manual search (closing also ends a search in effect). */
  toggleSearch(open: boolean): void;
  /** Follows one event of the Dialpad reader. */
  observe(event: ReaderEvent): void;
}

export function createDialpadBridge(): DialpadBridge {
  const contact = signal<DialpadContact | null>(null);
  const live = signal<LiveCall | null>(null);
  const health = signal<ReaderHealth>({ ok: true, missing: [] });
  const manualQuery = signal<string | null>(null);
  const searchAsked = signal(false);
  const lastEnded = signal<CallInView | null>(null);
  const history = signal<HistoryEntry[]>([]);
  const endedHere = signal<RecentCall[]>([]);

  const person = computed<PersonRef | null>(() => {
    const query = manualQuery.value?.trim();
    if (query) {
      const isNumber = digitsOf(query).length >= MIN_DIGITS && /^[+\d\s().-]+$/.test(query);
      return isNumber ? { phones: [query], dialpadContactId: null } : { phones: [], text: query, email: query.includes('@') ? query : null };
    }
    const call = live.value;
    const shown = contact.value;
    if (call && !call.call.internal && call.call.remoteNumber) {
      if (shown && !shown.internal && shown.phones.some((p) => sameLine(p.normalized, call.call.remoteNumber))) return personRefOf(shown);
      return { phones: [call.call.remoteNumber], dialpadContactId: null };
    }
    if (shown && !shown.internal) return personRefOf(shown);
    return null;
  });

  const call = computed<CallInView | null>(() => (live.value ? { ...live.value, live: true } : lastEnded.value));
  const searchOpen = computed(() => searchAsked.value || manualQuery.value !== null || !health.value.ok);

  const searched = computed<string[]>(() => {
    const who = person.value;
    if (!who) return [];
    if (who.text) return [who.text];
    const shown = contact.value?.phones ?? [];
    const asShown = (number: string) => shown.find((phone) => phone.normalized === number)?.display ?? number;
    return [...who.phones.map(asShown), ...(who.email ? [who.email] : [])];
  });

  const displayName = computed(() => (manualQuery.value ? null : (live.value?.call.remoteName ?? contact.value?.name ?? null)));
  const company = computed(() => (manualQuery.value ? null : (contact.value?.company ?? null)));

  const recentCalls = computed<RecentCall[]>(() => {
    const numbers = person.value?.phones ?? [];
    const mine = (number: string | null) => numbers.some((n) => sameLine(n, number));
    // The page shows no call id: a live call is offered under its stable local key.
    const current = live.value ? [{ callId: live.value.call.callId ?? live.value.call.localId, number: live.value.call.remoteNumber ?? null, name: live.value.call.remoteName ?? null, startedAt: live.value.call.startedAt, live: true }] : [];
    // A call ended here is listed under its local key until its history row (same line, start
    // within two minutes) names it: then only the row.
    const named = (c: RecentCall) => history.value.some((h) => h.startedAt && sameLine(h.number, c.number) && Math.abs(Date.parse(h.startedAt) - c.startedAt) <= 120_000);
    const past = [
      ...endedHere.value.filter((c) => !named(c)),
      ...history.value.map((h) => ({ callId: h.callId, number: h.number ?? null, name: h.name ?? null, startedAt: h.startedAt ? Date.parse(h.startedAt) : 0, live: false })),
    ].filter((c, i, all) => mine(c.number) && all.findIndex((o) => o.callId === c.callId) === i && c.callId !== current[0]?.callId);
    return [...current, ...past.sort((a, b) => b.startedAt - a.startedAt).slice(0, 5)];
  });

  function onCall(call: CallRecord, state: CallState): void {
    if (LIVE_STATES.has(state)) {
      live.value = { state, call };
      return;
    }
    live.value = null;
    lastEnded.value = { state, call, live: false };
    // An outbound call nobody answered is no call to write about.
    if (state === 'ended' && call.connectedAt === undefined) return;
    endedHere.value = [{ callId: call.callId ?? call.localId, number: call.remoteNumber ?? null, name: call.remoteName ?? null, startedAt: call.startedAt, live: false }, ...endedHere.value].slice(0, 10);
  }

  return {
    contact,
    live,
    call,
    health,
    manualQuery,
    searchOpen,
    person,
    displayName,
    company,
    searched,
    recentCalls,
    search(query) {
      manualQuery.value = query && query.trim() ? query.trim() : null;
    },
    toggleSearch(open) {
      searchAsked.value = open;
      if (!open) manualQuery.value = null;
    },
    observe(event) {
      if (event.type === 'contact') contact.value = event.contact;
      else if (event.type === 'call') onCall(event.call, event.state);
      else if (event.type === 'history') history.value = [...event.entries, ...history.value].slice(0, 200);
      else if (event.type === 'progress') {
        if (live.value) live.value = { state: live.value.state, call: event.call };
      } else health.value = event.health;
    },
  };
}

/** The person to match for a Dialpad contact: its numbers, first e-mail and Dialpad id. */
function personRefOf(contact: DialpadContact): PersonRef {
  return {
    phones: contact.phones.map((p) => p.normalized).filter((n) => n.length >= MIN_DIGITS).slice(0, 10),
    email: contact.emails[0] ?? null,
    dialpadContactId: contact.dialpadContactId ?? null,
  };
}

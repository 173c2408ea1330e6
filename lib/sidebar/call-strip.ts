/**
 * The call strip's words: what will happen, or what happened, to the call in view in Salesforce.
 * Everything is derived (computed) from state that lives elsewhere — the live call from the reader,
 * the match outcome, the settings in effect, and the outbox summary the background publishes (what
 * waits, and the last calls logged) — plus the one fact only the background knows and keeps
 * nowhere: its answer when the call was reported (why a call was not logged). While the call runs
 * the words are a prediction; once it is reported, the background's answer and the outbox say what
 * is so.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { CallRecord } from '../dialpad/types';
import type { CallSummary, OutboxSummary } from '../messaging/calllog-messages';
import type { ReplyOf } from '../messaging/contract';
import type { PersonRef } from '../messaging/matching-messages';
import { digitsOf, sameLine } from '../matching/phone';
import type { CallInView } from './dialpad-bridge';
import type { MatchView } from './match-model';

export type CallFate =
  /** Matched: the call becomes a Task on this person (or, ended, is on its way there). */
  | { kind: 'will-log'; name: string }
  | { kind: 'logging'; name: string | null }
  | { kind: 'logged'; name: string | null; taskUrl: string | null }
  /** Several people have the number: logged once the user picks (T5). */
  | { kind: 'pick' }
  /** Nobody has the number: logged once the user creates the person (C4). */
  | { kind: 'no-record' }
  | { kind: 'looking-up' }
  /** A search is in view, not the caller: the call goes to whoever Salesforce has for its number. */
  | { kind: 'by-number' }
  /** Waiting for Salesforce (offline, over the API limit, not yet matched): it goes when Salesforce answers. */
  | { kind: 'queued'; reason: string | null }
  | { kind: 'reconnect' }
  | { kind: 'failed'; reason: string | null }
  /** Queued but held for unusual volume (over the tab's write budget): logged once the user releases it. */
  | { kind: 'held' }
  /** Not logged, and why. */
  | { kind: 'internal' }
  /** Dialpad's own Salesforce integration logs the call (policy `dialpadLogsCalls`). */
  | { kind: 'dialpad-logs' }
  | { kind: 'auto-off' }
  | { kind: 'not-connected' }
  | { kind: 'not-answered' }
  | { kind: 'missed-off' }
  | { kind: 'before-connect' };

export interface CallStripView {
  call: CallInView;
  fate: CallFate;
  /** The card of the call's person is in view: "Add note" opens its ToDo form on this call (T2). */
  noteCardId: string | null;
}

/** The background's answer when a finished call was reported. */
export type ReportAnswer = ReplyOf<'callFinished'>;

export interface CallStripDeps {
  call: ReadonlySignal<CallInView | null>;
  /** Who the match model is about, and its answer. */
  matchPerson: ReadonlySignal<PersonRef | null>;
  matchView: ReadonlySignal<MatchView>;
  connected: ReadonlySignal<boolean>;
  settings: ReadonlySignal<{ autoLogging: boolean; logMissedCalls: boolean; internalNumbers: readonly string[]; dialpadLogsCalls?: boolean } | null>;
  /** What the background publishes of the outbox: what waits, and the last calls logged. */
  outbox: ReadonlySignal<OutboxSummary | null>;
  /** The org's address, for the link to a logged call's Task. */
  instanceUrl: ReadonlySignal<string | null>;
}

export interface CallStripModel {
  view: ReadonlySignal<CallStripView | null>;
  /** Records the background's answer to a finished call's report (the reporter calls this). */
  heard(callId: string, answer: ReportAnswer): void;
  /** Hides the strip of a call that ended, until the next call. */
  dismiss(): void;
}

/** The key a call is reported under: Dialpad's id, else the reader's own for this tab (see call-reporter.ts). */
export const reportKeyOf = (call: Pick<CallRecord, 'callId' | 'localId'>): string => call.callId ?? call.localId;

/**
 * Whether an outbox item's or a logged call's record is this tab's report of this call. The key
 * can change after the report (the call's history row gives it Dialpad's id, #15), but the record
 * keeps the start this tab read; another tab's report of the same call is found through the key
 * the background answered with instead.
 */
function sameCall(record: CallRecord, call: CallSummary | null | undefined): boolean {
  return !!call && call.direction === record.direction && call.startedAt === record.startedAt && (call.number === null ? !record.remoteNumber : sameLine(call.number, record.remoteNumber));
}

/** Answers kept: the strip only ever needs the last call's. */
const ANSWERS_KEPT = 20;

/**
 * Whether a number is one of the company's own, as far as the page can tell without phone
 * metadata: exact entries by their last digits, prefixes (`+8150*`) in international spelling and
 * in national spelling (050…, or for +1 the ten digits alone). A prediction only: the background's
 * isInternalNumber (lib/calllog/intake.ts) decides, and the strip then shows its answer.
 */
export function looksInternal(number: string | undefined, internalNumbers: readonly string[]): boolean {
  const digits = digitsOf(number ?? '');
  if (!digits) return false;
  return internalNumbers.some((entry) => {
    if (!entry.endsWith('*')) return digitsOf(entry).length >= 7 && sameLine(entry, digits);
    const prefix = digitsOf(entry.slice(0, -1));
    if (!prefix) return false;
    if (digits.startsWith(prefix)) return true;
    if (!entry.trim().startsWith('+')) return false;
    // North America dials its ten digits without a trunk prefix; elsewhere the country code becomes 0.
    if (prefix.startsWith('1') && digits.length === 10) return digits.startsWith(prefix.slice(1));
    return digits.startsWith('0') && [1, 2, 3].some((length) => prefix.length > length && digits.startsWith(`0${prefix.slice(length)}`));
  });
}

export function createCallStrip(deps: CallStripDeps): CallStripModel {
  const answers = signal<ReadonlyMap<string, ReportAnswer>>(new Map());
  const dismissed = signal<string | null>(null);

  /** The match model's answer, when it is about this call's line (not a search, not the contact on screen). */
  const matchForCall = (record: CallRecord): MatchView | null => {
    const person = deps.matchPerson.value;
    if (!person || person.text || !record.remoteNumber) return null;
    return person.phones.some((phone) => sameLine(phone, record.remoteNumber)) ? deps.matchView.value : null;
  };

  /** The keys a call may be filed under: this tab's, and the one the background answered with. */
  const keysOf = (record: CallRecord): string[] => {
    const answer = answers.value.get(reportKeyOf(record));
    const answered = answer?.ok && answer.logged ? answer.key?.replace(/^call:/, '') : undefined;
    return [reportKeyOf(record), ...(answered ? [answered] : [])];
  };

  type SummaryItem = OutboxSummary['items'][number];
  type LoggedSummary = NonNullable<OutboxSummary['logged']>[number];

  const itemFor = (record: CallRecord): SummaryItem | null => {
    const items = (deps.outbox.value?.items ?? []).filter((item) => item.kind === 'call');
    const keys = keysOf(record).map((key) => `call:${key}`);
    return items.find((item) => keys.includes(item.key)) ?? items.find((item) => sameCall(record, item.call)) ?? null;
  };

  const loggedFor = (record: CallRecord): LoggedSummary | null => {
    const logged = deps.outbox.value?.logged ?? [];
    const keys = keysOf(record);
    return logged.find((entry) => keys.includes(entry.callId)) ?? logged.find((entry) => sameCall(record, entry)) ?? null;
  };

  const taskUrl = (taskId: string): string | null => {
    const base = deps.instanceUrl.value;
    return base ? `${base.replace(/\/+$/, '')}/lightning/r/Task/${taskId}/view` : null;
  };

  function fateOfItem(item: SummaryItem): CallFate {
    if (item.held) return { kind: 'held' };
    switch (item.status) {
      case 'waiting-person':
        return item.personProblem === 'several' ? { kind: 'pick' } : item.personProblem === 'none' ? { kind: 'no-record' } : { kind: 'queued', reason: null };
      case 'waiting-reconnect':
        return { kind: 'reconnect' };
      case 'failed':
        return { kind: 'failed', reason: item.error };
      case 'pending':
        return item.error ? { kind: 'queued', reason: item.error } : { kind: 'logging', name: item.person ?? null };
      case 'waiting-call':
        return { kind: 'logging', name: item.person ?? null };
    }
  }

  function liveFate(record: CallRecord, internal: boolean): CallFate {
    const settings = deps.settings.value;
    if (internal) return { kind: 'internal' };
    if (settings?.dialpadLogsCalls) return { kind: 'dialpad-logs' };
    // A note saved during the call: the call is logged with it, whatever the settings (T2).
    const noted = itemFor(record);
    if (noted?.person) return { kind: 'will-log', name: noted.person };
    if (settings && !settings.autoLogging) return { kind: 'auto-off' };
    if (!deps.connected.value) return { kind: 'not-connected' };
    if (!record.remoteNumber) return { kind: 'no-record' };
    const view = matchForCall(record);
    if (!view) return { kind: 'by-number' };
    switch (view.state) {
      case 'matched':
        return { kind: 'will-log', name: view.card.name };
      case 'several':
        return { kind: 'pick' };
      case 'none':
        return { kind: 'no-record' };
      case 'error':
        return { kind: 'queued', reason: view.error.message };
      default:
        return { kind: 'looking-up' };
    }
  }

  function endedFate(view: CallInView, internal: boolean): CallFate {
    const record = view.call;
    const answer = answers.value.get(reportKeyOf(record));
    const settings = deps.settings.value;
    if (internal) return { kind: 'internal' };
    const logged = loggedFor(record);
    if (logged) return { kind: 'logged', name: logged.person, taskUrl: taskUrl(logged.taskId) };
    const item = itemFor(record);
    if (item) return fateOfItem(item);
    if (answer?.ok && !answer.logged) {
      switch (answer.reason) {
        case 'internal':
          return { kind: 'internal' };
        case 'dialpad-logs-calls':
          return { kind: 'dialpad-logs' };
        case 'auto-logging-off':
          return { kind: 'auto-off' };
        case 'missed':
          return { kind: 'missed-off' };
        case 'not-connected':
          return { kind: 'not-connected' };
        case 'before-connect':
          return { kind: 'before-connect' };
        // 'already-logged' without a logged entry here: logged by another browser; say so plainly.
        default:
          return { kind: 'logged', name: null, taskUrl: null };
      }
    }
    // Not reported yet, or the report failed (it is retried): what the settings say will happen.
    if (view.state === 'ended' && record.connectedAt === undefined) return { kind: 'not-answered' };
    if (settings?.dialpadLogsCalls) return { kind: 'dialpad-logs' };
    if (view.state === 'missed' && settings && !settings.logMissedCalls) return { kind: 'missed-off' };
    if (settings && !settings.autoLogging) return { kind: 'auto-off' };
    const match = matchForCall(record);
    return { kind: 'logging', name: match?.state === 'matched' ? match.card.name : null };
  }

  const view = computed<CallStripView | null>(() => {
    const call = deps.call.value;
    if (!call) return null;
    if (!call.live && dismissed.value === reportKeyOf(call.call)) return null;
    const record = call.call;
    const internal = record.internal || looksInternal(record.remoteNumber, deps.settings.value?.internalNumbers ?? []);
    const fate = call.live ? liveFate(record, internal) : endedFate(call, internal);
    const match = matchForCall(record);
    const noteCardId = call.live && !internal && match?.state === 'matched' ? match.card.id : null;
    return { call, fate, noteCardId };
  });

  return {
    view,
    heard(callId, answer) {
      const next = new Map(answers.value);
      next.delete(callId);
      next.set(callId, answer);
      while (next.size > ANSWERS_KEPT) next.delete(next.keys().next().value!);
      answers.value = next;
    },
    dismiss() {
      const call = deps.call.value;
      if (call && !call.live) dismissed.value = reportKeyOf(call.call);
    },
  };
}

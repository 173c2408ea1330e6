import { drainOutbox, hasDueItems, IN_FLIGHT_MS, type DrainResult, type DrainSettings } from '../calllog/drain';
import {
  discardItem,
  editTask,
  noteWarnings,
  reportFinishedCall,
  releaseLimitedWrites,
  releaseHeld,
  retryItems,
  saveNote,
  settlePerson,
  type CallLogSettings,
  type PersonResolution,
} from '../calllog/intake';
import { HISTORY_MINUTE_MS, loggedCalls, readOutbox, stampOrg, summarize, withOutbox } from '../calllog/outbox';
import { CALL_NOTE_SUBJECTS } from '../calllog/task-fields';
import { applyTaskToCachedCards, cachedCard, relatedChoice } from '../matching/match-store';
import { relatedFor, type RelatedSettings } from '../matching/related';
import { cachedMatch, refreshMatch, type PersonQuery } from '../matching/service';
import type { FinishedCall, PersonLink } from '../messaging/calllog-messages';
import type { Card, RelatedRecord } from '../messaging/matching-messages';
import type { Handlers, Reply } from '../messaging/contract';
import { explain } from '../salesforce/errors';
import type { SalesforceApi } from '../salesforce/rest-api';
import { serveAlongside } from './served-ids';
import { takeWrite } from './write-budget';

/** What the call log needs from the rest of the background. */
export interface CalllogDeps {
  salesforce(): Promise<SalesforceApi>;
  callLogSettings(): Promise<CallLogSettings & DrainSettings & { matching: Pick<PersonQuery, 'region' | 'objects'>; related: RelatedSettings }>;
  failure(error: unknown): Reply<never>;
  /** The session cannot be refreshed: the connection state becomes "needs reconnect". */
  needsReconnect(): Promise<void>;
  /** Wakes the outbox at `when` (an alarm), or cancels the wake-up. */
  wakeAt(when: number | null): Promise<void>;
  /** The connected user's name: the "assigned to" of Tasks the sidebar writes. */
  connectedUserName(): Promise<string | null>;
  /** When the user connected: calls in Dialpad's history from before that are not logged. */
  connectedSince(): Promise<number | null>;
}

export const OUTBOX_ALARM = 'sfsd-outbox';

/** The person's "Related to" for a new call or ToDo: their choice while it is open and allowed, else the default. */
async function relatedOf(card: Card, settings: RelatedSettings): Promise<RelatedRecord | null> {
  return relatedFor(card, await relatedChoice(card.id), settings);
}

/** Who a finished call belongs to (and the deal or case it is related to): the number's remembered pick, else one match, else it waits. */
async function resolvePerson(deps: CalllogDeps, call: FinishedCall, dialpadContactId: string | null): Promise<PersonResolution> {
  if (!call.number) return { kind: 'none' };
  const settings = await deps.callLogSettings();
  const query = { phones: [call.number], dialpadContactId, ...settings.matching };
  try {
    // The person was just on screen during the call: the cache knows them, no request needed.
    const cached = await cachedMatch(query);
    const outcome = cached.outcome?.kind === 'matched' ? cached.outcome : (await refreshMatch(await deps.salesforce(), query)).outcome;
    if (outcome.kind === 'matched') {
      const { card } = outcome;
      return { kind: 'matched', person: { type: card.type, id: card.id, name: card.name }, relatedTo: await relatedOf(card, settings.related) };
    }
    return { kind: outcome.kind };
  } catch {
    // Not connected or offline: the call waits and is matched again on the next drain.
    return { kind: 'unresolved' };
  }
}

/**
 * Sends what is due, refreshes the cards the writes touched (the sidebar repaints them from the
 * cache), and sets the alarm for the next retry. Safe to call at any time, from anywhere.
 */
export async function runOutbox(deps: CalllogDeps): Promise<DrainResult | null> {
  let api: SalesforceApi;
  try {
    api = await deps.salesforce();
  } catch (error) {
    // Salesforce cannot be opened (offline, not connected): what was due says why, so the sidebar
    // shows it queued rather than being sent; the next run (a message, a reconnect) sends it.
    const problem = explain(error);
    const now = Date.now();
    await withOutbox((items) => {
      for (const item of Object.values(items)) {
        if (item.status === 'pending' && !item.held && item.nextAttemptAt <= now) item.lastError = { code: problem.errorCode ?? problem.code, message: problem.message, at: now };
      }
    });
    await deps.wakeAt(null);
    return null;
  }
  // If the worker is stopped mid-send, this alarm wakes it to finish (see drain.ts's claims);
  // the end of the run replaces it with the real next retry.
  await deps.wakeAt(Date.now() + IN_FLIGHT_MS);
  await resolveWaiting(deps);
  const settings = await deps.callLogSettings();
  const result = await drainOutbox(api, settings);
  // A write went through: the allowance has room (again), so writes held back by the limit go now.
  if (result.sent.length && (await releaseLimitedWrites())) {
    const more = await drainOutbox(api, settings);
    result.sent.push(...more.sent);
    result.failed.push(...more.failed);
    result.nextDueAt = more.nextDueAt;
    result.needsReconnect ||= more.needsReconnect;
  }
  if (result.needsReconnect) await deps.needsReconnect();
  // The cards the writes touched show them at once, patched from what was written (no request).
  const owner = await deps.connectedUserName();
  for (const sent of result.sent) {
    if (!sent.personId) continue;
    await applyTaskToCachedCards(sent.personId, { ...sent.task, edit: sent.key.startsWith('edit:') }, owner);
    // The pages that showed this person show the new Task too, and may edit it (T7).
    await serveAlongside(sent.personId, [sent.taskId]);
  }
  // Calls that could not be matched yet (Salesforce unreachable) are tried again in a minute.
  const unresolved = await withOutbox((items) => Object.values(items).some((item) => item.kind === 'call' && item.personProblem === 'unresolved'));
  const retryMatching = unresolved ? Date.now() + 60_000 : null;
  const next = [result.nextDueAt, retryMatching].filter((when): when is number => when !== null);
  await deps.wakeAt(result.needsReconnect ? null : next.length ? Math.min(...next) : null);
  return result;
}

/** Runs the outbox without waiting for it (a message, an alarm, start-up); a failed run is logged and retried by the alarm. */
export function kickOutbox(deps: CalllogDeps): void {
  runOutbox(deps).catch((error: unknown) => console.error('[sfsd] outbox run failed', error));
}

/**
 * The worker just started (an event woke it): what a stopped run left due, including a write it
 * was in the middle of, is sent now rather than at the next alarm. Costs no request when nothing is due.
 */
export function resumeOutbox(deps: CalllogDeps): void {
  hasDueItems().then((due) => {
    if (due) kickOutbox(deps);
  }, (error: unknown) => console.error('[sfsd] outbox resume failed', error));
}

/** Calls that arrived while Salesforce could not be asked are matched now. */
async function resolveWaiting(deps: CalllogDeps): Promise<void> {
  const waiting = await withOutbox((items) =>
    Object.values(items).flatMap((item) =>
      item.kind === 'call' && item.status === 'waiting-person' && item.personProblem === 'unresolved' && item.call
        ? [{ key: item.key, call: item.call, dialpadContactId: item.dialpadContactId }]
        : [],
    ),
  );
  for (const entry of waiting) {
    const resolution = await resolvePerson(deps, entry.call, entry.dialpadContactId);
    if (resolution.kind === 'unresolved') return;
    await withOutbox((items) => {
      const item = items[entry.key];
      if (item?.kind !== 'call' || item.status !== 'waiting-person') return;
      if (resolution.kind === 'matched') {
        item.person = resolution.person;
        item.personProblem = null;
        item.status = 'pending';
        item.nextAttemptAt = Date.now();
      } else item.personProblem = resolution.kind;
    });
  }
}


export type CalllogRequestType = 'callFinished' | 'saveNote' | 'editTask' | 'getOutbox' | 'retryOutbox' | 'discardOutboxItem' | 'releaseHeld';

export function createCalllogHandlers(deps: CalllogDeps): Handlers<CalllogRequestType> {
  const kick = () => kickOutbox(deps);
  return {
    callFinished: async (request, context) => {
      try {
        const since = await deps.connectedSince();
        if (since === null) return { ok: true, logged: false, reason: 'not-connected' };
        // The history shows calls from long before the sidebar was set up: those are not its job. A
        // row shows its start to the minute: a row of the minute the user connected may be a call
        // made after it, and is logged (one made just before is recognised if it was seen live).
        const shownTo = request.call.startedAtPrecise === false ? 0 : HISTORY_MINUTE_MS;
        const beforeConnect = !request.seenLive && request.call.startedAt + shownTo <= since;
        const settings = await deps.callLogSettings();
        // A call newly queued takes a place in the tab's write budget; over it, it is held (#17).
        const outcome = await reportFinishedCall(request, settings, () => resolvePerson(deps, request.call, request.dialpadContactId), Date.now(), {
          recogniseOnly: beforeConnect,
          admitWrite: () => takeWrite(context?.tab ?? null),
        });
        if (outcome.logged) await stampOrg(outcome.key, settings.orgId ?? null);
        if (outcome.logged) kick();
        return { ok: true, ...outcome };
      } catch (error) {
        return deps.failure(error);
      }
    },
    saveNote: async (request, context) => {
      try {
        const settings = await deps.callLogSettings();
        const held = !(await takeWrite(context?.tab ?? null));
        const card = request.person.type === 'Contact' ? await cachedCard(request.person.id) : null;
        // What the form showed is what is written (a Lead never gets one); without it, the person's own.
        const chosen = request.relatedTo !== undefined && request.person.type === 'Contact' && settings.related.relatedTo !== 'none';
        const allowed = (related: RelatedRecord | null) => (related?.type === 'Case' && settings.related.relatedTo !== 'opportunities-and-cases' ? null : related);
        const relatedTo = chosen ? allowed(request.relatedTo ?? null) : card ? await relatedOf(card, settings.related) : null;
        const saved = await saveNote({ ...request, relatedTo, relatedChosen: chosen }, Date.now(), {
          dialpadLogsCalls: settings.dialpadLogsCalls,
          callNoteSubject: CALL_NOTE_SUBJECTS[settings.language],
          held,
        });
        await stampOrg(saved.key, settings.orgId ?? null);
        kick();
        return { ok: true, ...saved };
      } catch (error) {
        return deps.failure(error);
      }
    },
    editTask: async (request, context) => {
      try {
        const edited = await editTask(request, Date.now(), !(await takeWrite(context?.tab ?? null)));
        await stampOrg(edited.key, (await deps.callLogSettings()).orgId ?? null);
        kick();
        return { ok: true, ...edited, warnings: noteWarnings(request.subject, request.note) };
      } catch (error) {
        return deps.failure(error);
      }
    },
    getOutbox: async () => ({ ok: true, outbox: summarize(await readOutbox(), await loggedCalls()) }),
    retryOutbox: async (request) => {
      const retried = await retryItems(request.keys);
      kick();
      return { ok: true, retried };
    },
    discardOutboxItem: async (request) => ({ ok: true, discarded: await discardItem(request.key) }),
    // Extension pages only (callers.ts): the user's decision that a held write is theirs.
    releaseHeld: async (request) => {
      const released = await releaseHeld(request.keys);
      if (released) kick();
      return { ok: true, released };
    },
  };
}

/** A pick or a created person settles every call waiting for that number (T5), related to their deal as their card says. */
export async function settleCallsFor(deps: CalllogDeps, phones: readonly string[], card: Card): Promise<void> {
  const person: PersonLink = { type: card.type, id: card.id, name: card.name };
  const relatedTo = await relatedOf(card, (await deps.callLogSettings()).related);
  let settled = 0;
  for (const phone of phones) settled += (await settlePerson(phone, person, relatedTo)).length;
  if (settled) await runOutbox(deps);
}

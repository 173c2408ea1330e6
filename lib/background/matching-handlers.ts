import type { CountryCode } from 'libphonenumber-js';
import { rememberRelated } from '../matching/match-store';
import { cachedMatch, createPerson, pickRecord, refreshMatch, rematch, type PersonQuery, type ServedOutcome } from '../matching/service';
import type { Handlers, Reply, RequestContext } from '../messaging/contract';
import type { Card, PersonKeys, PersonRef, PersonType, PossibleDuplicates, ServedMatch } from '../messaging/matching-messages';
import type { PortRequest } from '../messaging/sidebar-port';
import type { SalesforceApi } from '../salesforce/rest-api';
import { budgeted } from './read-budget';
import { OverWriteBudget, takeWrite } from './write-budget';

/** What matching needs from the rest of the background: a Salesforce API and two settings. */
export interface MatchingDeps {
  /** A Salesforce API on the current connection; rejects with a reply-shaped error when not connected. */
  salesforce(): Promise<SalesforceApi>;
  matchingSettings(): Promise<{ region?: CountryCode; objects: readonly PersonType[] }>;
  /** Turns any failure into the contract's error reply (not connected, needs reconnect, offline, API limit, …). */
  failure(error: unknown): Reply<never>;
}

export type MatchingRequestType = 'matchPerson' | 'rematchPerson' | 'pickRecord' | 'createPerson' | 'setRelatedTo';

/** What a sidebar's view of a person is answered with, in order: cached, who (a first look-up), fresh. */
export interface ViewAnswers {
  cached(reply: Reply<ServedMatch>): void;
  who(keys: PersonKeys, card: Card): void;
  fresh(reply: Reply<ServedMatch>): void;
}

export interface MatchingService {
  handlers: Handlers<MatchingRequestType>;
  /**
   * The person in view of a sidebar (`lib/background/sidebar-ports.ts`), in one message (#18): the
   * cached outcome is answered at once, then the fresh one; a view of nobody only marks the change.
   */
  view(request: Extract<PortRequest, { type: 'view' }>, context: RequestContext, answers: ViewAnswers): Promise<void>;
}

/** The background's matching handlers (C2–C4, R1–R7); requests arrive already validated. */
export function createMatchingHandlers(deps: MatchingDeps): Handlers<MatchingRequestType> {
  return createMatchingService(deps).handlers;
}

export function createMatchingService(deps: MatchingDeps): MatchingService {
  async function query(person: PersonRef): Promise<PersonQuery> {
    const settings = await deps.matchingSettings();
    return { ...person, region: settings.region, objects: settings.objects };
  }

  /** The API for one request: a Dialpad page's Salesforce requests are admitted by its tab's read budget. */
  async function salesforce(context: RequestContext | undefined, wanted?: () => boolean, opening: Promise<SalesforceApi> = deps.salesforce()): Promise<SalesforceApi> {
    const api = await opening;
    return context?.tab ? budgeted(api, context.tab, wanted) : api;
  }

  /**
   * The person each Dialpad document last asked about, counted: every person change sends a cached
   * request first, so a read for an earlier change is no longer wanted (#17). In memory only: a
   * worker that restarts forgets it, and a read is then merely not cancelled.
   */
  const changes = new Map<string, number>();
  let changeCount = 0;
  function changed(context: RequestContext | undefined): () => boolean {
    const document = context?.document;
    if (!document) return () => true;
    const mine = ++changeCount;
    changes.delete(document);
    changes.set(document, mine);
    if (changes.size > 200) changes.delete(changes.keys().next().value!);
    return () => changes.get(document) === mine;
  }

  /**
   * Fresh reads in flight, by the exact question: the same question asked again before the answer
   * came (by the same page or another tab) waits for that answer instead of asking Salesforce again.
   * The read stops before its next request only when nobody waiting for it still wants it.
   */
  type WhoListener = (keys: PersonKeys, card: Card) => void;
  const inFlight = new Map<string, { wanted: Array<() => boolean>; whos: WhoListener[]; answer: Promise<ServedOutcome> }>();
  function fresh(q: PersonQuery, context: RequestContext | undefined, wanted: () => boolean, onWho?: WhoListener, opening?: Promise<SalesforceApi>): Promise<ServedOutcome> {
    const key = JSON.stringify(q);
    const joined = inFlight.get(key);
    if (joined) {
      joined.wanted.push(wanted);
      if (onWho) joined.whos.push(onWho);
      return joined.answer;
    }
    const wanting = [wanted];
    const whos = onWho ? [onWho] : [];
    const answer = (async () => {
      try {
        // The page paints who it is from the search answer while the card query runs (#18).
        const tell = (keys: PersonKeys, card: Card) => {
          for (const who of whos) who(keys, card);
        };
        return await refreshMatch(await salesforce(context, () => wanting.some((w) => w()), opening), q, Date.now(), { onWho: tell });
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, { wanted: wanting, whos, answer });
    return answer;
  }

  async function guarded<T extends object>(run: () => Promise<T>): Promise<Reply<T>> {
    try {
      return { ok: true, ...(await run()) };
    } catch (error) {
      return deps.failure(error);
    }
  }

  const handlers: Handlers<MatchingRequestType> = {
    matchPerson: (request, context) =>
      guarded(async () => {
        const wanted = changed(context);
        const q = await query(request.person);
        if (request.mode === 'cached') return cachedMatch(q);
        return fresh(q, context, wanted);
      }),
    rematchPerson: (request, context) => guarded(async () => rematch(await salesforce(context), await query(request.person))),
    pickRecord: (request, context) => guarded(async () => pickRecord(await salesforce(context), await query(request.person), request.recordType, request.recordId)),
    // Remembered for the person: their calls and ToDos from now on (lib/matching/related.ts decides what is used).
    setRelatedTo: (request) =>
      guarded(async () => {
        await rememberRelated(request.person.id, request.related);
        return {};
      }),
    // A created person is a write the page causes: it takes a place in the tab's write budget (#17);
    // over it the form keeps what was typed and says why (it cannot wait in the outbox: it needs the card).
    createPerson: (request, context) =>
      guarded<ServedMatch | { duplicates: PossibleDuplicates }>(async () => {
        if (!(await takeWrite(context?.tab ?? null))) throw new OverWriteBudget();
        return createPerson(await salesforce(context), await query(request.person), request.record, { allowDuplicate: request.allowDuplicate });
      }),
  };

  return {
    handlers,
    async view(request, context, answers) {
      const wanted = changed(context);
      if (!request.person) return;
      const person = request.person;
      // The connection opens while the settings are read and the cached answer goes out (#18).
      const opening = request.fresh ? deps.salesforce() : undefined;
      opening?.catch(() => undefined);
      let q: PersonQuery;
      try {
        q = await query(person);
      } catch (error) {
        const failed = deps.failure(error);
        if (request.cached) answers.cached(failed);
        if (request.fresh) answers.fresh(failed);
        return;
      }
      if (request.cached) answers.cached(await guarded(() => cachedMatch(q)));
      if (request.fresh) answers.fresh(await guarded(() => fresh(q, context, wanted, (keys, card) => answers.who(keys, card), opening)));
    },
  };
}

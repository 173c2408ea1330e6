import type { CountryCode } from 'libphonenumber-js';
import { rememberRelated } from '../matching/match-store';
import { cachedMatch, createPerson, pickRecord, refreshMatch, rematch, type PersonQuery } from '../matching/service';
import type { Handlers, Reply, RequestContext } from '../messaging/contract';
import type { PersonRef, PersonType, PossibleDuplicates, ServedMatch } from '../messaging/matching-messages';
import type { SalesforceApi } from '../salesforce/rest-api';
import { budgeted } from './read-budget';

/** What matching needs from the rest of the background: a Salesforce API and two settings. */
export interface MatchingDeps {
  /** A Salesforce API on the current connection; rejects with a reply-shaped error when not connected. */
  salesforce(): Promise<SalesforceApi>;
  matchingSettings(): Promise<{ region?: CountryCode; objects: readonly PersonType[] }>;
  /** Turns any failure into the contract's error reply (not connected, needs reconnect, offline, API limit, …). */
  failure(error: unknown): Reply<never>;
}

export type MatchingRequestType = 'matchPerson' | 'rematchPerson' | 'pickRecord' | 'createPerson' | 'setRelatedTo';

/** The background's matching handlers (C2–C4, R1–R7); requests arrive already validated. */
export function createMatchingHandlers(deps: MatchingDeps): Handlers<MatchingRequestType> {
  async function query(person: PersonRef): Promise<PersonQuery> {
    const settings = await deps.matchingSettings();
    return { ...person, region: settings.region, objects: settings.objects };
  }

  /** The API for one request: a Dialpad page's Salesforce requests are admitted by the read budget. */
  async function salesforce(context: RequestContext | undefined): Promise<SalesforceApi> {
    const api = await deps.salesforce();
    return context?.document !== undefined && context.document !== null ? budgeted(api, context.document) : api;
  }

  async function guarded<T extends object>(run: () => Promise<T>): Promise<Reply<T>> {
    try {
      return { ok: true, ...(await run()) };
    } catch (error) {
      return deps.failure(error);
    }
  }

  return {
    matchPerson: (request, context) =>
      guarded(async () => {
        const q = await query(request.person);
        if (request.mode === 'cached') return cachedMatch(q);
        return refreshMatch(await salesforce(context), q);
      }),
    rematchPerson: (request, context) => guarded(async () => rematch(await salesforce(context), await query(request.person))),
    pickRecord: (request, context) => guarded(async () => pickRecord(await salesforce(context), await query(request.person), request.recordType, request.recordId)),
    // Remembered for the person: their calls and ToDos from now on (lib/matching/related.ts decides what is used).
    setRelatedTo: (request) =>
      guarded(async () => {
        await rememberRelated(request.person.id, request.related);
        return {};
      }),
    createPerson: (request, context) =>
      guarded<ServedMatch | { duplicates: PossibleDuplicates }>(async () =>
        createPerson(await salesforce(context), await query(request.person), request.record, { allowDuplicate: request.allowDuplicate }),
      ),
  };
}

import type { CountryCode } from 'libphonenumber-js';
import { cachedMatch, createPerson, pickRecord, refreshMatch, rematch, type PersonQuery } from '../matching/service';
import type { Handlers, Reply } from '../messaging/contract';
import type { PersonRef, PersonType, PossibleDuplicates, ServedMatch } from '../messaging/matching-messages';
import type { SalesforceApi } from '../salesforce/rest-api';

/** What matching needs from the rest of the background: a Salesforce API and two settings. */
export interface MatchingDeps {
  /** A Salesforce API on the current connection; rejects with a reply-shaped error when not connected. */
  salesforce(): Promise<SalesforceApi>;
  matchingSettings(): Promise<{ region?: CountryCode; objects: readonly PersonType[] }>;
  /** Turns any failure into the contract's error reply (not connected, needs reconnect, offline, API limit, …). */
  failure(error: unknown): Reply<never>;
}

export type MatchingRequestType = 'matchPerson' | 'rematchPerson' | 'pickRecord' | 'createPerson';

/** The background's matching handlers (C2–C4, R1–R7); requests arrive already validated. */
export function createMatchingHandlers(deps: MatchingDeps): Handlers<MatchingRequestType> {
  async function query(person: PersonRef): Promise<PersonQuery> {
    const settings = await deps.matchingSettings();
    return { ...person, region: settings.region, objects: settings.objects };
  }

  async function guarded<T extends object>(run: () => Promise<T>): Promise<Reply<T>> {
    try {
      return { ok: true, ...(await run()) };
    } catch (error) {
      return deps.failure(error);
    }
  }

  return {
    matchPerson: (request) =>
      guarded(async () => {
        const q = await query(request.person);
        if (request.mode === 'cached') return cachedMatch(q);
        return refreshMatch(await deps.salesforce(), q);
      }),
    rematchPerson: (request) => guarded(async () => rematch(await deps.salesforce(), await query(request.person))),
    pickRecord: (request) => guarded(async () => pickRecord(await deps.salesforce(), await query(request.person), request.recordType, request.recordId)),
    createPerson: (request) =>
      guarded<ServedMatch | { duplicates: PossibleDuplicates }>(async () =>
        createPerson(await deps.salesforce(), await query(request.person), request.record, { allowDuplicate: request.allowDuplicate }),
      ),
  };
}

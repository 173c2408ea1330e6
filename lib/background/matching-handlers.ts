import type { CountryCode } from 'libphonenumber-js';
import type { PersonType } from '../matching/queries';
import { cachedMatch, createPerson, pickRecord, refreshMatch, rematch, type PersonQuery, type SalesforceApi } from '../matching/service';
import type { Reply } from '../messaging/contract';
import type { PersonRef, ServedMatch } from '../messaging/matching-messages';

/** What matching needs from the rest of the background: a Salesforce API and two settings. */
export interface MatchingDeps {
  /** A Salesforce API on the current connection; rejects with a reply-shaped error when not connected. */
  salesforce(): Promise<SalesforceApi>;
  matchingSettings(): Promise<{ region?: CountryCode; objects: readonly PersonType[] }>;
  /** Turns any failure into the contract's error reply (not connected, needs reconnect, offline, API limit, …). */
  failure(error: unknown): Reply<never>;
}

type MatchReply = Promise<Reply<ServedMatch>>;

/** The background's matching handlers (C2–C4, R1–R7); requests arrive already validated. */
export function createMatchingHandlers(deps: MatchingDeps) {
  async function query(person: PersonRef): Promise<PersonQuery> {
    const settings = await deps.matchingSettings();
    return { ...person, region: settings.region, objects: settings.objects };
  }

  async function guarded(run: () => Promise<ServedMatch>): MatchReply {
    try {
      return { ok: true, ...(await run()) };
    } catch (error) {
      return deps.failure(error);
    }
  }

  return {
    matchPerson: async (request: { person: PersonRef; mode: 'cached' | 'fresh' }): MatchReply =>
      guarded(async () => {
        const q = await query(request.person);
        if (request.mode === 'cached') return (await cachedMatch(q)) ?? { outcome: null, fromCache: false, storedAt: null };
        return refreshMatch(await deps.salesforce(), q);
      }),
    rematchPerson: async (request: { person: PersonRef }): MatchReply =>
      guarded(async () => rematch(await deps.salesforce(), await query(request.person))),
    pickRecord: async (request: { person: PersonRef; recordType: PersonType; recordId: string }): MatchReply =>
      guarded(async () => pickRecord(await deps.salesforce(), await query(request.person), request.recordType, request.recordId)),
    createPerson: async (request: {
      person: PersonRef;
      record: { type: PersonType; firstName: string; lastName: string; company?: string | null; title?: string | null; phone?: string | null; email?: string | null };
    }): MatchReply => guarded(async () => createPerson(await deps.salesforce(), await query(request.person), request.record)),
  };
}

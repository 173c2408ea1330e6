import type { CountryCode } from 'libphonenumber-js';
import type { Candidate, Card, MatchOutcome, MatchType, PersonType } from '../messaging/matching-messages';
import { canRead, picklistLabel, type OrgFacts } from '../salesforce/org-facts';
import type { SalesforceApi } from '../salesforce/rest-api';
import { cardFromAnswers, parent, text, whoCard } from './card';
import { normalizePhone, samePhone, type NormalizedPhone } from './phone';
import { buildCardReads, buildMatchSearch, buildNameSearch, visiblePhoneFields } from './queries';

/** The Salesforce reads matching needs: the search, the card's reads, and what the user may see. */
export type SalesforceReader = Pick<SalesforceApi, 'instanceUrl' | 'search' | 'query' | 'composite' | 'orgFacts'>;

/** Salesforce's answers that mean the facts are out of date: a field or object the user saw yesterday is gone. */
const STALE_FACTS = new Set(['INVALID_FIELD', 'INVALID_TYPE']);

/**
 * Runs reads with what the org lets the user see (describe, cached a day). When Salesforce refuses a
 * field or an object the facts allowed — an admin changed access since — the facts are read again
 * (one request) and the reads run once more.
 */
export async function withFacts<T>(api: SalesforceReader, run: (facts: OrgFacts) => Promise<T>): Promise<T> {
  const facts = await api.orgFacts();
  try {
    return await run(facts);
  } catch (error) {
    const code = (error as { errorCode?: unknown } | null)?.errorCode;
    if (typeof code !== 'string' || !STALE_FACTS.has(code)) throw error;
    return run(await api.orgFacts({ refresh: true }));
  }
}

export interface MatchQuery {
  phones: readonly string[];
  email?: string | null;
  /** A name typed in the manual search: searched in NAME FIELDS when there is no number or e-mail. */
  text?: string | null;
  region?: CountryCode;
  objects: readonly PersonType[];
  /** A remembered pick for this Dialpad contact/number, checked to still be among the candidates. */
  picked?: { type: MatchType; id: string } | null;
  /** Told who it is as soon as the search settles on one record, before the card query (#18). */
  onWho?: (who: Card) => void;
}

type Json = Record<string, unknown>;

function toCandidate(record: Json): Candidate | null {
  const attributes = record.attributes as Json | undefined;
  const type = attributes?.type;
  const id = text(record, 'Id');
  if ((type !== 'Contact' && type !== 'Lead' && type !== 'Account') || id === null) return null;
  return {
    type,
    id,
    name: text(record, 'Name') ?? '',
    title: text(record, 'Title'),
    company: type === 'Contact' ? text(parent(record, 'Account'), 'Name') : text(record, 'Company'),
    owner: text(parent(record, 'Owner'), 'Name'),
  };
}

const isMatchType = (type: unknown): type is MatchType => type === 'Contact' || type === 'Lead' || type === 'Account';

/** Keeps the search hits whose phone fields (or e-mail) really are this person's; SOSL matches tokens. */
function confirmed(record: Json, phones: readonly NormalizedPhone[], email: string | null, facts: OrgFacts): boolean {
  const type = (record.attributes as Json | undefined)?.type;
  const fields = isMatchType(type) ? visiblePhoneFields(facts, type) : [];
  const storedPhones = fields.map((field) => text(record, field)).filter((value): value is string => value !== null);
  if (storedPhones.some((stored) => phones.some((phone) => samePhone(stored, phone)))) return true;
  const storedEmail = text(record, 'Email');
  return email !== null && storedEmail !== null && storedEmail.toLowerCase() === email.toLowerCase();
}

/** Finds the Salesforce person behind a Dialpad contact: one search, then one card query (B2). */
export function matchPerson(api: SalesforceReader, query: MatchQuery): Promise<MatchOutcome> {
  return withFacts(api, (facts) => matchWith(api, facts, query));
}

async function matchWith(api: SalesforceReader, facts: OrgFacts, query: MatchQuery): Promise<MatchOutcome> {
  const phones = query.phones
    .map((raw) => normalizePhone(raw, query.region))
    .filter((phone): phone is NormalizedPhone => phone !== null);
  const email = query.email?.trim().toLowerCase() || null;
  const name = phones.length === 0 && email === null ? (query.text?.trim() ?? '') : '';
  if (name) return matchByName(api, facts, query, name);
  const sosl = buildMatchSearch({ phones, email, objects: query.objects }, facts);
  const searched = [...phones.map((phone) => phone.e164 ?? phone.raw), ...(email ? [email] : [])];
  if (sosl === null) return { kind: 'none', searched };

  const { searchRecords } = await api.search(sosl);
  const found = ordered(
    searchRecords.filter((record) => confirmed(record, phones, email, facts)),
    query.objects,
  );
  // A number a person has is theirs; a number only an Account has is the company's main line.
  const people = found.filter((candidate) => candidate.type !== 'Account');
  const candidates = people.length ? people : found;

  const picked = query.picked ? candidates.find((c) => c.id === query.picked?.id) : undefined;
  // On a company's line the user may have picked one of its contacts (not a candidate: the number is not theirs).
  if (!picked && query.picked && query.picked.type !== 'Account' && people.length === 0 && candidates.length) {
    const card = await cardWith(api, facts, query.picked.type, query.picked.id).catch((error: unknown) => {
      if (error instanceof RecordGoneError) return null;
      throw error;
    });
    const same = (a: string, b: string | null | undefined) => b !== null && b !== undefined && a.slice(0, 15) === b.slice(0, 15);
    if (card && candidates.some((account) => same(account.id, card.accountId))) return { kind: 'matched', card, candidates, picked: true };
  }
  const chosen = picked ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (chosen && query.onWho) {
    try {
      query.onWho(whoCard(chosen, api.instanceUrl));
    } catch (error) {
      console.warn('[sfsd] the early paint failed; the card follows', error);
    }
  }
  if (chosen) return { kind: 'matched', card: await cardWith(api, facts, chosen.type, chosen.id), candidates, picked: picked !== undefined };
  return candidates.length === 0 ? { kind: 'none', searched } : { kind: 'several', candidates };
}

/** Candidates from search hits, people in the user's priority order, then Accounts. */
function ordered(records: Json[], objects: readonly PersonType[]): Candidate[] {
  const priority = (type: MatchType) => (type === 'Account' ? objects.length : objects.indexOf(type));
  return records
    .map(toCandidate)
    .filter((candidate): candidate is Candidate => candidate !== null)
    .sort((a, b) => priority(a.type) - priority(b.type));
}

/**
 * A name typed in the manual search: one search in NAME FIELDS (people and Accounts), always
 * listed — even a single hit — so that typing costs one request per pause; the user's pick opens
 * the card and is remembered for the text, as any pick.
 */
async function matchByName(api: SalesforceReader, facts: OrgFacts, query: MatchQuery, name: string): Promise<MatchOutcome> {
  const sosl = buildNameSearch(name, query.objects, facts);
  if (sosl === null) return { kind: 'none', searched: [name] };
  const candidates = ordered((await api.search(sosl)).searchRecords, query.objects);
  const picked = query.picked ? candidates.find((c) => c.id === query.picked?.id) : undefined;
  if (picked) return { kind: 'matched', card: await cardWith(api, facts, picked.type, picked.id), candidates, picked: true };
  return candidates.length === 0 ? { kind: 'none', searched: [name] } : { kind: 'several', candidates };
}

/** The whole card of one record in one request; throws RecordGoneError when it is deleted or not shared. */
export function readCard(api: SalesforceReader, type: MatchType, id: string): Promise<Card> {
  return withFacts(api, (facts) => cardWith(api, facts, type, id));
}

type Composed = { referenceId: string; httpStatusCode: number; body: unknown };

/** A Composite subrequest's error as the error jsforce would have thrown (its errorCode decides what happens next). */
function subrequestError(answer: Composed): Error {
  const first = Array.isArray(answer.body) ? (answer.body[0] as { errorCode?: unknown; message?: unknown } | undefined) : undefined;
  const message = typeof first?.message === 'string' ? first.message : `Salesforce answered ${answer.httpStatusCode}`;
  return Object.assign(new Error(message), { errorCode: typeof first?.errorCode === 'string' ? first.errorCode : 'UNKNOWN' });
}

/**
 * A card's reads in one request: the card query alone, or — for a Contact whose account's deals the
 * user may read — the card query and the account's open deals together in one Composite request
 * (which counts as one API request). Failing to read the account's deals leaves them out, not the card.
 */
async function cardWith(api: SalesforceReader, facts: OrgFacts, type: MatchType, id: string): Promise<Card> {
  const reads = buildCardReads(type, id, facts);
  let record: Json | undefined;
  let accountDeals: Json[] = [];
  if (reads.accountDeals === null) {
    record = (await api.query(reads.card)).records[0];
  } else {
    const query = (soql: string) => `query?q=${encodeURIComponent(soql)}`;
    const answers = await api.composite([
      { method: 'GET', url: query(reads.card), referenceId: 'card' },
      { method: 'GET', url: query(reads.accountDeals), referenceId: 'deals' },
    ]);
    const card = answers.find((answer) => answer.referenceId === 'card');
    if (!card || card.httpStatusCode >= 300) throw card ? subrequestError(card) : new Error('Salesforce did not answer the card query.');
    record = ((card.body as { records?: Json[] }).records ?? [])[0];
    const deals = answers.find((answer) => answer.referenceId === 'deals');
    if (deals && deals.httpStatusCode < 300) accountDeals = (deals.body as { records?: Json[] }).records ?? [];
    else console.warn('[sfsd] the account’s open deals could not be read; the card shows the contact’s own', deals?.body);
  }
  if (!record) throw new RecordGoneError(type, id);
  // A Lead converted since it was picked: its activity moved to the Contact it became (one more request).
  if (type === 'Lead' && record.IsConverted === true && typeof record.ConvertedContactId === 'string' && canRead(facts, 'Contact')) {
    return cardWith(api, facts, 'Contact', record.ConvertedContactId);
  }
  return cardFromAnswers({ record, accountDeals, sections: reads.sections, instanceUrl: api.instanceUrl, label: (object, field, value) => picklistLabel(facts, object, field, value) });
}

export class RecordGoneError extends Error {
  constructor(
    readonly type: MatchType,
    readonly id: string,
  ) {
    super(`${type} ${id} no longer exists or is not shared with you`);
    this.name = 'RecordGoneError';
  }
}

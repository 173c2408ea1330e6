import type { CountryCode } from 'libphonenumber-js';
import type { Candidate, Card, MatchOutcome, PersonType } from '../messaging/matching-messages';
import { canRead, type OrgFacts } from '../salesforce/org-facts';
import type { SalesforceApi } from '../salesforce/rest-api';
import { cardFromRecord, parent, text } from './card';
import { normalizePhone, samePhone, type NormalizedPhone } from './phone';
import { buildCardQuery, buildMatchSearch, visiblePhoneFields } from './queries';

/** The Salesforce reads matching needs: the search, the card query, and what the user may see. */
export type SalesforceReader = Pick<SalesforceApi, 'instanceUrl' | 'search' | 'query' | 'orgFacts'>;

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
  region?: CountryCode;
  objects: readonly PersonType[];
  /** A remembered pick for this Dialpad contact/number, checked to still be among the candidates. */
  picked?: { type: PersonType; id: string } | null;
}

type Json = Record<string, unknown>;

function toCandidate(record: Json): Candidate | null {
  const attributes = record.attributes as Json | undefined;
  const type = attributes?.type;
  const id = text(record, 'Id');
  if ((type !== 'Contact' && type !== 'Lead') || id === null) return null;
  return {
    type,
    id,
    name: text(record, 'Name') ?? '',
    title: text(record, 'Title'),
    company: type === 'Contact' ? text(parent(record, 'Account'), 'Name') : text(record, 'Company'),
    owner: text(parent(record, 'Owner'), 'Name'),
  };
}

/** Keeps the search hits whose phone fields (or e-mail) really are this person's; SOSL matches tokens. */
function confirmed(record: Json, phones: readonly NormalizedPhone[], email: string | null, facts: OrgFacts): boolean {
  const type = (record.attributes as Json | undefined)?.type as PersonType;
  const fields = type === 'Contact' || type === 'Lead' ? visiblePhoneFields(facts, type) : [];
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
  const sosl = buildMatchSearch({ phones, email, objects: query.objects }, facts);
  const searched = [...phones.map((phone) => phone.e164 ?? phone.raw), ...(email ? [email] : [])];
  if (sosl === null) return { kind: 'none', searched };

  const { searchRecords } = await api.search(sosl);
  const priority = (type: PersonType) => query.objects.indexOf(type);
  const candidates = searchRecords
    .filter((record) => confirmed(record, phones, email, facts))
    .map(toCandidate)
    .filter((candidate): candidate is Candidate => candidate !== null)
    .sort((a, b) => priority(a.type) - priority(b.type));

  const picked = query.picked ? candidates.find((c) => c.id === query.picked?.id) : undefined;
  const chosen = picked ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (chosen) return { kind: 'matched', card: await cardWith(api, facts, chosen.type, chosen.id), candidates, picked: picked !== undefined };
  return candidates.length === 0 ? { kind: 'none', searched } : { kind: 'several', candidates };
}

/** The whole card of one record in one query; throws RecordGoneError when it is deleted or not shared. */
export function readCard(api: SalesforceReader, type: PersonType, id: string): Promise<Card> {
  return withFacts(api, (facts) => cardWith(api, facts, type, id));
}

async function cardWith(api: SalesforceReader, facts: OrgFacts, type: PersonType, id: string): Promise<Card> {
  const { records } = await api.query(buildCardQuery(type, id, facts));
  const record = records[0];
  if (!record) throw new RecordGoneError(type, id);
  // A Lead converted since it was picked: its activity moved to the Contact it became (one more request).
  if (type === 'Lead' && record.IsConverted === true && typeof record.ConvertedContactId === 'string' && canRead(facts, 'Contact')) {
    return cardWith(api, facts, 'Contact', record.ConvertedContactId);
  }
  return cardFromRecord(record, api.instanceUrl);
}

export class RecordGoneError extends Error {
  constructor(
    readonly type: PersonType,
    readonly id: string,
  ) {
    super(`${type} ${id} no longer exists or is not shared with you`);
    this.name = 'RecordGoneError';
  }
}

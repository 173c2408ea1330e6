import type { CountryCode } from 'libphonenumber-js';
import type { Candidate, Card, MatchOutcome, PersonType } from '../messaging/matching-messages';
import type { SalesforceApi } from '../salesforce/rest-api';
import { cardFromRecord, parent, text } from './card';
import { normalizePhone, samePhone, type NormalizedPhone } from './phone';
import { buildCardQuery, buildMatchSearch, PHONE_FIELDS } from './queries';

/** The two Salesforce reads matching needs. */
export type SalesforceReader = Pick<SalesforceApi, 'instanceUrl' | 'search' | 'query'>;

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
function confirmed(record: Json, phones: readonly NormalizedPhone[], email: string | null): boolean {
  const type = (record.attributes as Json | undefined)?.type as PersonType;
  const fields = PHONE_FIELDS[type] ?? [];
  const storedPhones = fields.map((field) => text(record, field)).filter((value): value is string => value !== null);
  if (storedPhones.some((stored) => phones.some((phone) => samePhone(stored, phone)))) return true;
  const storedEmail = text(record, 'Email');
  return email !== null && storedEmail !== null && storedEmail.toLowerCase() === email.toLowerCase();
}

/** Finds the Salesforce person behind a Dialpad contact: one search, then one card query (B2). */
export async function matchPerson(api: SalesforceReader, query: MatchQuery): Promise<MatchOutcome> {
  const phones = query.phones
    .map((raw) => normalizePhone(raw, query.region))
    .filter((phone): phone is NormalizedPhone => phone !== null);
  const email = query.email?.trim().toLowerCase() || null;
  const sosl = buildMatchSearch({ phones, email, objects: query.objects });
  const searched = [...phones.map((phone) => phone.e164 ?? phone.raw), ...(email ? [email] : [])];
  if (sosl === null) return { kind: 'none', searched };

  const { searchRecords } = await api.search(sosl);
  const priority = (type: PersonType) => query.objects.indexOf(type);
  const candidates = searchRecords
    .filter((record) => confirmed(record, phones, email))
    .map(toCandidate)
    .filter((candidate): candidate is Candidate => candidate !== null)
    .sort((a, b) => priority(a.type) - priority(b.type));

  const picked = query.picked ? candidates.find((c) => c.id === query.picked?.id) : undefined;
  const chosen = picked ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (chosen) return { kind: 'matched', card: await readCard(api, chosen.type, chosen.id), candidates, picked: picked !== undefined };
  return candidates.length === 0 ? { kind: 'none', searched } : { kind: 'several', candidates };
}

/** The whole card of one record in one query; throws RecordGoneError when it is deleted or not shared. */
export async function readCard(api: SalesforceReader, type: PersonType, id: string): Promise<Card> {
  const { records } = await api.query(buildCardQuery(type, id));
  const record = records[0];
  if (!record) throw new RecordGoneError(type, id);
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

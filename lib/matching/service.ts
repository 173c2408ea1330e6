/**
 * Matching as the background serves it: cached paint, refresh, picks, re-search and creating the
 * person. Every function takes the Salesforce API it may use, so the caller decides when a
 * connection is built (and tests run it against the emulator through jsforce).
 */
import type { CountryCode } from 'libphonenumber-js';
import type { Card, MatchOutcome, MatchType, NewPerson, PersonKeys, PersonRef, PersonType, PossibleDuplicates, ServedMatch } from '../messaging/matching-messages';
import { createableFields } from '../salesforce/org-facts';
import {
  cachedOutcome,
  forgetPick,
  personKeys,
  pickOf,
  rememberedPick,
  rememberPick,
  storeOutcome,
} from './match-store';
import type { Duplicates, SalesforceApi } from '../salesforce/rest-api';
import { recordUrls } from './card';
import { matchPerson, readCard, RecordGoneError } from './matcher';
import { normalizePhone } from './phone';

/** The person the sidebar asks about, with the settings that say how to search for them. */
export interface PersonQuery extends Omit<PersonRef, 'phones'> {
  phones: readonly string[];
  region?: CountryCode;
  objects: readonly PersonType[];
}

/** What the background serves, always with an outcome. */
export type ServedOutcome = ServedMatch & { outcome: MatchOutcome };

export function keysOf(query: PersonQuery): PersonKeys {
  const first = query.phones.map((raw) => normalizePhone(raw, query.region)).find((phone) => phone !== null);
  return personKeys({
    dialpadContactId: query.dialpadContactId,
    number: first ? (first.e164 ?? first.national) : null,
    email: query.email,
    text: query.text,
  });
}

/** What the sidebar paints first, with no request at all: the last outcome for this person. */
export async function cachedMatch(query: PersonQuery): Promise<ServedMatch> {
  const keys = keysOf(query);
  const cached = await cachedOutcome(keys);
  return cached ? { outcome: cached.outcome, fromCache: true, storedAt: cached.storedAt, keys } : { outcome: null, fromCache: false, storedAt: null, keys };
}

/**
 * A card read this recently is served as fresh: switching back and forth between people, or a call
 * with the person on screen, costs no request (writes patch the cached card themselves).
 */
export const FRESH_FOR_MS = 2 * 60_000;

/**
 * "Nobody" and "several" are answers too (#17): a number nobody in Salesforce has, viewed again and
 * again, is searched once a minute at most. Creating or picking the person replaces the answer.
 */
export const UNSETTLED_FRESH_FOR_MS = 60_000;

/**
 * The current outcome from Salesforce. A person already matched costs one request (the card
 * query); anyone else costs the search plus, when it settles on one record, the card query.
 */
export async function refreshMatch(
  api: SalesforceApi,
  query: PersonQuery,
  now = Date.now(),
  options: { onWho?: (keys: PersonKeys, card: Card) => void } = {},
): Promise<ServedOutcome> {
  const keys = keysOf(query);
  const cached = await cachedOutcome(keys);
  if (cached && now - cached.storedAt < (cached.outcome.kind === 'matched' ? FRESH_FOR_MS : UNSETTLED_FRESH_FOR_MS)) {
    return { outcome: cached.outcome, fromCache: false, storedAt: cached.storedAt, keys };
  }
  const known = await knownRecord(keys);
  if (known) {
    try {
      const card = await readCard(api, known.type, known.id);
      return await served(keys, { kind: 'matched', card, candidates: known.candidates, picked: known.picked });
    } catch (error) {
      if (!(error instanceof RecordGoneError)) throw error;
      // Deleted or no longer shared: forget it and search again.
      await forgetPick(keys);
    }
  }
  const pick = await rememberedPick(keys);
  const outcome = await matchPerson(api, {
    phones: query.phones,
    email: query.email,
    text: query.text,
    region: query.region,
    objects: query.objects,
    picked: pick ? { type: pick.type, id: pick.id } : null,
    // The page paints who it is from the search answer while the card query runs.
    ...(options.onWho ? { onWho: (card: Card) => options.onWho!(keys, card) } : {}),
  });
  return served(keys, outcome);
}

/** "Not the right person?": forgets the pick and lists every candidate again, even a single one. */
export async function rematch(api: SalesforceApi, query: PersonQuery): Promise<ServedOutcome> {
  const keys = keysOf(query);
  await forgetPick(keys);
  const outcome = await matchPerson(api, { ...query, picked: null });
  const listed: MatchOutcome = outcome.kind === 'matched' ? { kind: 'several', candidates: outcome.candidates } : outcome;
  return served(keys, listed);
}

/**
 * The user picked one of several candidates (C3), or on a company line's card one of its contacts:
 * remembered for this Dialpad contact and number, and its card read in one request.
 */
export async function pickRecord(api: SalesforceApi, query: PersonQuery, type: MatchType, id: string): Promise<ServedOutcome> {
  const keys = keysOf(query);
  const card = await readCard(api, type, id);
  await rememberPick(keys, pickOf(card));
  const cached = await cachedOutcome(keys);
  const candidates =
    cached?.outcome.kind === 'several' || cached?.outcome.kind === 'matched' ? cached.outcome.candidates : [];
  return served(keys, { kind: 'matched', card, candidates, picked: true });
}

/**
 * "Create Contact" / "Create Lead" (C4): the new record becomes this person's match at once. A
 * duplicate rule that stops it answers the records it matched instead (the user picks one, or saves
 * anyway where the rule allows it: `allowDuplicate`). Fields the user may not set (field-level
 * security) are left out rather than failing the create.
 */
export async function createPerson(
  api: SalesforceApi,
  query: PersonQuery,
  person: NewPerson,
  options: { allowDuplicate?: boolean } = {},
): Promise<ServedOutcome | { duplicates: PossibleDuplicates }> {
  const wanted: Record<string, unknown> = { FirstName: person.firstName.trim() || null, LastName: person.lastName.trim() };
  if (person.phone?.trim()) wanted.Phone = person.phone.trim();
  if (person.email?.trim()) wanted.Email = person.email.trim();
  if (person.title?.trim()) wanted.Title = person.title.trim();
  if (person.type === 'Lead') wanted.Company = person.company?.trim() ?? '';
  const facts = await api.orgFacts();
  const settable = createableFields(facts, person.type, Object.keys(wanted));
  // LastName (and a Lead's Company) are required: always sent, so Salesforce names what is missing.
  const fields = Object.fromEntries(Object.entries(wanted).filter(([name]) => settable.has(name) || name === 'LastName' || name === 'Company'));
  let id: string;
  try {
    id = await api.create(person.type, fields, { allowDuplicates: options.allowDuplicate === true });
  } catch (error) {
    const duplicates = (error as { duplicates?: Duplicates } | null)?.duplicates;
    if (duplicates) return { duplicates: possibleDuplicates(duplicates, api.instanceUrl) };
    throw error;
  }
  const card = await readCard(api, person.type, id);
  const keys = keysOf(query);
  await rememberPick(keys, pickOf(card));
  return served(keys, { kind: 'matched', card, candidates: [], picked: true });
}

function possibleDuplicates(duplicates: Duplicates, instanceUrl: string): PossibleDuplicates {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    allowSave: duplicates.allowSave,
    records: duplicates.matches
      .filter((match): match is typeof match & { type: PersonType } => match.type === 'Contact' || match.type === 'Lead')
      .map((match) => ({
        type: match.type,
        id: match.id,
        name: text(match.fields.Name) ?? match.id,
        title: text(match.fields.Title),
        company: text(match.fields.Company),
        owner: null,
        recordUrl: recordUrls(instanceUrl, match.type, match.id).recordUrl,
      })),
  };
}

async function knownRecord(keys: PersonKeys) {
  const cached = await cachedOutcome(keys);
  if (cached?.outcome.kind !== 'matched') return null;
  const { card, candidates, picked } = cached.outcome;
  return { type: card.type, id: card.id, candidates, picked };
}

async function served(keys: PersonKeys, outcome: MatchOutcome): Promise<ServedOutcome> {
  const now = Date.now();
  await storeOutcome(keys, outcome, now);
  return { outcome, fromCache: false, storedAt: now, keys };
}

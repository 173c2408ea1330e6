/** The record card (R1–R7) from what the card's reads return, reduced to what the sidebar shows. */
import type { Candidate, Card, CardCase, CardContact, CardDeal, CardTask, MatchType } from '../messaging/matching-messages';
import { ACTIVITY_LIMIT, PHONE_FIELDS, RELATED_LIMIT, type CardSections } from './queries';

type Json = Record<string, unknown>;

/** A text field of a record from Salesforce's JSON, or null when empty or absent. */
export function text(record: Json | null | undefined, field: string): string | null {
  const value = record?.[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A related record (`Account`, `Owner`) from Salesforce's JSON, or null. */
export function parent(record: Json | null | undefined, field: string): Json | null {
  const value = record?.[field];
  return value !== null && typeof value === 'object' ? (value as Json) : null;
}

function children(record: Json, relationship: string): Json[] {
  const value = parent(record, relationship);
  return Array.isArray(value?.records) ? (value.records as Json[]) : [];
}

/** A picklist value as the user reads it (`picklistLabel` of the org's facts); the value itself when unknown. */
export type LabelOf = (object: string, field: string, value: string) => string;
const asIs: LabelOf = (_object, _field, value) => value;

/** A picklist field of a record, as its label. */
function labelled(row: Json, object: string, field: string, label: LabelOf): string | null {
  const value = text(row, field);
  return value === null ? null : label(object, field, value);
}

function toTask(row: Json, label: LabelOf): CardTask {
  const duration = row.CallDurationInSeconds;
  return {
    id: text(row, 'Id') ?? '',
    subject: text(row, 'Subject') ?? '',
    dueDate: text(row, 'ActivityDate'),
    status: labelled(row, 'Task', 'Status', label),
    assignedTo: text(parent(row, 'Owner'), 'Name'),
    callType: text(row, 'CallType'),
    durationSeconds: typeof duration === 'number' ? duration : null,
    description: text(row, 'Description'),
  };
}

/** The Lightning page of any record, opened in a new tab. */
export function recordUrl(instanceUrl: string, type: string, id: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}/lightning/r/${type}/${id}/view`;
}

/** Lightning pages of the record and of its activity history, opened in a new tab (R4, R7). */
/** The "who" part of a card from a search hit (#18): what the sidebar shows while the card query runs. */
export function whoCard(candidate: Candidate, instanceUrl: string): Card {
  return {
    type: candidate.type,
    id: candidate.id,
    name: candidate.name,
    owner: candidate.owner,
    title: candidate.title,
    company: candidate.company,
    stage: null,
    email: null,
    phones: [],
    nextSteps: [],
    pastActivity: [],
    opportunities: [],
    cases: [],
    contacts: [],
    sections: { opportunities: false, cases: false, contacts: false },
    ...recordUrls(instanceUrl, candidate.type, candidate.id),
    partial: true,
  };
}

export function recordUrls(instanceUrl: string, type: MatchType, id: string): { recordUrl: string; activityUrl: string } {
  return {
    recordUrl: recordUrl(instanceUrl, type, id),
    activityUrl: `${instanceUrl.replace(/\/+$/, '')}/lightning/r/${type}/${id}/related/ActivityHistories/view`,
  };
}

/** The Tasks of an activity relationship, in Salesforce's order: Events (which the query may not filter out) left out. */
function tasks(record: Json, relationship: string, label: LabelOf): CardTask[] {
  return children(record, relationship)
    .filter((row) => row.IsTask !== false)
    .slice(0, ACTIVITY_LIMIT)
    .map((row) => toTask(row, label));
}

function toDeal(row: Json, role: boolean, instanceUrl: string, label: LabelOf): CardDeal | null {
  const id = text(row, 'Id');
  return id ? { id, name: text(row, 'Name') ?? id, stage: labelled(row, 'Opportunity', 'StageName', label), closeDate: text(row, 'CloseDate'), role, url: recordUrl(instanceUrl, 'Opportunity', id) } : null;
}

function toCase(row: Json, instanceUrl: string, label: LabelOf): CardCase | null {
  const id = text(row, 'Id');
  return id ? { id, caseNumber: text(row, 'CaseNumber') ?? '', subject: text(row, 'Subject'), status: labelled(row, 'Case', 'Status', label), url: recordUrl(instanceUrl, 'Case', id) } : null;
}

function toContact(row: Json, instanceUrl: string): CardContact | null {
  const id = text(row, 'Id');
  return id ? { id, name: text(row, 'Name') ?? id, title: text(row, 'Title'), phone: text(row, 'Phone') ?? text(row, 'MobilePhone'), url: recordUrl(instanceUrl, 'Contact', id) } : null;
}

const present = <T>(value: T | null): value is T => value !== null;

/**
 * A person's open deals: those their contact roles name first (most recently changed first — the
 * first is R3's stage and the deal a call defaults to), then the rest of their account's.
 */
function contactDeals(record: Json, accountDeals: Json[], instanceUrl: string, label: LabelOf): CardDeal[] {
  const viaRoles = children(record, 'OpportunityContactRoles').map((role) => toDeal(parent(role, 'Opportunity') ?? {}, true, instanceUrl, label));
  const deals = viaRoles.filter(present);
  for (const deal of accountDeals.map((row) => toDeal(row, false, instanceUrl, label)).filter(present)) {
    if (!deals.some((known) => known.id === deal.id)) deals.push(deal);
  }
  return deals.slice(0, RELATED_LIMIT);
}

export interface CardAnswers {
  /** The card query's one record. */
  record: Json;
  /** A Contact's account's open deals (the Composite request's second answer). */
  accountDeals?: Json[];
  sections: CardSections;
  instanceUrl: string;
  /** Picklist values as the user reads them (default: the values). */
  label?: LabelOf;
}

/**
 * The card of a record as its reads answer it. A field the user may not see is absent from the
 * answer, and so from the card (null, or no phone); a list they may not read is marked so in `sections`.
 */
export function cardFromAnswers({ record, accountDeals = [], sections, instanceUrl, label = asIs }: CardAnswers): Card {
  const kind = parent(record, 'attributes')?.type;
  const type: MatchType = kind === 'Lead' || kind === 'Account' ? kind : 'Contact';
  const id = text(record, 'Id') ?? '';
  const opportunities =
    type === 'Contact' ? contactDeals(record, accountDeals, instanceUrl, label) : type === 'Account' ? children(record, 'Opportunities').map((row) => toDeal(row, false, instanceUrl, label)).filter(present) : [];
  return {
    type,
    id,
    name: text(record, 'Name') ?? '',
    owner: text(parent(record, 'Owner'), 'Name'),
    title: type === 'Account' ? null : text(record, 'Title'),
    company: type === 'Contact' ? text(parent(record, 'Account'), 'Name') : type === 'Lead' ? text(record, 'Company') : null,
    accountId: type === 'Contact' ? text(record, 'AccountId') : null,
    stage: type === 'Lead' ? labelled(record, 'Lead', 'Status', label) : (opportunities[0]?.stage ?? null),
    email: text(record, 'Email'),
    phones: PHONE_FIELDS[type].map((field) => text(record, field)).filter((phone): phone is string => phone !== null),
    nextSteps: tasks(record, 'OpenActivities', label),
    pastActivity: tasks(record, 'ActivityHistories', label),
    opportunities,
    cases: children(record, 'Cases').map((row) => toCase(row, instanceUrl, label)).filter(present),
    contacts: children(record, 'Contacts').map((row) => toContact(row, instanceUrl)).filter(present),
    sections,
    ...recordUrls(instanceUrl, type, id),
  };
}

/** A card cached before this version knew deals, cases and contacts: the lists it lacks are empty and unknown. */
export function withCardDefaults(card: Card): Card {
  return {
    ...card,
    opportunities: card.opportunities ?? [],
    cases: card.cases ?? [],
    contacts: card.contacts ?? [],
    sections: card.sections ?? { opportunities: false, cases: false, contacts: false },
  };
}

/**
 * The matching part of the message contract (C2–C4, R1–R7): the content script names a person the
 * way Dialpad shows them; the background answers with Salesforce's view of them. Region and object
 * priority come from settings in the background, never from the page.
 */
import * as v from 'valibot';

export const salesforceId = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'Not a Salesforce record id'));
export const personType = v.picklist(['Contact', 'Lead']);
/** What a number or a name can be matched to: a person, or a company (an Account, by its main line or its name). */
export const matchType = v.picklist(['Contact', 'Lead', 'Account']);
/** The records a call can belong to besides the person (Task.WhatId): a deal or a case. */
export const relatedType = v.picklist(['Opportunity', 'Case']);

/** The Salesforce people a Dialpad contact can be matched to (and created as). */
export type PersonType = v.InferOutput<typeof personType>;
/** A person or a company: what a card, a candidate and a pick are. */
export type MatchType = v.InferOutput<typeof matchType>;
export type RelatedType = v.InferOutput<typeof relatedType>;

export const personSchema = v.strictObject({
  dialpadContactId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(128)))),
  phones: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(10)),
  email: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(254)))),
  text: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
});
/** The person the sidebar asks about: a Dialpad contact, a call's remote party or a manual search. */
export type PersonRef = v.InferOutput<typeof personSchema>;

const newPersonSchema = v.strictObject({
  type: personType,
  // Salesforce's own lengths: FirstName 40, LastName 80, Company 255, Title 128, Phone 40, Email 80.
  firstName: v.pipe(v.string(), v.maxLength(40)),
  lastName: v.pipe(v.string(), v.trim(), v.nonEmpty('Last name is required'), v.maxLength(80)),
  // Required for a Lead (Salesforce's rule); the Contact form has none, it is not an Account.
  company: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
  title: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(128)))),
  phone: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(40)))),
  email: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(80)))),
});
/** "Create Contact" / "Create Lead" (C4): what the form sends. */
export type NewPerson = v.InferOutput<typeof newPersonSchema>;

export const matchingRequestSchemas = {
  /** `cached`: the last outcome only, no request (null when none); `fresh`: from Salesforce. */
  matchPerson: v.strictObject({ type: v.literal('matchPerson'), person: personSchema, mode: v.picklist(['cached', 'fresh']) }),
  /** "Not the right person?": forget the pick and list every candidate. */
  rematchPerson: v.strictObject({ type: v.literal('rematchPerson'), person: personSchema }),
  /** A candidate, or on a company's card one of its contacts. */
  pickRecord: v.strictObject({ type: v.literal('pickRecord'), person: personSchema, recordType: matchType, recordId: salesforceId }),
  /**
   * "Related to" for this person from now on (null: nothing): remembered, used by their calls and
   * ToDos. The person and the record are given as the card showed them.
   */
  setRelatedTo: v.strictObject({
    type: v.literal('setRelatedTo'),
    person: v.strictObject({ type: matchType, id: salesforceId }),
    related: v.nullable(v.strictObject({ type: relatedType, id: salesforceId, name: v.pipe(v.string(), v.maxLength(255)) })),
  }),
  /** `allowDuplicate`: save although a duplicate rule alerted (the user chose to, after seeing the duplicates). */
  createPerson: v.strictObject({ type: v.literal('createPerson'), person: personSchema, record: newPersonSchema, allowDuplicate: v.optional(v.boolean()) }),
} as const;

/** A Task on the card (R5 Next steps, R6 Past activity). */
export interface CardTask {
  id: string;
  subject: string;
  dueDate: string | null;
  status: string | null;
  assignedTo: string | null;
  callType: string | null;
  durationSeconds: number | null;
  description: string | null;
  /** The description is a preview (the cached card keeps only its start): not edited from there. */
  descriptionCut?: boolean;
}

/** An open deal on the card. */
export interface CardDeal {
  id: string;
  name: string;
  stage: string | null;
  closeDate: string | null;
  /** Named by this person's contact role (else it is their account's). */
  role: boolean;
  url: string;
}

/** An open case on the card. */
export interface CardCase {
  id: string;
  caseNumber: string;
  subject: string | null;
  status: string | null;
  url: string;
}

/** One of a company's contacts, to pick the person on its main line. */
export interface CardContact {
  id: string;
  name: string;
  title: string | null;
  phone: string | null;
  url: string;
}

/** The record card (R1–R7) as plain data; everything in it is rendered as text. */
export interface Card {
  type: MatchType;
  id: string;
  name: string;
  owner: string | null;
  title: string | null;
  company: string | null;
  /** A Contact's Account (its company), when the user may see it. */
  accountId?: string | null;
  /**
   * The stage of the first open deal (a Contact's: their contact role's most recently changed, else
   * their account's; an Account's: its most recently changed) — the deal a call defaults to — or the
   * lead's status (Lead).
   */
  stage: string | null;
  email: string | null;
  phones: string[];
  nextSteps: CardTask[];
  pastActivity: CardTask[];
  /** Open deals: a Contact's through contact roles first, then the rest of their account's; an Account's own. */
  opportunities: CardDeal[];
  /** Open cases of the Contact or the Account. */
  cases: CardCase[];
  /** An Account's contacts (a company line's card); empty for people. */
  contacts: CardContact[];
  /** Which lists this user may read: a list they cannot is left out of the card, not shown empty. */
  sections: { opportunities: boolean; cases: boolean; contacts: boolean };
  recordUrl: string;
  activityUrl: string;
  /**
   * Only the "who" part (#18): name, type, owner, title and company from the search answer, painted
   * while the card query reads the rest (stage, lists). Never cached, never a record the page may act on.
   */
  partial?: boolean;
}

/** A deal or a case a Task is about (its WhatId), with the name the sidebar shows. */
export interface RelatedRecord {
  type: RelatedType;
  id: string;
  name: string;
}

/** One person (or company) a number, e-mail or name may belong to, as listed when there are several (C3). */
export interface Candidate {
  type: MatchType;
  id: string;
  name: string;
  title: string | null;
  company: string | null;
  owner: string | null;
}

/** A record a duplicate rule matched when creating a person, with a link to open it in Salesforce. */
export interface PossibleDuplicate extends Candidate {
  type: PersonType;
  recordUrl: string;
}

/** A create a duplicate rule stopped: what it matched, and whether the rule lets the user save anyway. */
export interface PossibleDuplicates {
  allowSave: boolean;
  records: PossibleDuplicate[];
}

export type MatchOutcome =
  | { kind: 'none'; searched: string[] }
  | { kind: 'matched'; card: Card; candidates: Candidate[]; picked: boolean }
  | { kind: 'several'; candidates: Candidate[] };

/** Who is being matched, as keys of matching's cache: the Dialpad contact (if the page shows its id) and the number. */
export interface PersonKeys {
  /** `<dialpad contact id>|<number>`: the pick for exactly this contact and number. */
  exact: string;
  /** `*|<number>` (or the e-mail or search text without a number): the last pick for this number, used by call logging. */
  shared: string;
}

export interface ServedMatch {
  /** Null only for a `cached` request with nothing cached. */
  outcome: MatchOutcome | null;
  /** True when the outcome is the cached one, painted before any request; a refresh follows. */
  fromCache: boolean;
  storedAt: number | null;
  /** Where this person's outcome is cached: the sidebar repaints from there when the background changes it. */
  keys: PersonKeys;
}

export interface MatchingReplyPayloads {
  setRelatedTo: object;
  matchPerson: ServedMatch;
  rematchPerson: ServedMatch;
  pickRecord: ServedMatch;
  /** The new person's card, or the duplicates a duplicate rule found (nothing was created). */
  createPerson: ServedMatch | { duplicates: PossibleDuplicates };
}

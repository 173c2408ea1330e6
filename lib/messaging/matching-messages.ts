/**
 * The matching part of the message contract (C2–C4, R1–R7): the content script names a person the
 * way Dialpad shows them; the background answers with Salesforce's view of them. Region and object
 * priority come from settings in the background, never from the page.
 */
import * as v from 'valibot';

export const salesforceId = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'Not a Salesforce record id'));
export const personType = v.picklist(['Contact', 'Lead']);

/** The Salesforce objects a Dialpad contact can be matched to. */
export type PersonType = v.InferOutput<typeof personType>;

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
  pickRecord: v.strictObject({ type: v.literal('pickRecord'), person: personSchema, recordType: personType, recordId: salesforceId }),
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

/** The record card (R1–R7) as plain data; everything in it is rendered as text. */
export interface Card {
  type: PersonType;
  id: string;
  name: string;
  owner: string | null;
  title: string | null;
  company: string | null;
  /** The stage of the most recent open opportunity (Contact) or the lead's status (Lead). */
  stage: string | null;
  email: string | null;
  phones: string[];
  nextSteps: CardTask[];
  pastActivity: CardTask[];
  recordUrl: string;
  activityUrl: string;
}

/** One person a number or e-mail may belong to, as listed when there are several (C3). */
export interface Candidate {
  type: PersonType;
  id: string;
  name: string;
  title: string | null;
  company: string | null;
  owner: string | null;
}

/** A record a duplicate rule matched when creating a person, with a link to open it in Salesforce. */
export interface PossibleDuplicate extends Candidate {
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
  matchPerson: ServedMatch;
  rematchPerson: ServedMatch;
  pickRecord: ServedMatch;
  /** The new person's card, or the duplicates a duplicate rule found (nothing was created). */
  createPerson: ServedMatch | { duplicates: PossibleDuplicates };
}

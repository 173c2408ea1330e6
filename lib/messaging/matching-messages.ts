import * as v from 'valibot';
import type { Card } from '../matching/card';
import type { MatchOutcome } from '../matching/matcher';

/**
 * The matching part of the message contract (C2–C4, R1–R7): the content script names a person the
 * way Dialpad shows them; the background answers with Salesforce's view of them. Region and object
 * priority come from settings in the background, never from the page.
 */
const salesforceId = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'Not a Salesforce record id'));
const personType = v.picklist(['Contact', 'Lead']);

export const personSchema = v.strictObject({
  dialpadContactId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(128)))),
  phones: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(10)),
  email: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(254)))),
  text: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
});
export type PersonRef = v.InferOutput<typeof personSchema>;

const newPersonSchema = v.strictObject({
  type: personType,
  // Salesforce's own lengths: FirstName 40, LastName 80, Company 255, Title 128, Phone 40, Email 80.
  firstName: v.pipe(v.string(), v.maxLength(40)),
  lastName: v.pipe(v.string(), v.trim(), v.nonEmpty('Last name is required'), v.maxLength(80)),
  company: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
  title: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(128)))),
  phone: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(40)))),
  email: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(80)))),
});

export const matchingRequestSchemas = {
  /** `cached`: the last outcome only, no request (null when none); `fresh`: from Salesforce. */
  matchPerson: v.strictObject({ type: v.literal('matchPerson'), person: personSchema, mode: v.picklist(['cached', 'fresh']) }),
  /** "Not the right person?": forget the pick and list every candidate. */
  rematchPerson: v.strictObject({ type: v.literal('rematchPerson'), person: personSchema }),
  pickRecord: v.strictObject({ type: v.literal('pickRecord'), person: personSchema, recordType: personType, recordId: salesforceId }),
  createPerson: v.strictObject({ type: v.literal('createPerson'), person: personSchema, record: newPersonSchema }),
} as const;

export interface ServedMatch {
  outcome: MatchOutcome | null;
  fromCache: boolean;
  storedAt: number | null;
}

export interface MatchingReplyPayloads {
  matchPerson: ServedMatch;
  rematchPerson: ServedMatch;
  pickRecord: ServedMatch;
  createPerson: ServedMatch;
}

export type { Card, MatchOutcome };

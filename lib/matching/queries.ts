import { assertSalesforceId, soslPhrase } from './escape';
import type { PersonType } from '../messaging/matching-messages';
import { phoneSearchTerms, type NormalizedPhone } from './phone';

export const PHONE_FIELDS: Record<PersonType, readonly string[]> = {
  Contact: ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone'],
  Lead: ['Phone', 'MobilePhone'],
};

const LIST_FIELDS: Record<PersonType, readonly string[]> = {
  Contact: ['Id', 'Name', 'Title', 'Account.Name', 'Owner.Name', 'Email', ...PHONE_FIELDS.Contact],
  Lead: ['Id', 'Name', 'Title', 'Company', 'Status', 'Owner.Name', 'Email', ...PHONE_FIELDS.Lead],
};

/** How many candidates one search returns per object; more than this is not a match, it is a list. */
export const MATCH_LIMIT = 20;

export interface MatchInput {
  phones: readonly NormalizedPhone[];
  email?: string | null;
  objects: readonly PersonType[];
}

/**
 * One SOSL search for every spelling of every number (and the e-mail), across the objects in
 * priority order. With an e-mail the scope must be ALL FIELDS, since SOSL has one scope per search;
 * candidates are confirmed locally either way.
 */
export function buildMatchSearch(input: MatchInput): string | null {
  const terms = new Set<string>();
  for (const phone of input.phones) for (const term of phoneSearchTerms(phone)) terms.add(soslPhrase(term));
  const email = input.email?.trim();
  if (email) terms.add(soslPhrase(email));
  if (terms.size === 0 || input.objects.length === 0) return null;
  const scope = email ? 'ALL FIELDS' : 'PHONE FIELDS';
  const returning = input.objects.map((type) => `${type}(${LIST_FIELDS[type].join(', ')} LIMIT ${MATCH_LIMIT})`);
  return `FIND {${[...terms].join(' OR ')}} IN ${scope} RETURNING ${returning.join(', ')}`;
}

/** Fields of the open and completed Tasks shown on the card (R5, R6). */
const ACTIVITY_FIELDS = 'Id, Subject, ActivityDate, Status, IsTask, Owner.Name, CallType, CallDurationInSeconds, Description';
export const ACTIVITY_LIMIT = 20;

/**
 * The whole card of one record in one query (B2): the record, its most recent open opportunity's
 * stage through a contact role (R3), open Tasks (R5) and completed Tasks (R6).
 */
export function buildCardQuery(type: PersonType, id: string): string {
  const safeId = assertSalesforceId(id);
  const open = `(SELECT ${ACTIVITY_FIELDS} FROM OpenActivities WHERE IsTask = true ORDER BY ActivityDate ASC NULLS LAST LIMIT ${ACTIVITY_LIMIT})`;
  const past = `(SELECT ${ACTIVITY_FIELDS} FROM ActivityHistories WHERE IsTask = true ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT ${ACTIVITY_LIMIT})`;
  if (type === 'Contact') {
    const stage =
      '(SELECT Opportunity.Name, Opportunity.StageName FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false ORDER BY Opportunity.LastModifiedDate DESC LIMIT 1)';
    return `SELECT ${LIST_FIELDS.Contact.join(', ')}, ${stage}, ${open}, ${past} FROM Contact WHERE Id = '${safeId}'`;
  }
  return `SELECT ${LIST_FIELDS.Lead.join(', ')}, ${open}, ${past} FROM Lead WHERE Id = '${safeId}'`;
}

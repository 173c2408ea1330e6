import type { PersonType } from '../messaging/matching-messages';
import { canRead, hasChild, visibleFields, type OrgFacts, type OrgFactsRequest } from '../salesforce/org-facts';
import { assertSalesforceId, soslPhrase } from './escape';
import { phoneSearchTerms, type NormalizedPhone } from './phone';

/** What matching reads of the org: fields of the people it matches, and access to their company and deals. */
export const MATCHING_FACTS: OrgFactsRequest = { describe: ['Contact', 'Lead'], check: ['Account', 'Opportunity'] };

export const PHONE_FIELDS: Record<PersonType, readonly string[]> = {
  Contact: ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone'],
  Lead: ['Phone', 'MobilePhone'],
};

const LIST_FIELDS: Record<PersonType, readonly string[]> = {
  Contact: ['Id', 'Name', 'Title', 'Account.Name', 'Owner.Name', 'Email', ...PHONE_FIELDS.Contact],
  Lead: ['Id', 'Name', 'Title', 'Company', 'Status', 'Owner.Name', 'Email', ...PHONE_FIELDS.Lead],
};

/** A converted Lead is shown as the Contact it became. */
const LEAD_CONVERSION_FIELDS = ['IsConverted', 'ConvertedContactId'];

/** How many candidates one search returns per object; more than this is not a match, it is a list. */
export const MATCH_LIMIT = 20;

export interface MatchInput {
  phones: readonly NormalizedPhone[];
  email?: string | null;
  objects: readonly PersonType[];
}

/** The objects of `objects` this user can read (the others are left out of matching). */
export function readableObjects(facts: OrgFacts, objects: readonly PersonType[]): PersonType[] {
  return objects.filter((type) => canRead(facts, type));
}

/** The phone fields of `type` this user sees: the numbers a candidate is confirmed by. */
export function visiblePhoneFields(facts: OrgFacts, type: PersonType): string[] {
  return visibleFields(facts, type, PHONE_FIELDS[type]);
}

/**
 * One SOSL search for every spelling of every number (and the e-mail), across the objects in
 * priority order that this user can read, naming only fields they see (a hidden field would fail
 * the whole search). With an e-mail the scope must be ALL FIELDS, since SOSL has one scope per
 * search; candidates are confirmed locally either way.
 */
export function buildMatchSearch(input: MatchInput, facts: OrgFacts): string | null {
  const terms = new Set<string>();
  for (const phone of input.phones) for (const term of phoneSearchTerms(phone)) terms.add(soslPhrase(term));
  const email = input.email?.trim();
  if (email) terms.add(soslPhrase(email));
  const objects = readableObjects(facts, input.objects);
  if (terms.size === 0 || objects.length === 0) return null;
  const scope = email ? 'ALL FIELDS' : 'PHONE FIELDS';
  const returning = objects.map((type) => `${type}(${visibleFields(facts, type, LIST_FIELDS[type]).join(', ')} LIMIT ${MATCH_LIMIT})`);
  return `FIND {${[...terms].join(' OR ')}} IN ${scope} RETURNING ${returning.join(', ')}`;
}

/** Fields of the open and completed Tasks shown on the card (R5, R6), as Task fields (their visibility is the Task's). */
const ACTIVITY_FIELDS = ['Id', 'Owner.Name', 'Subject', 'ActivityDate', 'Status', 'CallType', 'CallDurationInSeconds', 'Description'];
/** How many open and completed Tasks the card shows. */
export const ACTIVITY_LIMIT = 20;
/**
 * How many activity rows the card asks for: Events share the relationships with Tasks and no
 * filter may be applied (below), so the Tasks are picked from a few more rows than are shown.
 */
export const ACTIVITY_ROWS = 50;

/**
 * The whole card of one record in one query (B2): the record, its most recent open opportunity's
 * stage through a contact role (R3), open Tasks (R5) and completed Tasks (R6). Every user may run
 * it: the activity relationships take no WHERE and Salesforce's own sort order and a LIMIT under
 * 500 (the rules for users without "View All Data"); Events are filtered out by the card. Fields,
 * the account and the opportunity appear only where this user may see them.
 */
export function buildCardQuery(type: PersonType, id: string, facts: OrgFacts): string {
  const safeId = assertSalesforceId(id);
  // IsTask is the activity rows' own field (Task has none): it tells Tasks from Events.
  const activity = ['IsTask', ...visibleFields(facts, 'Task', ACTIVITY_FIELDS)].join(', ');
  const open = `(SELECT ${activity} FROM OpenActivities ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT ${ACTIVITY_ROWS})`;
  const past = `(SELECT ${activity} FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT ${ACTIVITY_ROWS})`;
  const selected = [...visibleFields(facts, type, LIST_FIELDS[type])];
  if (type === 'Contact' && canRead(facts, 'Opportunity') && hasChild(facts, 'Contact', 'OpportunityContactRoles')) {
    selected.push(
      '(SELECT Opportunity.Name, Opportunity.StageName FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false ORDER BY Opportunity.LastModifiedDate DESC LIMIT 1)',
    );
  }
  if (type === 'Lead') selected.push(...visibleFields(facts, 'Lead', LEAD_CONVERSION_FIELDS));
  if (canRead(facts, 'Task')) {
    if (hasChild(facts, type, 'OpenActivities')) selected.push(open);
    if (hasChild(facts, type, 'ActivityHistories')) selected.push(past);
  }
  return `SELECT ${selected.join(', ')} FROM ${type} WHERE Id = '${safeId}'`;
}

import type { MatchType, PersonType } from '../messaging/matching-messages';
import { canRead, hasChild, visibleFields, type OrgFacts, type OrgFactsRequest } from '../salesforce/org-facts';
import { assertSalesforceId, soslPhrase, soslWord } from './escape';
import { phoneSearchTerms, type NormalizedPhone } from './phone';

/**
 * What matching reads of the org: the fields of the people, companies, deals and cases it shows
 * (field-level security can hide any of them) and whether the user may read each object at all.
 */
export const MATCHING_FACTS: OrgFactsRequest = { describe: ['Contact', 'Lead', 'Account', 'Opportunity', 'Case'], check: [] };

export const PHONE_FIELDS: Record<MatchType, readonly string[]> = {
  Contact: ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone'],
  Lead: ['Phone', 'MobilePhone'],
  // A company's main line (Dialpad's own integration matches Accounts by phone too).
  Account: ['Phone'],
};

const LIST_FIELDS: Record<MatchType, readonly string[]> = {
  Contact: ['Id', 'Name', 'Title', 'AccountId', 'Account.Name', 'Owner.Name', 'Email', ...PHONE_FIELDS.Contact],
  Lead: ['Id', 'Name', 'Title', 'Company', 'Status', 'Owner.Name', 'Email', ...PHONE_FIELDS.Lead],
  Account: ['Id', 'Name', 'Owner.Name', ...PHONE_FIELDS.Account],
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
export function readableObjects<T extends MatchType>(facts: OrgFacts, objects: readonly T[]): T[] {
  return objects.filter((type) => canRead(facts, type));
}

/** The phone fields of `type` this user sees: the numbers a candidate is confirmed by. */
export function visiblePhoneFields(facts: OrgFacts, type: MatchType): string[] {
  return visibleFields(facts, type, PHONE_FIELDS[type]);
}

/** The people objects in priority order, then Accounts (a company's line, or its name) when the user may read them. */
function searchedObjects(facts: OrgFacts, people: readonly PersonType[]): MatchType[] {
  return readableObjects<MatchType>(facts, [...people, 'Account']);
}

function returning(facts: OrgFacts, objects: readonly MatchType[]): string {
  return objects.map((type) => `${type}(${visibleFields(facts, type, LIST_FIELDS[type]).join(', ')} LIMIT ${MATCH_LIMIT})`).join(', ');
}

/**
 * One SOSL search for every spelling of every number (and the e-mail), across the people objects in
 * priority order and Accounts (a company's main line), naming only what this user can read and see
 * (a hidden field would fail the whole search). With an e-mail the scope must be ALL FIELDS, since
 * SOSL has one scope per search; candidates are confirmed locally either way.
 */
export function buildMatchSearch(input: MatchInput, facts: OrgFacts): string | null {
  const terms = new Set<string>();
  for (const phone of input.phones) for (const term of phoneSearchTerms(phone)) terms.add(soslPhrase(term));
  const email = input.email?.trim();
  if (email) terms.add(soslPhrase(email));
  const objects = searchedObjects(facts, input.objects);
  if (terms.size === 0 || objects.every((type) => type === 'Account')) return null;
  const scope = email ? 'ALL FIELDS' : 'PHONE FIELDS';
  return `FIND {${[...terms].join(' OR ')}} IN ${scope} RETURNING ${returning(facts, objects)}`;
}

/** SOSL needs two characters in a term; a word with fewer letters or digits (an initial, a lone `&`) is left out of a name search. */
const MIN_TERM = 2;

/**
 * The words of a typed name as SOSL terms, all of which must match: each a prefix (`car*`), so the
 * search finds people as the user types; Japanese words (no spaces between them, no prefix rule in
 * Salesforce's tokens) as phrases. What the user typed is text: every reserved character, `*` and
 * `?` too, is escaped. Null when no word is long enough to search for.
 */
export function nameSearchTerms(text: string): string[] | null {
  const words = text.split(/[\s\u3000]+/).filter((word) => (word.match(/[\p{L}\p{N}]/gu) ?? []).length >= MIN_TERM);
  const terms = words.slice(0, 6).map((word) =>
    // An operator's word ("or", "and", "not": a name part too) is searched as a phrase, so no
    // spelling of it can act as an operator.
    CJK.test(word) || OPERATOR.test(word) ? soslPhrase(word) : `${soslWord(word)}*`,
  );
  return terms.length ? terms : null;
}

/** SOSL's operators, in any case: its reference quotes "and" and "or" to search them as words (Example Text Searches). */
const OPERATOR = /^(?:and|or|not)$/i;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * A name typed in the manual search (or "Not the right person?"): one SOSL search in NAME FIELDS
 * across the people objects and Accounts. Salesforce's NAME FIELDS include a contact's account
 * name and a lead's company, so a company's name finds its people too.
 */
export function buildNameSearch(text: string, people: readonly PersonType[], facts: OrgFacts): string | null {
  const terms = nameSearchTerms(text);
  const objects = searchedObjects(facts, people);
  if (!terms || objects.length === 0) return null;
  return `FIND {${terms.join(' AND ')}} IN NAME FIELDS RETURNING ${returning(facts, objects)}`;
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
/** How many open deals and cases the card lists (a person has a handful; an account may have more). */
export const RELATED_LIMIT = 10;
/** How many of an account's contacts its card offers to pick from. */
export const CONTACTS_LIMIT = 50;

const DEAL_FIELDS = ['Id', 'Name', 'StageName', 'CloseDate'];
const CASE_FIELDS = ['Id', 'CaseNumber', 'Subject', 'Status'];
const CONTACT_FIELDS = ['Id', 'Name', 'Title', 'Phone', 'MobilePhone'];

/** The open and completed activity subqueries every user may run (no WHERE, Salesforce's sort order, a LIMIT under 500). */
function activitySubqueries(facts: OrgFacts, type: MatchType): string[] {
  if (!canRead(facts, 'Task')) return [];
  // IsTask is the activity rows' own field (Task has none): it tells Tasks from Events.
  const activity = ['IsTask', ...visibleFields(facts, 'Task', ACTIVITY_FIELDS)].join(', ');
  const out: string[] = [];
  if (hasChild(facts, type, 'OpenActivities')) out.push(`(SELECT ${activity} FROM OpenActivities ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT ${ACTIVITY_ROWS})`);
  if (hasChild(facts, type, 'ActivityHistories')) out.push(`(SELECT ${activity} FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT ${ACTIVITY_ROWS})`);
  return out;
}

/** `(SELECT … FROM <relationship> WHERE IsClosed = false …)` of open deals or cases, when the user may read them. */
function openSubquery(facts: OrgFacts, parent: MatchType, relationship: string, object: 'Opportunity' | 'Case'): string | null {
  if (!canRead(facts, object) || !hasChild(facts, parent, relationship)) return null;
  const fields = visibleFields(facts, object, object === 'Opportunity' ? DEAL_FIELDS : CASE_FIELDS).join(', ');
  return `(SELECT ${fields} FROM ${relationship} WHERE IsClosed = false ORDER BY LastModifiedDate DESC LIMIT ${RELATED_LIMIT})`;
}

/** Which lists a card can hold for this user: a list of an object they cannot read is left out, not shown empty. */
export interface CardSections {
  opportunities: boolean;
  cases: boolean;
  contacts: boolean;
}

/** The reads of one card: its query, and for a Contact the account's open deals (the same round trip, in a Composite request). */
export interface CardReads {
  card: string;
  /** `SELECT … FROM Opportunity WHERE … AccountId IN (SELECT AccountId FROM Contact WHERE Id = …)`, or null. */
  accountDeals: string | null;
  sections: CardSections;
}

/**
 * The whole card of one record, in one request (B2). For a person: the record, their open deals
 * (through their contact roles — R3's stage — and their account), their open cases, open Tasks (R5)
 * and completed Tasks (R6). For a company's line: the Account, its open deals and cases, its
 * contacts to pick from and its activity. Every user may run it: the activity relationships take no
 * WHERE, Salesforce's own sort order and a LIMIT under 500 (the rules for users without "View All
 * Data"); Events are filtered out by the card. Fields, objects and lists appear only where this
 * user may see them.
 */
export function buildCardReads(type: MatchType, id: string, facts: OrgFacts): CardReads {
  const safeId = assertSalesforceId(id);
  const selected = [...visibleFields(facts, type, LIST_FIELDS[type])];
  const sections: CardSections = { opportunities: false, cases: false, contacts: false };
  const add = (subquery: string | null, section?: keyof CardSections) => {
    if (subquery === null) return;
    selected.push(subquery);
    if (section) sections[section] = true;
  };
  let accountDeals: string | null = null;
  if (type === 'Contact') {
    if (canRead(facts, 'Opportunity') && hasChild(facts, 'Contact', 'OpportunityContactRoles')) {
      const dealFields = visibleFields(facts, 'Opportunity', DEAL_FIELDS);
      add(
        `(SELECT ${dealFields.map((field) => `Opportunity.${field}`).join(', ')} FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false ORDER BY Opportunity.LastModifiedDate DESC LIMIT ${RELATED_LIMIT})`,
        'opportunities',
      );
      if (canRead(facts, 'Account') && visibleFields(facts, 'Contact', ['AccountId']).length) {
        accountDeals = `SELECT ${dealFields.join(', ')} FROM Opportunity WHERE IsClosed = false AND AccountId IN (SELECT AccountId FROM Contact WHERE Id = '${safeId}') ORDER BY LastModifiedDate DESC LIMIT ${RELATED_LIMIT}`;
      }
    }
    add(openSubquery(facts, 'Contact', 'Cases', 'Case'), 'cases');
  }
  if (type === 'Account') {
    add(openSubquery(facts, 'Account', 'Opportunities', 'Opportunity'), 'opportunities');
    add(openSubquery(facts, 'Account', 'Cases', 'Case'), 'cases');
    if (canRead(facts, 'Contact') && hasChild(facts, 'Account', 'Contacts')) {
      add(`(SELECT ${visibleFields(facts, 'Contact', CONTACT_FIELDS).join(', ')} FROM Contacts ORDER BY Name LIMIT ${CONTACTS_LIMIT})`, 'contacts');
    }
  }
  if (type === 'Lead') selected.push(...visibleFields(facts, 'Lead', LEAD_CONVERSION_FIELDS));
  selected.push(...activitySubqueries(facts, type));
  return { card: `SELECT ${selected.join(', ')} FROM ${type} WHERE Id = '${safeId}'`, accountDeals, sections };
}

/** The card query alone (the account's deals, when there are any to read, come beside it). */
export function buildCardQuery(type: MatchType, id: string, facts: OrgFacts): string {
  return buildCardReads(type, id, facts).card;
}

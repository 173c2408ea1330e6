import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { describe, expect, it } from 'vitest';
import { assertSalesforceId, escapeSoqlLike, escapeSoqlString, soslPhrase } from '@/lib/matching/escape';
import { normalizePhone } from '@/lib/matching/phone';
import { buildCardQuery, buildCardReads, buildMatchSearch, buildNameSearch, nameSearchTerms } from '@/lib/matching/queries';
import type { OrgFacts } from '@/lib/salesforce/org-facts';

/** Facts of a user who sees everything; `change` takes some of it away, as an admin would. */
function facts(change: (objects: OrgFacts['objects']) => void = () => undefined): OrgFacts {
  const field = (relationshipName?: string, referenceTo?: string[]) => ({ createable: true, updateable: true, ...(relationshipName ? { relationshipName, referenceTo } : {}) });
  const named = (names: string[]) => Object.fromEntries(names.map((name) => [name, field()]));
  const objects: OrgFacts['objects'] = {
    Contact: {
      createable: true,
      updateable: true,
      fields: {
        ...named(['Id', 'Name', 'Title', 'Email', 'Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone']),
        AccountId: field('Account', ['Account']),
        OwnerId: field('Owner', ['User']),
      },
      children: ['OpportunityContactRoles', 'OpenActivities', 'ActivityHistories', 'Tasks'],
    },
    Lead: {
      createable: true,
      updateable: true,
      fields: { ...named(['Id', 'Name', 'Title', 'Company', 'Status', 'Email', 'Phone', 'MobilePhone', 'IsConverted']), ConvertedContactId: field('ConvertedContact', ['Contact']), OwnerId: field('Owner', ['User']) },
      children: ['OpenActivities', 'ActivityHistories', 'Tasks'],
    },
    Task: { createable: true, updateable: true },
    Account: { createable: true, updateable: true },
    Opportunity: { createable: true, updateable: true },
  };
  change(objects);
  return { orgId: '00D000000000001EAA', userId: '005000000000001AAA', fetchedAt: 0, user: { name: 'Rep', username: 'rep@example.com', timeZone: null, language: null }, objects, taskStatuses: [] };
}

function hide(objects: OrgFacts['objects'], object: string, ...names: string[]) {
  for (const name of names) delete objects[object]!.fields![name];
}

describe('escaping', () => {
  it('escapes SOQL string literals so a quote cannot end the literal', () => {
    expect(escapeSoqlString(`O'Brien\\ "x"\n`)).toBe(`O\\'Brien\\\\ \\"x\\"\\n`);
    const soql = `SELECT Id FROM Contact WHERE LastName = '${escapeSoqlString("x' OR Name != '")}'`;
    const parsed = parseQuery(soql);
    expect(parsed.where?.left).toMatchObject({ field: 'LastName', operator: '=' });
    expect(parsed.where).not.toHaveProperty('operator');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeSoqlLike('100%_x')).toBe('100\\%\\_x');
  });

  it('quotes SOSL terms and escapes every reserved character', () => {
    expect(soslPhrase('a} OR {b')).toBe('"a\\} OR \\{b"');
    expect(soslPhrase('+1 (415) 555-0100')).toBe('"\\+1 \\(415\\) 555\\-0100"');
    expect(soslPhrase(`?&|!{}[]()^~*:\\"'+-`)).toBe(`"${[...`?&|!{}[]()^~*:\\"'+-`].map((c) => `\\${c}`).join('')}"`);
  });

  it('accepts only 15- and 18-character ids', () => {
    expect(assertSalesforceId('003000000000001AAA')).toBe('003000000000001AAA');
    expect(() => assertSalesforceId("003' OR Id != '")).toThrow(/Not a Salesforce id/);
    expect(() => assertSalesforceId('0030000000000')).toThrow();
  });
});

describe('buildMatchSearch', () => {
  it('searches phone fields of Contacts then Leads for every spelling', () => {
    const sosl = buildMatchSearch({ phones: [normalizePhone('+14155550100')!], objects: ['Contact', 'Lead'] }, facts());
    expect(sosl).toBe(
      'FIND {"\\+14155550100" OR "4155550100" OR "14155550100"} IN PHONE FIELDS RETURNING ' +
        'Contact(Id, Name, Title, AccountId, Account.Name, Owner.Name, Email, Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone LIMIT 20), ' +
        'Lead(Id, Name, Title, Company, Status, Owner.Name, Email, Phone, MobilePhone LIMIT 20), ' +
        // A company's main line: an Account's Phone.
        'Account(Id, Name, Owner.Name, Phone LIMIT 20)',
    );
  });

  it('widens the scope to all fields when an e-mail is known', () => {
    const sosl = buildMatchSearch({ phones: [], email: 'ben@northwind.example', objects: ['Lead'] }, facts());
    expect(sosl).toMatch(/^FIND \{"ben@northwind.example"\} IN ALL FIELDS RETURNING Lead\(/);
  });

  it('has nothing to search without numbers or e-mail', () => {
    expect(buildMatchSearch({ phones: [], email: ' ', objects: ['Contact'] }, facts())).toBeNull();
  });

  it('names only the fields the user sees, and leaves out an object they cannot read', () => {
    const limited = facts((objects) => {
      hide(objects, 'Contact', 'HomePhone', 'Title');
      objects.Lead = null;
      objects.Account = null;
    });
    expect(buildMatchSearch({ phones: [normalizePhone('+14155550100')!], objects: ['Contact', 'Lead'] }, limited)).toBe(
      'FIND {"\\+14155550100" OR "4155550100" OR "14155550100"} IN PHONE FIELDS RETURNING ' +
        'Contact(Id, Name, AccountId, Owner.Name, Email, Phone, MobilePhone, OtherPhone, AssistantPhone LIMIT 20)',
    );
    // Nobody to search for when no object can be read.
    expect(buildMatchSearch({ phones: [normalizePhone('+14155550100')!], objects: ['Lead'] }, limited)).toBeNull();
  });
});

describe('buildCardQuery', () => {
  it('reads a contact, its open opportunity stage, open and completed Tasks in one valid query', () => {
    const parsed = parseQuery(buildCardQuery('Contact', '003000000000001AAA', facts()));
    expect(parsed.sObject).toBe('Contact');
    const subqueries = parsed.fields?.filter((f) => f.type === 'FieldSubquery').map((f) => f.subquery.relationshipName);
    expect(subqueries).toEqual(['OpportunityContactRoles', 'OpenActivities', 'ActivityHistories']);
  });

  it('asks for activities the one way every user may: no WHERE, Salesforce\'s sort order, a LIMIT under 500, one record by Id', () => {
    const soql = buildCardQuery('Contact', '003000000000001AAA', facts());
    expect(soql).toContain('FROM OpenActivities ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT 50)');
    expect(soql).toContain('FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 50)');
    expect(soql).not.toMatch(/FROM (OpenActivities|ActivityHistories) WHERE/);
    expect(soql).toMatch(/ FROM Contact WHERE Id = '003000000000001AAA'$/);
  });

  it('reads a lead without contact roles, with whether it was converted', () => {
    const soql = buildCardQuery('Lead', '00Q000000000001AAA', facts());
    const parsed = parseQuery(soql);
    expect(parsed.sObject).toBe('Lead');
    expect(parsed.fields?.filter((f) => f.type === 'FieldSubquery')).toHaveLength(2);
    expect(soql).toContain('IsConverted, ConvertedContactId');
  });

  it('leaves out hidden fields, the account and the stage the user may not read', () => {
    const soql = buildCardQuery(
      'Contact',
      '003000000000001AAA',
      facts((objects) => {
        hide(objects, 'Contact', 'HomePhone', 'Title');
        objects.Account = null;
        objects.Opportunity = null;
      }),
    );
    expect(soql).not.toMatch(/HomePhone|Title|Account\.Name|OpportunityContactRoles/);
    expect(parseQuery(soql).fields?.filter((f) => f.type === 'FieldSubquery').map((f) => f.subquery.relationshipName)).toEqual(['OpenActivities', 'ActivityHistories']);
  });

  it('refuses an id that is not one', () => {
    expect(() => buildCardQuery('Contact', "x' OR Id != '", facts())).toThrow();
  });
});

describe('buildNameSearch', () => {
  it('searches every typed word as a prefix in NAME FIELDS of people, then Accounts', () => {
    expect(buildNameSearch('Ben  Car', ['Contact', 'Lead'], facts())).toBe(
      'FIND {Ben* AND Car*} IN NAME FIELDS RETURNING ' +
        'Contact(Id, Name, Title, AccountId, Account.Name, Owner.Name, Email, Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone LIMIT 20), ' +
        'Lead(Id, Name, Title, Company, Status, Owner.Name, Email, Phone, MobilePhone LIMIT 20), Account(Id, Name, Owner.Name, Phone LIMIT 20)',
    );
  });

  it('escapes SOSL syntax in what was typed, quotes Japanese words, and skips single letters', () => {
    expect(nameSearchTerms("O'Brien-Smith} OR {xy")).toEqual(["O\\'Brien\\-Smith\\}*", '"OR"', '\\{xy*']);
    expect(nameSearchTerms('and Not or* R&D')).toEqual(['"and"', '"Not"', 'or\\**', 'R\\&D*']);
    expect(nameSearchTerms('a\\b "cc" d&e|f!g{h}i[j]k^l~m:n')).toEqual(['a\\\\b*', '\\"cc\\"*', 'd\\&e\\|f\\!g\\{h\\}i\\[j\\]k\\^l\\~m\\:n*']);
    expect(nameSearchTerms('山田\u3000太郎')).toEqual(['"山田"', '"太郎"']);
    expect(nameSearchTerms('J Smith')).toEqual(['Smith*']);
    expect(nameSearchTerms('J * ? & +1 ^~:')).toBeNull();
    expect(nameSearchTerms('Marks?! *Star*')).toEqual(['Marks\\?\\!*', '\\*Star\\**']);
    expect(buildNameSearch('J', ['Contact'], facts())).toBeNull();
  });

  it('leaves out what the user cannot read', () => {
    const limited = facts((objects) => {
      objects.Lead = null;
      objects.Account = null;
    });
    expect(buildNameSearch('Ben', ['Contact', 'Lead'], limited)).toMatch(/RETURNING Contact\([^)]*\)$/);
  });
});

describe('buildCardReads', () => {
  const withLists = (change: (objects: OrgFacts['objects']) => void = () => undefined) =>
    facts((objects) => {
      objects.Contact!.children = [...objects.Contact!.children!, 'Cases'];
      objects.Account = { createable: true, updateable: true, children: ['Contacts', 'Opportunities', 'Cases', 'OpenActivities', 'ActivityHistories'] };
      objects.Case = { createable: true, updateable: true };
      change(objects);
    });

  it("reads a contact's role deals and cases in the card query, and their account's deals beside it", () => {
    const reads = buildCardReads('Contact', '003000000000001AAA', withLists());
    const subqueries = parseQuery(reads.card).fields?.filter((f) => f.type === 'FieldSubquery').map((f) => f.subquery.relationshipName);
    expect(subqueries).toEqual(['OpportunityContactRoles', 'Cases', 'OpenActivities', 'ActivityHistories']);
    expect(reads.card).toContain('(SELECT Id, CaseNumber, Subject, Status FROM Cases WHERE IsClosed = false ORDER BY LastModifiedDate DESC LIMIT 10)');
    expect(reads.accountDeals).toBe(
      "SELECT Id, Name, StageName, CloseDate FROM Opportunity WHERE IsClosed = false AND AccountId IN (SELECT AccountId FROM Contact WHERE Id = '003000000000001AAA') ORDER BY LastModifiedDate DESC LIMIT 10",
    );
    expect(parseQuery(reads.accountDeals!).sObject).toBe('Opportunity');
    expect(reads.sections).toEqual({ opportunities: true, cases: true, contacts: false });
  });

  it("reads a company's deals, cases, contacts and activity in one query", () => {
    const reads = buildCardReads('Account', '001000000000001AAA', withLists());
    expect(reads.accountDeals).toBeNull();
    const parsed = parseQuery(reads.card);
    expect(parsed.sObject).toBe('Account');
    expect(parsed.fields?.filter((f) => f.type === 'FieldSubquery').map((f) => f.subquery.relationshipName)).toEqual(['Opportunities', 'Cases', 'Contacts', 'OpenActivities', 'ActivityHistories']);
    expect(reads.sections).toEqual({ opportunities: true, cases: true, contacts: true });
  });

  it('leaves out deals and cases the user cannot read, and then needs no second read', () => {
    const reads = buildCardReads(
      'Contact',
      '003000000000001AAA',
      withLists((objects) => {
        objects.Opportunity = null;
        objects.Case = null;
      }),
    );
    expect(reads.card).not.toMatch(/OpportunityContactRoles|Cases/);
    expect(reads.accountDeals).toBeNull();
    expect(reads.sections).toEqual({ opportunities: false, cases: false, contacts: false });
  });
});

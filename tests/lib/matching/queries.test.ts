import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { describe, expect, it } from 'vitest';
import { assertSalesforceId, escapeSoqlLike, escapeSoqlString, soslPhrase } from '@/lib/matching/escape';
import { normalizePhone } from '@/lib/matching/phone';
import { buildCardQuery, buildMatchSearch } from '@/lib/matching/queries';

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
    const sosl = buildMatchSearch({ phones: [normalizePhone('+14155550100')!], objects: ['Contact', 'Lead'] });
    expect(sosl).toBe(
      'FIND {"\\+14155550100" OR "4155550100" OR "14155550100"} IN PHONE FIELDS RETURNING ' +
        'Contact(Id, Name, Title, Account.Name, Owner.Name, Email, Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone LIMIT 20), ' +
        'Lead(Id, Name, Title, Company, Status, Owner.Name, Email, Phone, MobilePhone LIMIT 20)',
    );
  });

  it('widens the scope to all fields when an e-mail is known', () => {
    const sosl = buildMatchSearch({ phones: [], email: 'ben@northwind.example', objects: ['Lead'] });
    expect(sosl).toMatch(/^FIND \{"ben@northwind.example"\} IN ALL FIELDS RETURNING Lead\(/);
  });

  it('has nothing to search without numbers or e-mail', () => {
    expect(buildMatchSearch({ phones: [], email: ' ', objects: ['Contact'] })).toBeNull();
  });
});

describe('buildCardQuery', () => {
  it('reads a contact, its open opportunity stage, open and completed Tasks in one valid query', () => {
    const parsed = parseQuery(buildCardQuery('Contact', '003000000000001AAA'));
    expect(parsed.sObject).toBe('Contact');
    const subqueries = parsed.fields?.filter((f) => f.type === 'FieldSubquery').map((f) => f.subquery.relationshipName);
    expect(subqueries).toEqual(['OpportunityContactRoles', 'OpenActivities', 'ActivityHistories']);
  });

  it('reads a lead without contact roles', () => {
    const parsed = parseQuery(buildCardQuery('Lead', '00Q000000000001AAA'));
    expect(parsed.sObject).toBe('Lead');
    expect(parsed.fields?.filter((f) => f.type === 'FieldSubquery')).toHaveLength(2);
  });

  it('refuses an id that is not one', () => {
    expect(() => buildCardQuery('Contact', "x' OR Id != '")).toThrow();
  });
});

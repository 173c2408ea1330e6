import { describe, expect, it } from 'vitest';
import { phoneMatches } from '../../../emulator/org/sosl';
import { fixture, IDS, refusal } from './fixture';

function found(sosl: string): string[] {
  const { org, ctx } = fixture();
  return org.search(sosl, ctx).searchRecords.map((r) => `${r.attributes.type}:${String(r.Name ?? r.Id)}`);
}

describe('phone matching', () => {
  it('ignores formatting and a country code or trunk zero', () => {
    for (const stored of ['(415) 555-0100', '+1 415-555-0100', '415.555.0100', '+14155550100', '1 (415) 555 0100']) {
      expect(phoneMatches(stored, '4155550100'), stored).toBe(true);
      expect(phoneMatches(stored, '+14155550100'), stored).toBe(true);
    }
    expect(phoneMatches('03-1234-5678', '0312345678')).toBe(true);
    expect(phoneMatches('03-1234-5678', '+81312345678')).toBe(true);
    expect(phoneMatches('+81 3 1234 5678', '+81312345678')).toBe(true);
    expect(phoneMatches('+81 3 1234 5678', '0312345678')).toBe(true);
    expect(phoneMatches('+81-90-1234-5678', '090-1234-5678')).toBe(true);
    expect(phoneMatches('０３－１２３４－５６７８', '0312345678')).toBe(true);
  });

  it('drops an extension from the stored number', () => {
    expect(phoneMatches('(415) 555-0123 ext. 45', '4155550123')).toBe(true);
    expect(phoneMatches('03-1234-5678 内線 12', '+81312345678')).toBe(true);
    expect(phoneMatches('(415) 555-0123 x45', '4155550123')).toBe(true);
  });

  it('does not match other numbers, or a short local number against a full one', () => {
    expect(phoneMatches('(515) 555-0100', '4155550100')).toBe(false);
    expect(phoneMatches('(415) 555-0101', '4155550100')).toBe(false);
    expect(phoneMatches('555-0100', '4155550100')).toBe(false);
    expect(phoneMatches('06-1234-5678', '+81312345678')).toBe(false);
    expect(phoneMatches('090-1234-5678', '+81312345678')).toBe(false);
  });

  it('matches a trailing * as a prefix', () => {
    expect(phoneMatches('(415) 555-0100', '415555*')).toBe(true);
    expect(phoneMatches('(415) 555-0100', '416*')).toBe(false);
  });
});

describe('SOSL', () => {
  it('finds Ben’s number in every format, and only Ben', () => {
    for (const term of ['4155550100', '+14155550100', '(415) 555-0100', '415-555-0100']) {
      const escaped = term.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, (c) => `\\${c}`);
      expect(found(`FIND {${escaped}} IN PHONE FIELDS RETURNING Contact(Id, Name), Lead(Id, Name)`), term).toEqual(['Contact:Ben Carter']);
    }
    expect(found('FIND {"+1 (415) 555-0100"} IN PHONE FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
  });

  it('ORs terms, searches every phone field, and returns objects in RETURNING order', () => {
    expect(found('FIND {"+14155550199" OR "+81312345678" OR "+818022223333"} IN PHONE FIELDS RETURNING Lead(Name), Contact(Name ORDER BY Name), Account(Name)')).toEqual([
      'Lead:田中 晃',
      'Contact:Ann Lee',
      'Contact:山田 太郎',
      'Account:Acme Corp',
    ]);
    expect(found('FIND {4155550123} IN PHONE FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
  });

  it('answers the requested fields, relationship fields included, with attributes', () => {
    const { org, ctx } = fixture();
    const { searchRecords } = org.search('FIND {4155550100} IN PHONE FIELDS RETURNING Contact(Id, Name, Account.Name, Owner.Name)', ctx);
    expect(searchRecords).toEqual([
      {
        attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${IDS.ben}` },
        Id: IDS.ben,
        Name: 'Ben Carter',
        Account: { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${IDS.acme}` }, Name: 'Acme Corp' },
        Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${IDS.alex}` }, Name: 'Alex Morgan' },
      },
    ]);
    expect(org.search('FIND {nobody-here} IN ALL FIELDS RETURNING Contact(Id)', ctx)).toEqual({ searchRecords: [] });
  });

  it('applies WHERE, ORDER BY and LIMIT inside RETURNING, and a LIMIT on the whole search', () => {
    expect(found("FIND {acme*} IN ALL FIELDS RETURNING Contact(Name WHERE Title = null)")).toEqual(['Contact:Ann Lee']);
    expect(found('FIND {acme*} IN ALL FIELDS RETURNING Contact(Name ORDER BY Name DESC LIMIT 1)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {acme*} IN ALL FIELDS RETURNING Contact(Name ORDER BY Name), Account(Name) LIMIT 2')).toEqual(['Contact:Ann Lee', 'Contact:Ben Carter']);
  });

  it('searches NAME and EMAIL fields, phrases, wildcards and Japanese text', () => {
    expect(found('FIND {carter} IN NAME FIELDS RETURNING Contact(Name), Lead(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {"ben carter"} IN NAME FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {"carter ben"} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
    expect(found('FIND {car*} IN NAME FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {ben@acme.example} IN EMAIL FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {ben@acme.example} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
    expect(found('FIND {田中} IN NAME FIELDS RETURNING Contact(Name), Lead(Name)')).toEqual(['Lead:田中 晃']);
    expect(found('FIND {acme AND NOT ben} IN ALL FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ann Lee']);
    // Operators in any case; quoted, they are words (the SOSL reference's `FIND {"and" or "or"}`).
    expect(found('FIND {"and" or carter} IN NAME FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {acme and not ben} IN ALL FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ann Lee']);
  });

  it('takes backslash-escaped reserved characters as text', () => {
    expect(found('FIND {ann\\_lee\\@acme.example} IN EMAIL FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ann Lee']);
    expect(found('FIND {\\(415\\) 555\\-0100} IN PHONE FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {\\+81\\-3\\-1234\\-5678} IN PHONE FIELDS RETURNING Contact(Name)')).toEqual(['Contact:山田 太郎']);
    // Escaped, `*` and `?` are the characters themselves, not wildcards; a trailing plain `*` still is one.
    expect(found('FIND {car\\*} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
    expect(found('FIND {carte\\?} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
    expect(found('FIND {"ben car\\*"} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
    expect(found('FIND {\\*\\?} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
    const { org, ctx } = fixture();
    expect(refusal(() => org.search('FIND {\\**} IN NAME FIELDS RETURNING Contact(Name)', ctx)).errorCode).toBe('MALFORMED_SEARCH');
  });

  it('refuses malformed searches, unknown objects and unknown fields', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.search('FIND {a} RETURNING Contact', ctx))).toMatchObject({ status: 400, errorCode: 'MALFORMED_SEARCH' });
    expect(refusal(() => org.search('FIND {ben RETURNING Contact', ctx)).errorCode).toBe('MALFORMED_SEARCH');
    expect(refusal(() => org.search('SELECT Id FROM Contact', ctx)).errorCode).toBe('MALFORMED_SEARCH');
    expect(refusal(() => org.search('FIND {ben} RETURNING Widget__c(Id)', ctx)).errorCode).toBe('INVALID_TYPE');
    expect(refusal(() => org.search('FIND {ben} RETURNING Contact(Nope)', ctx)).errorCode).toBe('INVALID_FIELD');
  });
});

import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneSearchTerms, samePhone } from '@/lib/matching/phone';

describe('normalizePhone', () => {
  it.each([
    ['(415) 555-0100', 'US', '+14155550100', '4155550100', null],
    ['+1 415 555 0100 ext. 12', 'US', '+14155550100', '4155550100', '12'],
    ['415.555.0100 x123', 'US', '+14155550100', '4155550100', '123'],
    ['03-1234-5678', 'JP', '+81312345678', '312345678', null],
    ['+81 3-1234-5678', 'US', '+81312345678', '312345678', null],
    ['０３－１２３４－５６７８', 'JP', '+81312345678', '312345678', null],
  ] as const)('%s (region %s) → %s', (raw, region, e164, national, ext) => {
    const phone = normalizePhone(raw, region);
    expect(phone?.e164).toBe(e164);
    expect(phone?.national).toBe(national);
    expect(phone?.extension).toBe(ext);
  });

  it('keeps the trunk prefix in the dialled national form', () => {
    expect(normalizePhone('+81 3-1234-5678')?.nationalDialled).toBe('0312345678');
  });

  it('refuses text with too few digits', () => {
    expect(normalizePhone('1234')).toBeNull();
    expect(normalizePhone('Anonymous')).toBeNull();
  });

  it('keeps digits of numbers it cannot parse', () => {
    const phone = normalizePhone('555 0100 99', undefined);
    expect(phone?.e164).toBeNull();
    expect(phone?.national).toBe('555010099');
  });
});

describe('phoneSearchTerms', () => {
  it('searches the E.164, dialled national and bare national spellings', () => {
    const phone = normalizePhone('+81 3-1234-5678')!;
    expect(phoneSearchTerms(phone)).toEqual(['+81312345678', '0312345678', '312345678', '81312345678']);
  });
});

describe('samePhone', () => {
  const target = normalizePhone('+1 (415) 555-0100', 'US')!;
  it.each(['415-555-0100', '(415) 555-0100 x7', '+14155550100', '1 415 555 0100'])('matches %s', (stored) => {
    expect(samePhone(stored, target)).toBe(true);
  });
  it.each(['415-555-0101', '+44 20 7946 0100', '55-0100', ''])('does not match %s', (stored) => {
    expect(samePhone(stored, target)).toBe(false);
  });
  it('takes a local number without area code for the same line (the user confirms among several)', () => {
    expect(samePhone('555-0100', target)).toBe(true);
  });
  it('compares Japanese numbers written at home and abroad', () => {
    expect(samePhone('03-1234-5678', normalizePhone('+81312345678')!)).toBe(true);
  });
});

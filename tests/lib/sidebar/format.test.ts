import { describe, expect, it } from 'vitest';
import { durationParts, formatCallTimer, formatSalesforceDate, foundBy } from '../../../lib/sidebar/format';

describe('how the sidebar writes dates, durations and timers', () => {
  it('writes a Salesforce date in the user\'s locale, as the same calendar day everywhere', () => {
    expect(formatSalesforceDate('2026-11-26', 'ja')).toBe('2026年11月26日');
    expect(formatSalesforceDate('2026-11-26', 'en-US')).toBe('Nov 26, 2026');
    expect(formatSalesforceDate('2026-11-26', 'en-GB')).toBe('26 Nov 2026');
    // A date-time Salesforce sends for some fields: its day, not shifted by the zone.
    expect(formatSalesforceDate('2026-01-01T23:30:00.000+0000', 'ja')).toBe('2026年1月1日');
  });

  it('says nothing for no date, and shows what it cannot read as it came', () => {
    expect(formatSalesforceDate(null, 'en')).toBeNull();
    expect(formatSalesforceDate('', 'en')).toBeNull();
    expect(formatSalesforceDate('someday', 'en')).toBe('someday');
  });

  it('splits seconds into hours, minutes and seconds', () => {
    expect(durationParts(170)).toEqual({ hours: 0, minutes: 2, seconds: 50 });
    expect(durationParts(3725)).toEqual({ hours: 1, minutes: 2, seconds: 5 });
    expect(durationParts(59.9)).toEqual({ hours: 0, minutes: 0, seconds: 59 });
    expect(durationParts(-5)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
  });

  it('shows a running call\'s timer as Dialpad does', () => {
    expect(formatCallTimer(0)).toBe('00:00');
    expect(formatCallTimer(95)).toBe('01:35');
    expect(formatCallTimer(3725)).toBe('1:02:05');
  });
});

describe('what a card says it was found by', () => {
  const ben = { phones: ['(415) 555-0100', '415.555.0123'], email: 'ben.carter@northwind.example' };

  it('names the searched number the record holds, as the record writes it', () => {
    expect(foundBy(['+1 415-555-0123', '(646) 555-0142'], ben)).toEqual(['415.555.0123']);
    expect(foundBy(['4155550100'], ben)).toEqual(['(415) 555-0100']);
  });

  it('names the e-mail when the record holds it, whatever its case', () => {
    expect(foundBy(['(646) 555-0142', 'Ben.Carter@Northwind.example'], ben)).toEqual(['ben.carter@northwind.example']);
  });

  it('names everything searched when the record holds none of it (a name search)', () => {
    expect(foundBy(['Ben Carter'], ben)).toEqual(['Ben Carter']);
    expect(foundBy([], ben)).toEqual([]);
  });
});

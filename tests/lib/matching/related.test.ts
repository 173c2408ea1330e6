import { describe, expect, it } from 'vitest';
import { relatedFor, relatedOptions } from '../../../lib/matching/related';
import type { Card } from '../../../lib/messaging/matching-messages';

const deal = (id: string, name: string, role = false) => ({ id, name, stage: 'Qualification', closeDate: null, role, url: '' });
const card = (type: Card['type'] = 'Contact'): Card => ({
  type,
  id: '003000000000001AAA',
  name: 'Ben Carter',
  owner: null,
  title: null,
  company: null,
  stage: null,
  email: null,
  phones: [],
  nextSteps: [],
  pastActivity: [],
  opportunities: [deal('006000000000001AAA', 'Fleet renewal', true), deal('006000000000002AAA', 'Battery add-on')],
  cases: [{ id: '500000000000001AAA', caseNumber: '00001001', subject: 'Inverter alarm', status: 'Working', url: '' }],
  contacts: [],
  sections: { opportunities: true, cases: true, contacts: false },
  recordUrl: '',
  activityUrl: '',
});
const on = { relatedTo: 'opportunities-and-cases', relatedToDefault: true } as const;
const renewal = { type: 'Opportunity', id: '006000000000001AAA', name: 'Fleet renewal' } as const;
const alarm = { type: 'Case', id: '500000000000001AAA', name: '00001001 Inverter alarm' } as const;

describe('"Related to"', () => {
  it('offers the open deals, then the open cases (by number and subject)', () => {
    expect(relatedOptions(card(), on).map((o) => o.name)).toEqual(['Fleet renewal', 'Battery add-on', '00001001 Inverter alarm']);
    expect(relatedOptions(card(), { ...on, relatedTo: 'opportunities' }).map((o) => o.type)).toEqual(['Opportunity', 'Opportunity']);
    expect(relatedOptions(card(), { ...on, relatedTo: 'none' })).toEqual([]);
  });

  it("defaults to the first deal (R3's), keeps the user's choice while it is open and allowed, and nothing when they chose nothing", () => {
    expect(relatedFor(card(), undefined, on)).toEqual(renewal);
    expect(relatedFor(card(), alarm, on)).toEqual(alarm);
    // Matched by the first 15 characters, as Salesforce ids are.
    expect(relatedFor(card(), { ...alarm, id: '500000000000001' }, on)).toEqual(alarm);
    expect(relatedFor(card(), null, on)).toBeNull();
    // A case when the policy allows only deals, or a deal closed since: the default again.
    expect(relatedFor(card(), alarm, { ...on, relatedTo: 'opportunities' })).toEqual(renewal);
    expect(relatedFor(card(), { type: 'Opportunity', id: '006000000000009AAA', name: 'Closed' }, on)).toEqual(renewal);
  });

  it('has no default when the policy turns it off, and never relates a Lead or a company line', () => {
    expect(relatedFor(card(), undefined, { ...on, relatedToDefault: false })).toBeNull();
    expect(relatedFor(card(), alarm, { ...on, relatedToDefault: false })).toEqual(alarm);
    expect(relatedFor(card('Lead'), renewal, on)).toBeNull();
    expect(relatedFor(card('Account'), undefined, on)).toBeNull();
    expect(relatedFor(card(), renewal, { ...on, relatedTo: 'none' })).toBeNull();
  });
});

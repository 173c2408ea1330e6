import { describe, expect, it } from 'vitest';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { matchPerson, readCard } from '../../../lib/matching/matcher';
import { useDemoOrg } from '../../support/demo-org';
import { signInApi } from '../../support/salesforce-session';

/**
 * Picklists show in the rep's language (a Japanese rep reads 完了, not Completed): the labels come
 * from describe, which Salesforce answers in the signed-in user's language; values without a
 * translation show as they are.
 */
// The demo org, signed in again below as each rep (its facts are read for them, not beforehand).
const org = useDemoOrg({ readFacts: false });

async function yamadaCardAs(username: string) {
  org.running.emulator.control.updateSettings({ loginUser: username });
  const api = await signInApi(org.running);
  await api.orgFacts({ refresh: true });
  const outcome = await matchPerson(api, { phones: [DEMO_FACTS.yamada.dialpadNumber], objects: ['Contact', 'Lead'], region: 'JP' });
  if (outcome.kind !== 'matched') throw new Error(`Expected a match, got ${outcome.kind}`);
  return readCard(api, outcome.card.type, outcome.card.id);
}

describe('picklist labels in the rep’s language', () => {
  it('a Japanese rep sees the org’s Japanese labels for stages and Task statuses', async () => {
    const card = await yamadaCardAs('hanako.sato@brightwave.example');
    expect(card.stage).toBe('交渉/レビュー');
    expect(card.nextSteps.map((task) => task.status)).toContain('未着手');
    // Every status is the org's Japanese label: none is an API value.
    for (const task of [...card.nextSteps, ...card.pastActivity]) expect(task.status).toMatch(/^[^\x20-\x7e]+$/);
    expect(card.pastActivity.map((task) => task.status)).toContain('完了');
    expect(card.opportunities.map((deal) => deal.stage)).toContain('交渉/レビュー');
  });

  it('an English rep of the same org sees the values as they are', async () => {
    const card = await yamadaCardAs('alex.morgan@brightwave.example');
    expect(card.stage).toBe('Negotiation/Review');
    expect(card.pastActivity.map((task) => task.status)).toContain('Completed');
  });

  it('a value the org has not translated shows as it is', async () => {
    org.running.emulator.control.setTranslations({ ja: { 'Task.Status': { Completed: '完了' } } });
    const card = await yamadaCardAs('hanako.sato@brightwave.example');
    expect(card.stage).toBe('Negotiation/Review');
    expect(card.nextSteps.map((task) => task.status)).toContain('Not Started');
    expect(card.pastActivity.map((task) => task.status)).toContain('完了');
  });
});

/**
 * Issue 19 against the demo org, as its standard rep: a person's open deals and cases on the card,
 * a company's main line, a name typed in the manual search — and what each costs in requests.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { rememberedPick } from '../../../lib/matching/match-store';
import { matchPerson } from '../../../lib/matching/matcher';
import { keysOf, pickRecord, refreshMatch, rematch, type PersonQuery } from '../../../lib/matching/service';
import type { Card, MatchOutcome } from '../../../lib/messaging/matching-messages';
import { countApiRequests } from '../../support/salesforce-session';
import { useDemoOrg } from '../../support/demo-org';

type Rec = Record<string, unknown>;
const org = useDemoOrg();

const person = (phones: string[], extra: Partial<PersonQuery> = {}): PersonQuery => ({ phones, objects: ['Contact', 'Lead'], region: 'US', ...extra });
const byName = (text: string): PersonQuery => ({ phones: [], text, email: null, objects: ['Contact', 'Lead'], region: 'US' });
const cardOf = (outcome: MatchOutcome): Card => {
  if (outcome.kind !== 'matched') throw new Error(`expected a card, got ${outcome.kind}`);
  return outcome.card;
};
const recordId = (type: string, name: string) => (org.running.emulator.control.records(type) as Rec[]).find((r) => r.Name === name)!.Id as string;
const SEARCH = expect.stringMatching(/^GET .*\/search$/);

describe("a person's deals and cases on the card", () => {
  it("lists Ben's open deals — his contact role's first, then Northwind's — and his open case, in the same one request", async () => {
    const first = await countApiRequests(org.running, () => refreshMatch(org.api, person([DEMO_FACTS.benCarter.dialpadNumber])));
    expect(first.requests).toEqual([SEARCH, expect.stringMatching(/^POST .*\/composite$/)]);
    const card = cardOf(first.result.outcome);
    expect(card.opportunities.map((deal) => [deal.name, deal.role])).toEqual([
      [DEMO_FACTS.benCarter.openOpportunities[0], true],
      [DEMO_FACTS.benCarter.openOpportunities[1], false],
    ]);
    // R3's stage is the first deal's: the one a call defaults to.
    expect(card.stage).toBe(DEMO_FACTS.benCarter.openStage);
    expect(card.opportunities[0]!.url).toBe(`${org.running.url}/lightning/r/Opportunity/${card.opportunities[0]!.id}/view`);
    expect(card.cases.map((item) => item.subject)).toEqual([...DEMO_FACTS.benCarter.openCases]);
    expect(card.cases[0]!.caseNumber).toMatch(/^\d{8}$/);
    expect(card.sections).toEqual({ opportunities: true, cases: true, contacts: false });
  });

  it("leaves out what the rep cannot read: no Opportunities or Cases, and the card is still one request", async () => {
    org.running.emulator.control.upsertPermissions('profile', {
      Name: 'Standard User',
      objectPermissions: { Opportunity: { read: false, create: false, edit: false, delete: false }, Case: { read: false, create: false, edit: false, delete: false } },
    });
    await org.api.orgFacts({ refresh: true });
    const viewed = await countApiRequests(org.running, () => refreshMatch(org.api, person([DEMO_FACTS.benCarter.dialpadNumber])));
    expect(viewed.requests).toEqual([SEARCH, expect.stringMatching(/^GET .*\/query$/)]);
    const card = cardOf(viewed.result.outcome);
    expect(card).toMatchObject({ name: 'Ben Carter', stage: null, opportunities: [], cases: [], sections: { opportunities: false, cases: false, contacts: false } });
    expect(card.nextSteps).toHaveLength(DEMO_FACTS.benCarter.openTasks);
    // The company line still shows its Account and contacts.
    const line = cardOf((await refreshMatch(org.api, person([DEMO_FACTS.companyLine.dialpadNumber]))).outcome);
    expect(line).toMatchObject({ type: 'Account', opportunities: [], sections: { opportunities: false, cases: false, contacts: true } });
    expect(line.contacts.map((c) => c.name)).toEqual([...DEMO_FACTS.companyLine.contacts]);
  });

  it('reads the card anew when an admin takes Cases away today (INVALID_TYPE), without them', async () => {
    await refreshMatch(org.api, person([DEMO_FACTS.benCarter.dialpadNumber]));
    org.running.emulator.control.upsertPermissions('profile', { Name: 'Standard User', objectPermissions: { Case: { read: false, create: false, edit: false, delete: false } } });
    const later = await refreshMatch(org.api, person([DEMO_FACTS.benCarter.dialpadNumber]), Date.now() + 10 * 60_000);
    expect(cardOf(later.outcome)).toMatchObject({ cases: [], sections: { cases: false, opportunities: true } });
  });
});

describe("a company's main line", () => {
  it('shows the Account — owner, open deals with stage, open case, contacts to pick from — for one request after the search', async () => {
    const line = person([DEMO_FACTS.companyLine.dialpadNumber], { dialpadContactId: '6011254498361344' });
    const first = await countApiRequests(org.running, () => refreshMatch(org.api, line));
    expect(first.requests).toEqual([SEARCH, expect.stringMatching(/^GET .*\/query$/)]);
    const card = cardOf(first.result.outcome);
    expect(card).toMatchObject({ type: 'Account', name: DEMO_FACTS.companyLine.account, owner: DEMO_FACTS.companyLine.owner, phones: [DEMO_FACTS.companyLine.storedPhone], stage: DEMO_FACTS.companyLine.openStages[0] });
    expect(card.opportunities.map((deal) => [deal.name, deal.stage])).toEqual(DEMO_FACTS.companyLine.openOpportunities.map((name, i) => [name, DEMO_FACTS.companyLine.openStages[i]]));
    expect(card.cases.map((item) => item.subject)).toEqual([...DEMO_FACTS.companyLine.openCases]);
    expect(card.contacts.map((contact) => contact.name)).toEqual([...DEMO_FACTS.companyLine.contacts]);
    expect(card.recordUrl).toBe(`${org.running.url}/lightning/r/Account/${card.id}/view`);
    // Its activity rolls up its deals' and its own calls.
    expect(card.pastActivity.map((task) => task.subject)).toContain('Dialpad Call - Inbound / (3) min');
    expect(card.nextSteps.map((task) => task.subject)).toContain('Send the canopy site plan');
  });

  it("keeps people first: a main line some contacts share lists them, not the account", async () => {
    const shared = await refreshMatch(org.api, person([DEMO_FACTS.northwindMainLine.dialpadNumber]));
    expect(shared.outcome.kind === 'several' && shared.outcome.candidates.map((c) => c.type)).toEqual(['Contact', 'Contact', 'Contact']);
  });

  it('remembers a contact picked from the company card for that number, and finds them again after the cache is gone', async () => {
    const line = person([DEMO_FACTS.companyLine.dialpadNumber]);
    await refreshMatch(org.api, line);
    const marcus = recordId('Contact', 'Marcus Webb');
    const picked = await countApiRequests(org.running, () => pickRecord(org.api, line, 'Contact', marcus));
    expect(picked.requests).toHaveLength(1);
    expect(cardOf(picked.result.outcome)).toMatchObject({ type: 'Contact', name: 'Marcus Webb', company: DEMO_FACTS.companyLine.account });
    expect(await rememberedPick(keysOf(line))).toMatchObject({ type: 'Contact', id: marcus });
    // Without the cache, the search finds only the account; the pick still stands (its card names that account).
    const fresh = await matchPerson(org.api, { ...line, picked: { type: 'Contact', id: marcus } });
    expect(fresh).toMatchObject({ kind: 'matched', picked: true, card: { name: 'Marcus Webb' }, candidates: [{ type: 'Account', name: DEMO_FACTS.companyLine.account }] });
    // "Not the right person?" lists the account again.
    const listed = await rematch(org.api, line);
    expect(listed.outcome).toMatchObject({ kind: 'several', candidates: [{ type: 'Account' }] });
  });
});

describe('a name typed in the manual search', () => {
  it('finds the person with one search per pause, lists them even alone, and a pick opens the card and is remembered for the text', async () => {
    const typed = await countApiRequests(org.running, () => refreshMatch(org.api, byName('Ben Car')));
    expect(typed.requests).toEqual([SEARCH]);
    expect(typed.result.outcome).toMatchObject({ kind: 'several', candidates: [{ type: 'Contact', name: 'Ben Carter', company: 'Northwind Traders' }] });
    const benId = recordId('Contact', 'Ben Carter');
    const picked = await countApiRequests(org.running, () => pickRecord(org.api, byName('Ben Car'), 'Contact', benId));
    expect(picked.requests).toHaveLength(1);
    expect(cardOf(picked.result.outcome).name).toBe('Ben Carter');
    // The same text later: the card from the pick, no search.
    const again = await countApiRequests(org.running, () => refreshMatch(org.api, byName('Ben Car'), Date.now() + 10 * 60_000));
    expect(again.requests).toEqual([expect.stringMatching(/\/composite$/)]);
  });

  it("finds accounts by name, and a company's people by their account's name; Japanese names; nothing for an initial", async () => {
    const company = await refreshMatch(org.api, byName('bluefin'));
    const found = company.outcome.kind === 'several' ? company.outcome.candidates.map((c) => `${c.type}:${c.name}`) : [];
    expect(found).toEqual(expect.arrayContaining(['Account:Bluefin Logistics', 'Contact:Marcus Webb', 'Contact:Elena Petrova', 'Contact:Tom Alvarez']));
    // People first, accounts last.
    expect(found.at(-1)).toBe('Account:Bluefin Logistics');
    const yamada = await refreshMatch(org.api, byName('山田'));
    expect(yamada.outcome.kind === 'several' && yamada.outcome.candidates.map((c) => c.name)).toContain('山田 太郎');
    const initial = await countApiRequests(org.running, () => refreshMatch(org.api, byName('B')));
    expect(initial.requests).toEqual([]);
    expect(initial.result.outcome).toEqual({ kind: 'none', searched: ['B'] });
  });

  it('escapes what the user types: SOSL operators and braces are searched as text, not obeyed', async () => {
    const odd = await refreshMatch(org.api, byName('Carter} OR {x'));
    expect(odd.outcome.kind).toBe('none');
    expect((await refreshMatch(org.api, byName("O'Brien-Smith"))).outcome.kind).toBe('none');
    // Operators in any case are words of a name, not operators: "Ben or" would otherwise find everyone called Ben.
    for (const typed of ['Ben or', 'Ben OR Carter', 'Ben AND NOT Carter', 'not Ben']) {
      const outcome = (await refreshMatch(org.api, byName(typed))).outcome;
      expect(outcome.kind, typed).toBe('none');
    }
  });

  it("finds people and companies whose names hold SOSL's reserved characters, typed as they are written", async () => {
    const names = {
      obrien: { FirstName: 'Seán', LastName: "O'Brien-Smith", Phone: '+1 212 555 0187' },
      slash: { FirstName: 'Ana', LastName: 'Back\\slash', Phone: '+1 212 555 0188' },
      marks: { FirstName: 'Quin', LastName: 'Marks?!', Phone: '+1 212 555 0189' },
    };
    const ids = Object.fromEntries(await Promise.all(Object.entries(names).map(async ([key, fields]) => [key, await org.api.create('Contact', fields)])));
    const account = await org.api.create('Account', { Name: 'R&D | Labs [West] {Unit} ^~: "Best" (Tokyo) +1 *Star*', Phone: '+1 212 555 0190' });
    const found = async (typed: string) => {
      const { outcome } = await refreshMatch(org.api, byName(typed));
      return outcome.kind === 'several' ? outcome.candidates.map((c) => c.id) : [];
    };
    expect(await found("Seán O'Brien-Smith")).toEqual([ids.obrien]);
    expect(await found("o'bri")).toEqual([ids.obrien]);
    expect(await found('back\\slash')).toEqual([ids.slash]);
    expect(await found('Quin Marks?!')).toEqual([ids.marks]);
    for (const typed of ['R&D', '|', 'Labs [West]', '{Unit}', '^~:', '"Best"', '(Tokyo)', '+1', '*Star*', 'R&D Labs {Unit} "Best"']) {
      const hits = await found(typed);
      // A search Salesforce refused would throw. A word with fewer than two letters or digits is no term (SOSL needs two characters): nothing is asked.
      expect(hits, typed).toEqual((typed.match(/[\p{L}\p{N}]/gu) ?? []).length < 2 ? [] : [account]);
    }
  });
});

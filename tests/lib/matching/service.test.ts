import { describe, expect, it } from 'vitest';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { clearMatchingData, rememberedPick } from '../../../lib/matching/match-store';
import { cachedMatch, createPerson, FRESH_FOR_MS, UNSETTLED_FRESH_FOR_MS, keysOf, pickRecord, refreshMatch, rematch, type PersonQuery } from '../../../lib/matching/service';
import { countApiRequests } from '../../support/salesforce-session';
import { useDemoOrg } from '../../support/demo-org';

const org = useDemoOrg();

const person = (phones: string[], extra: Partial<PersonQuery> = {}): PersonQuery => ({ phones, objects: ['Contact', 'Lead'], region: 'US', ...extra });

describe('matching against the demo org', () => {
  it('matches a new number with the search and the card query, then serves it from cache with one request', async () => {
    const ben = person(['(415) 555-0100'], { dialpadContactId: '5629499534213120' });
    expect((await cachedMatch(ben)).outcome).toBeNull();
    const first = await countApiRequests(org.running, () => refreshMatch(org.api, ben));
    // The card query and Northwind's open deals together: one Composite request.
    expect(first.requests).toEqual([expect.stringMatching(/^GET \/services\/data\/v[\d.]+\/search$/), expect.stringMatching(/^POST .*\/composite$/)]);
    expect(first.result.outcome).toMatchObject({
      kind: 'matched',
      picked: false,
      card: { type: 'Contact', name: 'Ben Carter', title: DEMO_FACTS.benCarter.title, company: 'Northwind Traders', owner: 'Alex Morgan', stage: 'Proposal/Price Quote' },
    });
    const card = first.result.outcome.kind === 'matched' ? first.result.outcome.card : null;
    expect(card?.nextSteps).toHaveLength(DEMO_FACTS.benCarter.openTasks);
    expect(card?.pastActivity).toHaveLength(DEMO_FACTS.benCarter.completedTasks);
    expect(card?.recordUrl).toBe(`${org.running.url}/lightning/r/Contact/${card?.id}/view`);

    const painted = await countApiRequests(org.running, () => cachedMatch(ben));
    expect(painted.requests).toEqual([]);
    expect(painted.result).toMatchObject({ fromCache: true, outcome: { kind: 'matched', card: { id: card?.id } } });
    // Within the freshness window a refresh asks nothing; after it, one card query.
    expect((await countApiRequests(org.running, () => refreshMatch(org.api, ben))).requests).toEqual([]);
    const refreshed = await countApiRequests(org.running, () => refreshMatch(org.api, ben, Date.now() + FRESH_FOR_MS + 1));
    expect(refreshed.requests).toHaveLength(1);
    expect(refreshed.requests[0]).toMatch(/\/composite$/);
  });

  it('finds a number stored in another format, and a Lead', async () => {
    const yamada = await refreshMatch(org.api, person(['+81 3-1234-5678'], { region: 'JP' }));
    expect(yamada.outcome).toMatchObject({ kind: 'matched', card: { name: '山田 太郎', company: 'さくら商事株式会社', stage: 'Negotiation/Review' } });
    const lead = await refreshMatch(org.api, person(['+81 80-2222-3333'], { region: 'JP' }));
    expect(lead.outcome).toMatchObject({ kind: 'matched', card: { type: 'Lead', name: '田中 晃', company: '田中商事', stage: 'Working - Contacted' } });
  });

  it('lists several matches, remembers the pick, and forgets it on "not the right person"', async () => {
    const line = person(['+1 415-555-0199'], { dialpadContactId: '4573968371548160' });
    const several = await refreshMatch(org.api, line);
    expect(several.outcome.kind).toBe('several');
    const candidates = several.outcome.kind === 'several' ? several.outcome.candidates : [];
    expect(candidates.map((c) => c.name).sort()).toEqual([...DEMO_FACTS.northwindMainLine.matches].sort());
    expect(candidates.every((c) => c.company === 'Northwind Traders' && c.owner)).toBe(true);

    const chosen = candidates.find((c) => c.name === 'Liam Novak')!;
    const picked = await countApiRequests(org.running, () => pickRecord(org.api, line, chosen.type, chosen.id));
    expect(picked.requests).toHaveLength(1);
    expect(picked.result.outcome).toMatchObject({ kind: 'matched', picked: true, card: { name: 'Liam Novak' } });
    expect(await rememberedPick(keysOf(line))).toMatchObject({ id: chosen.id });
    // Another Dialpad contact with the same number: the number's pick is used (call logging relies on it).
    expect(await rememberedPick(keysOf(person(['(415) 555-0199'])))).toMatchObject({ id: chosen.id });

    await clearMatchingData(); // the cache is gone, the pick must come from a fresh search…
    expect((await refreshMatch(org.api, line)).outcome.kind).toBe('several');
    await pickRecord(org.api, line, chosen.type, chosen.id);
    const again = await refreshMatch(org.api, line);
    expect(again.outcome).toMatchObject({ kind: 'matched', picked: true, card: { name: 'Liam Novak' } });

    const listed = await rematch(org.api, line);
    expect(listed.outcome.kind).toBe('several');
    expect(await rememberedPick(keysOf(line))).toBeNull();
  });

  it('says when nobody matches, and creates the Contact with the number so it matches at once', async () => {
    const dana = person(['+1 646-555-0142'], { dialpadContactId: '5910974510923776' });
    expect((await refreshMatch(org.api, dana)).outcome).toMatchObject({ kind: 'none', searched: ['+16465550142'] });
    const created = await createPerson(org.api, dana, { type: 'Contact', firstName: 'Dana', lastName: 'Whitfield', phone: '+1 646-555-0142', email: 'dana.whitfield@example.net' });
    expect(created).toMatchObject({ outcome: { kind: 'matched', picked: true, card: { type: 'Contact', name: 'Dana Whitfield', owner: 'Alex Morgan', nextSteps: [], pastActivity: [] } } });
    const records = org.running.emulator.control.records('Contact') as Array<Record<string, unknown>>;
    expect(records.filter((r) => r.LastName === 'Whitfield')).toMatchObject([{ FirstName: 'Dana', Phone: '+1 646-555-0142', Email: 'dana.whitfield@example.net' }]);
    await clearMatchingData();
    expect((await refreshMatch(org.api, dana)).outcome).toMatchObject({ kind: 'matched', card: { name: 'Dana Whitfield' } });
  });

  it('searches a number nobody has once, however often it is viewed within a minute (#17)', async () => {
    const stranger = person(['+1 212-555-0199']);
    const views = await countApiRequests(org.running, async () => {
      for (let i = 0; i < 100; i++) await refreshMatch(org.api, stranger);
    });
    expect(views.requests).toHaveLength(1);
    const later = await countApiRequests(org.running, () => refreshMatch(org.api, stranger, Date.now() + UNSETTLED_FRESH_FOR_MS));
    expect(later.requests).toHaveLength(1);
  });

  it('refuses a Lead without a company the way Salesforce does', async () => {
    await expect(createPerson(org.api, person(['+12025550173']), { type: 'Lead', firstName: 'No', lastName: 'Company' })).rejects.toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
    });
  });
});

describe('matching for a standard rep whose admin restricted what they see', () => {
  const ben = () => person(['(415) 555-0100'], { dialpadContactId: '5629499534213120' });

  it('leaves hidden fields off the card (HomePhone, Title), and still finds the person by the numbers they see', async () => {
    org.running.emulator.control.upsertPermissions('profile', {
      Name: 'Standard User',
      fieldPermissions: { 'Contact.HomePhone': { read: false, edit: false }, 'Contact.Title': { read: false, edit: false } },
    });
    await org.api.orgFacts({ refresh: true });
    const { outcome } = await refreshMatch(org.api, ben());
    expect(outcome).toMatchObject({ kind: 'matched', card: { name: 'Ben Carter', title: null, company: 'Northwind Traders', stage: DEMO_FACTS.benCarter.openStage } });
  });

  it('leaves out an object the user cannot read: a Lead-only number matches nobody, Contacts still match', async () => {
    org.running.emulator.control.upsertPermissions('profile', { Name: 'Standard User', objectPermissions: { Lead: { read: false, create: false, edit: false, delete: false } } });
    await org.api.orgFacts({ refresh: true });
    expect((await refreshMatch(org.api, person([DEMO_FACTS.tanakaLead.dialpadNumber], { region: 'JP' }))).outcome).toMatchObject({ kind: 'none' });
    expect((await refreshMatch(org.api, ben())).outcome).toMatchObject({ kind: 'matched', card: { name: 'Ben Carter' } });
  });

  it('reads the facts again when Salesforce refuses a field they allowed (an admin hid it today), and answers', async () => {
    const first = await refreshMatch(org.api, ben());
    expect(first.outcome).toMatchObject({ kind: 'matched', card: { title: DEMO_FACTS.benCarter.title } });
    org.running.emulator.control.upsertPermissions('profile', { Name: 'Standard User', fieldPermissions: { 'Contact.Title': { read: false, edit: false } } });
    const again = await countApiRequests(org.running, () => refreshMatch(org.api, ben(), Date.now() + FRESH_FOR_MS));
    // The card query is refused (INVALID_FIELD), the facts are read again, the card query answers.
    expect(again.requests).toEqual([expect.stringMatching(/\/composite$/), expect.stringMatching(/\/composite$/), expect.stringMatching(/\/composite$/)]);
    expect(again.result.outcome).toMatchObject({ kind: 'matched', card: { name: 'Ben Carter', title: null } });
  });

  it('answers a duplicate rule with the records it matched; the user saves anyway (alert rule) or cannot (block rule)', async () => {
    const carter = person(['+1 202-555-0173']);
    const record = { type: 'Contact' as const, firstName: 'Ben', lastName: 'Carter', phone: DEMO_FACTS.benCarter.storedPhone };
    const stopped = await createPerson(org.api, carter, record);
    expect(stopped).toMatchObject({ duplicates: { allowSave: true, records: [{ type: 'Contact', name: 'Ben Carter', title: DEMO_FACTS.benCarter.title }] } });
    const found = 'duplicates' in stopped ? stopped.duplicates.records[0]! : null;
    expect(found?.recordUrl).toBe(`${org.api.instanceUrl}/lightning/r/Contact/${found?.id}/view`);
    const saved = await createPerson(org.api, carter, record, { allowDuplicate: true });
    expect(saved).toMatchObject({ outcome: { kind: 'matched', card: { name: 'Ben Carter' } } });

    org.running.emulator.control.setDuplicateRules([{ DeveloperName: 'No_Twins', SobjectType: 'Contact', action: 'block', matchOn: [['FirstName', 'LastName']] }]);
    expect(await createPerson(org.api, carter, record, { allowDuplicate: true })).toMatchObject({ duplicates: { allowSave: false } });
  });

  it('shows a Lead converted since it was picked as the Contact it became', async () => {
    const tanaka = person([DEMO_FACTS.tanakaLead.dialpadNumber], { region: 'JP' });
    const matched = await refreshMatch(org.api, tanaka);
    expect(matched.outcome).toMatchObject({ kind: 'matched', card: { type: 'Lead' } });
    const leadId = matched.outcome.kind === 'matched' ? matched.outcome.card.id : '';
    const { contactId } = org.running.emulator.control.convertLead(leadId);
    const later = await refreshMatch(org.api, tanaka, Date.now() + FRESH_FOR_MS);
    expect(later.outcome).toMatchObject({ kind: 'matched', card: { type: 'Contact', id: contactId, name: DEMO_FACTS.tanakaLead.name } });
  });
});

describe('the progressive card (#18)', () => {
  it('tells who it is from the search answer, before the card query, without a request more', async () => {
    const ben = person(['(415) 555-0100'], { dialpadContactId: '5629499534213120' });
    const seen: Array<{ requestsSoFar: number; card: unknown }> = [];
    const mark = org.running.emulator.control.mark();
    const onWho = (_keys: unknown, card: unknown) => seen.push({ requestsSoFar: org.running.emulator.control.requestsSince(mark).requests.filter((r) => r.path.startsWith('/services/data/')).length, card });
    const first = await countApiRequests(org.running, () => refreshMatch(org.api, ben, Date.now(), { onWho }));
    expect(first.requests).toHaveLength(2);
    expect(seen).toHaveLength(1);
    // Published after the search (1 request), before the card query answered.
    expect(seen[0]!.requestsSoFar).toBe(1);
    expect(seen[0]!.card).toMatchObject({ partial: true, name: 'Ben Carter', title: DEMO_FACTS.benCarter.title, company: 'Northwind Traders', owner: 'Alex Morgan', stage: null, nextSteps: [] });
    // The cache holds only the whole card.
    expect((await cachedMatch(ben)).outcome).toMatchObject({ kind: 'matched', card: { stage: 'Proposal/Price Quote' } });
    expect(((await cachedMatch(ben)).outcome as { card: { partial?: boolean } }).card.partial).toBeUndefined();
  });

  it('tells nothing early when asked without it, or when the search finds nobody', async () => {
    const seen: unknown[] = [];
    await refreshMatch(org.api, person(['(415) 555-0100'], { dialpadContactId: '5629499534213120' }));
    await refreshMatch(org.api, person(['+1 628 555 0199']), Date.now(), { onWho: (_keys, card) => seen.push(card) });
    expect(seen).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { fullName } from '../../../emulator/org/dml';
import { EmulatedOrg } from '../../../emulator/org/org';
import { phoneMatches } from '../../../emulator/org/sosl';
import type { RequestContext } from '../../../emulator/org/types';
import { buildDemoOrgSnapshot, DEMO_FACTS } from '../../../emulator/seed/demo-records';

const NOW = new Date('2026-11-24T12:00:00Z');
const snapshot = buildDemoOrgSnapshot(NOW);
const org = new EmulatedOrg(snapshot);
const ctx: RequestContext = { userId: snapshot.users[0]!.Id, apiVersion: '62.0', now: NOW };
const PHONE_FIELDS = ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone', 'Fax'];

/** Every record of any type holding a number that matches `number`, as `Type:Name`. */
function holders(number: string): string[] {
  const out: string[] = [];
  for (const [type, records] of Object.entries(snapshot.records)) {
    for (const record of records) {
      if (PHONE_FIELDS.some((field) => typeof record[field] === 'string' && phoneMatches(record[field], number))) out.push(`${type}:${String(record.Name ?? fullName(record.FirstName, record.LastName))}`);
    }
  }
  return out.sort();
}

describe('the demo org', () => {
  it('is deterministic for a given day', () => {
    expect(buildDemoOrgSnapshot(NOW)).toEqual(snapshot);
  });

  it('has the size and mix the demo needs', () => {
    expect(snapshot.org.name).toBe(DEMO_FACTS.orgName);
    expect(snapshot.users.length).toBeGreaterThanOrEqual(4);
    expect(snapshot.users.some((u) => u.Name === '佐藤 花子')).toBe(true);
    const count = (type: string) => snapshot.records[type]!.length;
    expect(count('Account')).toBeGreaterThanOrEqual(40);
    expect(count('Contact')).toBeGreaterThanOrEqual(300);
    expect(count('Lead')).toBeGreaterThanOrEqual(30);
    expect(new Set(snapshot.records.Opportunity!.map((o) => o.StageName)).size).toBeGreaterThanOrEqual(8);
    expect(count('OpportunityContactRole')).toBeGreaterThanOrEqual(40);
    const phones = snapshot.records.Contact!.map((c) => String(c.Phone ?? ''));
    expect(phones.some((p) => /^0\d-\d{4}-\d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => p.startsWith('+81 '))).toBe(true);
    expect(phones.some((p) => /^\(\d{3}\) \d{3}-\d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => /ext\. \d+$/.test(p))).toBe(true);
    expect(snapshot.records.Contact!.some((c) => /\p{Script=Han}/u.test(String(c.LastName)))).toBe(true);
    expect(org.query("SELECT COUNT() FROM Task WHERE TaskSubtype = 'Call' AND IsClosed = true", ctx).totalSize).toBeGreaterThan(50);
    expect(org.query('SELECT COUNT() FROM Task WHERE IsClosed = false', ctx).totalSize).toBeGreaterThan(10);
  });

  it('holds duplicate contacts and shared company lines', () => {
    const byName = new Map<string, number>();
    for (const c of snapshot.records.Contact!) byName.set(`${String(c.Name)}|${String(c.AccountId)}`, (byName.get(`${String(c.Name)}|${String(c.AccountId)}`) ?? 0) + 1);
    expect([...byName.values()].some((n) => n > 1)).toBe(true);
    const sharing = snapshot.records.Account!.filter((a) => snapshot.records.Contact!.filter((c) => c.Phone === a.Phone).length >= 2);
    expect(sharing.length).toBeGreaterThan(3);
  });

  it('keeps every derived field consistent with what the org derives', () => {
    const reloaded = new EmulatedOrg(new EmulatedOrg(snapshot).snapshot()).snapshot();
    expect(reloaded.records).toEqual(new EmulatedOrg(snapshot).snapshot().records);
    for (const task of snapshot.records.Task!) expect(task.IsClosed).toBe(task.Status === 'Completed');
  });
});

describe('the fixed facts (DEMO_FACTS)', () => {
  it('Ben Carter: the only holder of his number, with his title, account, owner and open opportunity', () => {
    expect(holders(DEMO_FACTS.benCarter.dialpadNumber)).toEqual(['Contact:Ben Carter']);
    const benId = org.query("SELECT Id FROM Contact WHERE Name = 'Ben Carter'", ctx).records[0]!.Id as string;
    const [ben] = org.query(
      'SELECT Id, Name, Title, Phone, Email, Account.Name, Owner.Name, (SELECT IsPrimary, Opportunity.Name, Opportunity.StageName FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false), ' +
        '(SELECT ActivityDate FROM OpenActivities ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT 100), ' +
        `(SELECT TaskSubtype FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 100) FROM Contact WHERE Id = '${benId}'`,
      ctx,
    ).records;
    expect(ben).toMatchObject({
      Title: DEMO_FACTS.benCarter.title,
      Phone: DEMO_FACTS.benCarter.storedPhone,
      Email: 'ben.carter@northwind.example',
      Account: { Name: DEMO_FACTS.benCarter.account },
      Owner: { Name: DEMO_FACTS.benCarter.owner },
      OpportunityContactRoles: { totalSize: 1, records: [{ IsPrimary: true, Opportunity: { Name: 'Northwind Traders — Fleet renewal', StageName: DEMO_FACTS.benCarter.openStage } }] },
    });
    const open = (ben!.OpenActivities as { records: Array<{ ActivityDate: string }> }).records;
    expect(open).toHaveLength(DEMO_FACTS.benCarter.openTasks);
    expect(open.filter((t) => t.ActivityDate < '2026-11-24')).toHaveLength(1);
    expect(open.filter((t) => t.ActivityDate > '2026-11-24')).toHaveLength(1);
    const past = (ben!.ActivityHistories as { records: Array<{ TaskSubtype: string }> }).records;
    expect(past).toHaveLength(DEMO_FACTS.benCarter.completedTasks);
    expect(past.every((t) => t.TaskSubtype === 'Call')).toBe(true);
  });

  it('山田 太郎, the Northwind main line, the 田中 Lead, and numbers nobody has', () => {
    expect(holders(DEMO_FACTS.yamada.dialpadNumber)).toEqual(['Contact:山田 太郎']);
    const yamadaId = org.query("SELECT Id FROM Contact WHERE Name = '山田 太郎'", ctx).records[0]!.Id as string;
    const [yamada] = org.query(
      'SELECT FirstName, LastName, Phone, Account.Name, Owner.Name, (SELECT Id FROM OpenActivities ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT 100), ' +
        `(SELECT Id FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 100) FROM Contact WHERE Id = '${yamadaId}'`,
      ctx,
    ).records;
    expect(yamada).toMatchObject({ FirstName: '太郎', LastName: '山田', Phone: DEMO_FACTS.yamada.storedPhone, Account: { Name: DEMO_FACTS.yamada.account }, Owner: { Name: DEMO_FACTS.yamada.owner } });
    // The Japanese screenshots' card: as full as Ben Carter's.
    expect((yamada!.OpenActivities as { totalSize: number }).totalSize).toBe(DEMO_FACTS.yamada.openTasks);
    expect((yamada!.ActivityHistories as { totalSize: number }).totalSize).toBe(DEMO_FACTS.yamada.completedTasks);

    const mainLine = holders(DEMO_FACTS.northwindMainLine.dialpadNumber).filter((h) => h.startsWith('Contact:'));
    expect(mainLine).toEqual(DEMO_FACTS.northwindMainLine.matches.map((n) => `Contact:${n}`).sort());
    const formats = snapshot.records.Contact!.filter((c) => (DEMO_FACTS.northwindMainLine.matches as readonly string[]).includes(fullName(c.FirstName, c.LastName))).map((c) => c.Phone);
    expect(new Set(formats).size).toBe(3);

    expect(holders(DEMO_FACTS.tanakaLead.dialpadNumber)).toEqual(['Lead:田中 晃']);
    for (const number of DEMO_FACTS.noMatchNumbers) expect(holders(number)).toEqual([]);
  });

  it("Ben's open deals (his contact role's, then the rest of Northwind's) and open case", () => {
    const benId = org.query("SELECT Id FROM Contact WHERE Name = 'Ben Carter'", ctx).records[0]!.Id as string;
    const [ben] = org.query(`SELECT Id, (SELECT Subject FROM Cases WHERE IsClosed = false) FROM Contact WHERE Id = '${benId}'`, ctx).records;
    expect((ben!.Cases as { records: Array<{ Subject: string }> }).records.map((c) => c.Subject)).toEqual([...DEMO_FACTS.benCarter.openCases]);
    const deals = org.query(
      `SELECT Name FROM Opportunity WHERE IsClosed = false AND AccountId IN (SELECT AccountId FROM Contact WHERE Id = '${benId}') ORDER BY LastModifiedDate DESC`,
      ctx,
    ).records.map((o) => o.Name);
    // The add-on changed more recently than the renewal, which is still the one his role names.
    expect(deals).toEqual([DEMO_FACTS.benCarter.openOpportunities[1], DEMO_FACTS.benCarter.openOpportunities[0]]);
  });

  it('the company main line: Bluefin Logistics alone holds it, with its deals, case and contacts', () => {
    const line = DEMO_FACTS.companyLine;
    expect(holders(line.dialpadNumber)).toEqual([`Account:${line.account}`]);
    const accountId = org.query(`SELECT Id FROM Account WHERE Name = '${line.account}'`, ctx).records[0]!.Id as string;
    const [account] = org.query(
      'SELECT Phone, Owner.Name, (SELECT Name, StageName FROM Opportunities WHERE IsClosed = false ORDER BY LastModifiedDate DESC), ' +
        `(SELECT Subject FROM Cases WHERE IsClosed = false), (SELECT Name FROM Contacts ORDER BY Name) FROM Account WHERE Id = '${accountId}'`,
      ctx,
    ).records;
    expect(account).toMatchObject({ Phone: line.storedPhone, Owner: { Name: line.owner } });
    const names = (relationship: string, field = 'Name') => (account![relationship] as { records: Array<Record<string, unknown>> }).records.map((r) => r[field]);
    expect(names('Opportunities')).toEqual([...line.openOpportunities]);
    expect(names('Opportunities', 'StageName')).toEqual([...line.openStages]);
    expect(names('Cases', 'Subject')).toEqual([...line.openCases]);
    expect(names('Contacts')).toEqual([...line.contacts]);
  });
});

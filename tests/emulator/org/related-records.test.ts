/**
 * The records a call can belong to besides the person (issue 19): Cases, a Task's What and the
 * AccountId Salesforce derives from it, an Account's rolled-up activity, semi-joins (how the card
 * reads an account's deals in the same request), and SOSL's NAME FIELDS.
 */
import { describe, expect, it } from 'vitest';
import { fixture, fixtureSnapshot, IDS, refusal } from './fixture';
import type { RequestContext } from '../../../emulator/org/types';
import type { EmulatedOrg } from '../../../emulator/org/org';

type Row = Record<string, unknown>;
const LEGAL_PAST = 'ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 50';

function withCases(): { org: EmulatedOrg; ctx: RequestContext; rep: RequestContext; open: string; closed: string } {
  const { org, ctx, rep } = fixture();
  const open = org.create('Case', { Subject: 'Inverter alarm', Status: 'Working', ContactId: IDS.ben, AccountId: IDS.acme }, ctx);
  const closed = org.create('Case', { Subject: 'Old billing question', Status: 'Closed', ContactId: IDS.ben, AccountId: IDS.acme }, ctx);
  return { org, ctx, rep, open, closed };
}

describe('Cases', () => {
  it('numbers each new Case, closes it by its status, and lists it under its contact and account', () => {
    const { org, rep, open, closed } = withCases();
    const [first, second] = org.query(`SELECT Id, CaseNumber, IsClosed, Priority FROM Case ORDER BY CaseNumber`, rep).records;
    expect(first).toMatchObject({ Id: open, CaseNumber: expect.stringMatching(/^\d{8}$/), IsClosed: false, Priority: 'Medium' });
    expect(second).toMatchObject({ Id: closed, IsClosed: true });
    expect(Number(second!.CaseNumber)).toBe(Number(first!.CaseNumber) + 1);
    const [ben] = org.query(`SELECT Id, (SELECT Subject, Status FROM Cases WHERE IsClosed = false ORDER BY LastModifiedDate DESC LIMIT 10) FROM Contact WHERE Id = '${IDS.ben}'`, rep).records;
    expect((ben!.Cases as { records: Row[] }).records.map((r) => r.Subject)).toEqual(['Inverter alarm']);
    const [acme] = org.query(`SELECT Id, (SELECT Subject FROM Cases ORDER BY Subject) FROM Account WHERE Id = '${IDS.acme}'`, rep).records;
    expect((acme!.Cases as { records: Row[] }).records.map((r) => r.Subject)).toEqual(['Inverter alarm', 'Old billing question']);
  });

  it('are an object a profile may not grant: then they do not exist for that user', () => {
    const snapshot = fixtureSnapshot();
    const all = { read: true, create: true, edit: true, delete: true };
    snapshot.profiles = [{ Id: '00e000000000001AAA', Name: 'Standard User', objectPermissions: { Account: all, Contact: all, Lead: all, Opportunity: all, Task: all } }];
    const { org, ctx, rep } = fixture(snapshot);
    const caseId = org.create('Case', { Subject: 'Inverter alarm', ContactId: IDS.ben }, ctx);
    expect(refusal(() => org.query(`SELECT Id, (SELECT Id FROM Cases) FROM Contact WHERE Id = '${IDS.ben}'`, rep)).errorCode).toBe('INVALID_TYPE');
    expect(refusal(() => org.create('Task', { Subject: 'Call', WhoId: IDS.ben, WhatId: caseId }, rep)).errorCode).toBe('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY');
    expect((org.describe('Contact', rep) as { childRelationships: Row[] }).childRelationships.map((c) => c.relationshipName)).not.toContain('Cases');
  });
});

describe("a Task's What and the account Salesforce derives from it", () => {
  it('relates a Task to a Case or an Opportunity, never when its Who is a Lead', () => {
    const { org, rep, open } = withCases();
    const onCase = org.create('Task', { Subject: 'Call about the alarm', WhoId: IDS.ben, WhatId: open }, rep);
    expect(org.query(`SELECT What.Type, What.Name FROM Task WHERE Id = '${onCase}'`, rep).records[0]).toMatchObject({ What: { Type: 'Case' } });
    const refused = refusal(() => org.create('Task', { Subject: 'Lead call', WhoId: IDS.lead, WhatId: IDS.deal }, rep));
    expect(refused).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId', 'WhatId'] });
  });

  it("sets AccountId from the What's account, else the contact's, and rolls activity up to the account", () => {
    const { org, rep, open } = withCases();
    const ids = {
      onDeal: org.create('Task', { Subject: 'Deal call', Status: 'Completed', WhatId: IDS.deal }, rep),
      onAccount: org.create('Task', { Subject: 'Main line call', Status: 'Completed', WhatId: IDS.acme }, rep),
      onContactAndCase: org.create('Task', { Subject: 'Case call', Status: 'Completed', WhoId: IDS.ben, WhatId: open }, rep),
      onLead: org.create('Task', { Subject: 'Lead call', Status: 'Completed', WhoId: IDS.lead }, rep),
    };
    const accountOf = (id: string) => org.query(`SELECT AccountId FROM Task WHERE Id = '${id}'`, rep).records[0]!.AccountId;
    expect(accountOf(ids.onDeal)).toBe(IDS.acme);
    expect(accountOf(ids.onAccount)).toBe(IDS.acme);
    expect(accountOf(ids.onContactAndCase)).toBe(IDS.acme);
    expect(accountOf(ids.onLead)).toBeNull();
    expect(refusal(() => org.update('Task', ids.onDeal, { AccountId: IDS.sakura }, rep)).errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    // The account's history: its own calls, its deals' and its contacts' (the fixture's too).
    const [acme] = org.query(`SELECT Id, (SELECT Subject FROM ActivityHistories ${LEGAL_PAST}) FROM Account WHERE Id = '${IDS.acme}'`, rep).records;
    const subjects = (acme!.ActivityHistories as { records: Row[] }).records.map((r) => r.Subject);
    expect(subjects).toEqual(expect.arrayContaining(['Deal call', 'Main line call', 'Case call', 'Call 100% done', 'Call_B', 'Deal review']));
    expect(subjects).not.toContain('Lead call');
  });
});

describe('semi-joins and anti-joins', () => {
  it("reads a contact's account's open deals in one query", () => {
    const { org, rep } = fixture();
    const soql = (contact: string) =>
      `SELECT Name, StageName FROM Opportunity WHERE IsClosed = false AND AccountId IN (SELECT AccountId FROM Contact WHERE Id = '${contact}') ORDER BY LastModifiedDate DESC LIMIT 10`;
    expect(org.query(soql(IDS.ben), rep).records.map((r) => r.Name)).toEqual(['Acme — Fleet renewal']);
    // A contact without an account selects no id: no deals (not every deal without an account).
    expect(org.query(soql(IDS.orphan), rep).records).toEqual([]);
    const anti = org.query(`SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity) ORDER BY Name`, rep).records.map((r) => r.Name);
    expect(anti).toEqual(['さくら商事株式会社']);
  });

  it('refuses what Salesforce refuses: OR, more than two, a field that is not an id, nesting', () => {
    const { org, rep } = fixture();
    const refused = (soql: string) => refusal(() => org.query(soql, rep));
    expect(refused(`SELECT Id FROM Opportunity WHERE AccountId IN (SELECT AccountId FROM Contact) OR IsClosed = true`).message).toContain("Semi join sub-selects are not allowed with the 'OR' operator");
    expect(refused(`SELECT Id FROM Opportunity WHERE Name IN (SELECT AccountId FROM Contact)`).errorCode).toBe('MALFORMED_QUERY');
    expect(refused(`SELECT Id FROM Opportunity WHERE AccountId IN (SELECT LastName FROM Contact)`).message).toContain('semi join sub selects can only query id fields');
    const three = ['Contact', 'Opportunity', 'Case'].map((type) => `Id IN (SELECT AccountId FROM ${type})`).join(' AND ');
    expect(refused(`SELECT Id FROM Account WHERE ${three}`).errorCode).toBe('MALFORMED_QUERY');
    expect(refused(`SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Id IN (SELECT ContactId FROM Case))`).errorCode).toBe('MALFORMED_QUERY');
  });

  it('runs the sub-select as the user: an object they cannot read is not there', () => {
    const snapshot = fixtureSnapshot();
    snapshot.profiles = [{ Id: '00e000000000001AAA', Name: 'Standard User', objectPermissions: { Account: { read: true }, Contact: { read: true }, Opportunity: { read: false } } }];
    const { org, rep } = fixture(snapshot);
    expect(refusal(() => org.query(`SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity)`, rep)).errorCode).toBe('INVALID_TYPE');
  });
});

describe('SOSL in NAME FIELDS', () => {
  it("finds people by name with a trailing wildcard, contacts by their account's name, accounts by website, cases by subject", () => {
    const { org, rep, ctx } = fixture();
    org.update('Account', IDS.acme, { Website: 'acme.example' }, ctx);
    org.create('Case', { Subject: 'Inverter alarm', ContactId: IDS.ben }, ctx);
    const found = (sosl: string) => org.search(sosl, rep).searchRecords.map((r) => `${r.attributes.type}:${String(r.Name ?? r.Subject)}`);
    expect(found('FIND {car*} IN NAME FIELDS RETURNING Contact(Name), Lead(Name), Account(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {ben AND car*} IN NAME FIELDS RETURNING Contact(Name)')).toEqual(['Contact:Ben Carter']);
    expect(found('FIND {acme} IN NAME FIELDS RETURNING Contact(Name ORDER BY Name), Account(Name)')).toEqual(['Contact:Ann Lee', 'Contact:Ben Carter', 'Account:Acme Corp']);
    expect(found('FIND {"acme.example"} IN NAME FIELDS RETURNING Account(Name)')).toEqual(['Account:Acme Corp']);
    expect(found('FIND {inverter} IN NAME FIELDS RETURNING Case(Subject)')).toEqual(['Case:Inverter alarm']);
    expect(found('FIND {田中} IN NAME FIELDS RETURNING Lead(Name)')).toEqual(['Lead:田中 晃']);
    // Title is not a name field.
    expect(found('FIND {VP} IN NAME FIELDS RETURNING Contact(Name)')).toEqual([]);
  });

  it("finds an account by its Phone in PHONE FIELDS, as it finds people", () => {
    const { org, rep } = fixture();
    const found = org.search('FIND {"4155550199"} IN PHONE FIELDS RETURNING Contact(Name), Account(Name, Phone)', rep).searchRecords;
    expect(found.map((r) => `${r.attributes.type}:${String(r.Name)}`)).toEqual(['Contact:Ann Lee', 'Account:Acme Corp']);
  });
});

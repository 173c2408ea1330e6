import { describe, expect, it } from 'vitest';
import { buildMatchSearch, buildCardQuery } from '../../../lib/matching/queries';
import { normalizePhone } from '../../../lib/matching/phone';
import { checksumSuffix, makeId, to18 } from '../../../emulator/org/ids';
import { EmulatedOrg } from '../../../emulator/org/org';
import { phoneMatches } from '../../../emulator/org/sosl';
import { SalesforceError, type RequestContext } from '../../../emulator/org/types';
import { buildDemoOrgSnapshot, DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { factsOf } from '../../support/org-facts';

const NOW = new Date('2026-11-24T12:00:00Z');

function demo() {
  const snapshot = buildDemoOrgSnapshot(NOW);
  const org = new EmulatedOrg(snapshot);
  const ctx: RequestContext = { userId: snapshot.users[0]!.Id, apiVersion: '62.0', now: NOW };
  return { org, ctx, snapshot };
}

function refusal(run: () => unknown): { errorCode: string; message: string; fields?: string[]; status: number } {
  try {
    run();
  } catch (error) {
    if (error instanceof SalesforceError) return { errorCode: error.errorCode, message: error.message, fields: error.fields, status: error.status };
    throw error;
  }
  throw new Error('expected Salesforce to refuse');
}

describe('record ids', () => {
  it('computes the case-safe suffix Salesforce documents', () => {
    // Salesforce's own example pair from its documentation of 15/18-character ids.
    expect(checksumSuffix('001A0000006Vm9r')).toBe('IAC');
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(to18('001A0000006Vm9rIAX')).toBeNull();
    expect(makeId('00T', 1)).toMatch(/^00T5g0{9}1[A-Z0-5]{3}$/);
  });
});

describe('DML validation', () => {
  it('creates a Task with Salesforce defaults and derived fields', () => {
    const { org, ctx } = demo();
    const id = org.create('Task', { Subject: 'Call', Status: 'Completed' }, ctx);
    expect(id).toMatch(/^00T[a-zA-Z0-9]{15}$/);
    const task = org.retrieve('Task', id, ctx, ['Subject', 'Status', 'IsClosed', 'Priority', 'TaskSubtype', 'OwnerId', 'CreatedDate']);
    expect(task).toMatchObject({ Subject: 'Call', IsClosed: true, Priority: 'Normal', TaskSubtype: 'Task', OwnerId: ctx.userId, CreatedDate: '2026-11-24T12:00:00.000+0000' });
  });

  it('answers each rule with its error code and field', () => {
    const { org, ctx } = demo();
    const lead = org.query("SELECT Id FROM Lead WHERE LastName = '田中'", ctx).records[0]!.Id as string;
    const account = org.query("SELECT Id FROM Account WHERE Name = 'Northwind Traders'", ctx).records[0]!.Id as string;
    expect(refusal(() => org.create('Contact', { FirstName: 'No' }, ctx))).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
    expect(refusal(() => org.create('Task', { Subject: 'x'.repeat(256) }, ctx))).toMatchObject({ errorCode: 'STRING_TOO_LONG', fields: ['Subject'] });
    expect(refusal(() => org.create('Task', { Status: 'Done' }, ctx))).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Status'] });
    expect(refusal(() => org.create('Task', { WhoId: account }, ctx))).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId'] });
    expect(refusal(() => org.create('Task', { WhoId: lead, WhatId: account }, ctx))).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId', 'WhatId'] });
    expect(refusal(() => org.create('Task', { IsClosed: true }, ctx))).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['IsClosed'] });
    expect(refusal(() => org.create('Task', { Nope__c: 1 }, ctx))).toMatchObject({ errorCode: 'INVALID_FIELD', status: 400 });
    const task = org.create('Task', { Subject: 'Once', TaskSubtype: 'Call' }, ctx);
    expect(refusal(() => org.update('Task', task, { TaskSubtype: 'Task' }, ctx))).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    org.delete('Task', task, ctx);
    expect(refusal(() => org.update('Task', task, { Subject: 'again' }, ctx))).toMatchObject({ errorCode: 'ENTITY_IS_DELETED', status: 404 });
    expect(refusal(() => org.retrieve('Task', '00T5g00000zzzzzAAA', ctx))).toMatchObject({ errorCode: 'NOT_FOUND', status: 404 });
  });
});

describe('SOQL', () => {
  it('answers the record card query with relationship fields and child subqueries (B2), for a standard rep', () => {
    const { org, ctx } = demo();
    const ben = org.query("SELECT Id FROM Contact WHERE Name = 'ben carter'", ctx).records;
    expect(ben).toHaveLength(1);
    const [card] = org.query(buildCardQuery('Contact', ben[0]!.Id as string, factsOf(org, ctx)), ctx).records;
    expect(card).toMatchObject({
      attributes: { type: 'Contact' },
      Name: 'Ben Carter',
      Title: DEMO_FACTS.benCarter.title,
      Account: { attributes: { type: 'Account' }, Name: 'Northwind Traders' },
      Owner: { Name: 'Alex Morgan' },
      OpportunityContactRoles: { totalSize: 1, done: true, records: [{ Opportunity: { StageName: 'Proposal/Price Quote' } }] },
    });
    const open = (card!.OpenActivities as { records: Array<Record<string, unknown>> }).records;
    const past = (card!.ActivityHistories as { records: Array<Record<string, unknown>> }).records;
    expect(open.map((t) => t.ActivityDate)).toEqual(['2026-11-21', '2026-12-01']);
    expect(open[0]).toMatchObject({ attributes: { type: 'OpenActivity' }, IsTask: true });
    expect(past.map((t) => t.CallDurationInSeconds)).toEqual([312, 221, 48]);
    expect(past[0]).toMatchObject({ attributes: { type: 'ActivityHistory' }, Owner: { Name: 'Alex Morgan' }, CallType: 'Outbound' });
  });

  it('refuses the card query the sidebar sent before #14 (filtered activities) to a standard rep, not to an admin', () => {
    const { org, ctx, snapshot } = demo();
    const benId = org.query("SELECT Id FROM Contact WHERE Name = 'Ben Carter'", ctx).records[0]!.Id as string;
    const activity = 'Id, Subject, ActivityDate, Status, IsTask, Owner.Name, CallType, CallDurationInSeconds, Description';
    const oldCardQuery =
      'SELECT Id, Name, Title, Account.Name, Owner.Name, Email, Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone, ' +
      '(SELECT Opportunity.Name, Opportunity.StageName FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false ORDER BY Opportunity.LastModifiedDate DESC LIMIT 1), ' +
      `(SELECT ${activity} FROM OpenActivities WHERE IsTask = true ORDER BY ActivityDate ASC NULLS LAST LIMIT 20), ` +
      `(SELECT ${activity} FROM ActivityHistories WHERE IsTask = true ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 20) FROM Contact WHERE Id = '${benId}'`;
    expect(refusal(() => org.query(oldCardQuery, ctx))).toMatchObject({
      status: 400,
      errorCode: 'MALFORMED_QUERY',
      message: expect.stringContaining('no other filters may be applied to the aggregate query'),
    });
    const admin: RequestContext = { ...ctx, userId: snapshot.users.find((u) => u.Name === DEMO_FACTS.admin.name)!.Id };
    expect(org.query(oldCardQuery, admin).records).toHaveLength(1);
  });

  it('filters with AND/OR/NOT, parentheses, IN, LIKE, null, booleans and date literals, and sorts with nulls', () => {
    const { org, ctx } = demo();
    const q = (where: string) => org.query(`SELECT COUNT() FROM Task WHERE ${where}`, ctx).totalSize;
    const all = q("Subject != null OR Subject = null");
    expect(all).toBeGreaterThan(100);
    expect(q('IsClosed = true') + q('IsClosed = false')).toBe(all);
    expect(q('NOT IsClosed = true')).toBe(q('IsClosed = false'));
    expect(q("(IsClosed = true AND CallType = 'inbound') OR (IsClosed = true AND CallType = 'OUTBOUND')")).toBe(q("IsClosed = true AND CallType IN ('Inbound', 'Outbound')"));
    expect(q("CallType NOT IN ('Inbound', 'Outbound')")).toBe(q('CallType = null'));
    expect(q("Subject LIKE 'dialpad call%'")).toBeGreaterThan(50);
    expect(q('ActivityDate = TODAY')).toBe(q('ActivityDate = 2026-11-24'));
    expect(q('ActivityDate = LAST_N_DAYS:7')).toBe(q('ActivityDate >= 2026-11-17 AND ActivityDate <= 2026-11-24'));
    const sorted = org.query('SELECT ActivityDate FROM Task ORDER BY ActivityDate DESC NULLS LAST, Subject LIMIT 3 OFFSET 1', ctx).records;
    expect(sorted).toHaveLength(3);
    expect(sorted.map((r) => r.ActivityDate)).toEqual([...sorted.map((r) => r.ActivityDate)].sort().reverse());
  });

  it('refuses bad queries with Salesforce\'s codes', () => {
    const { org, ctx } = demo();
    expect(refusal(() => org.query('SELECT Id FROM', ctx)).errorCode).toBe('MALFORMED_QUERY');
    expect(refusal(() => org.query('SELECT Nope FROM Contact', ctx))).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Nope' on entity 'Contact'") });
    expect(refusal(() => org.query('SELECT Id FROM Widget__c', ctx)).errorCode).toBe('INVALID_TYPE');
    expect(refusal(() => org.query('SELECT Id, (SELECT Id FROM Nopes) FROM Contact', ctx)).errorCode).toBe('INVALID_TYPE');
    expect(refusal(() => org.query('SELECT Who.AccountId FROM Task', ctx)).errorCode).toBe('INVALID_FIELD');
  });

  it('answers polymorphic Who with its type', () => {
    const { org, ctx } = demo();
    const rows = org.query("SELECT Who.Name, Who.Type FROM Task WHERE Subject = '初回打ち合わせの日程調整'", ctx).records;
    expect(rows[0]).toMatchObject({ Who: { attributes: { type: 'Name', url: expect.stringContaining('/sobjects/Lead/00Q') }, Name: '田中 晃', Type: 'Lead' } });
  });
});

describe('SOSL', () => {
  it('finds numbers whatever their formatting, and nothing else', () => {
    expect(phoneMatches('(415) 555-0100', '4155550100')).toBe(true);
    expect(phoneMatches('+1 415-555-0100', '+14155550100')).toBe(true);
    expect(phoneMatches('03-1234-5678', '+81312345678')).toBe(true);
    expect(phoneMatches('０３－１２３４－５６７８', '0312345678')).toBe(true);
    expect(phoneMatches('(415) 555-0123 ext. 45', '4155550123')).toBe(true);
    expect(phoneMatches('(515) 555-0100', '4155550100')).toBe(false);
    expect(phoneMatches('555-0100', '4155550100')).toBe(false);
  });

  it('matches the demo facts through the search the sidebar sends', () => {
    const { org, ctx } = demo();
    const search = (number: string, region?: 'US' | 'JP') => {
      const sosl = buildMatchSearch({ phones: [normalizePhone(number, region)!], objects: ['Contact', 'Lead'] }, factsOf(org, ctx))!;
      return org.search(sosl, ctx).searchRecords.map((r) => `${r.attributes.type}:${String(r.Name)}`);
    };
    expect(search('+1 (415) 555-0100')).toEqual(['Contact:Ben Carter']);
    expect(search('+81 3-1234-5678')).toEqual(['Contact:山田 太郎']);
    expect(search('+81 80-2222-3333')).toEqual(['Lead:田中 晃']);
    // The main line is the Account's Phone too; the sidebar keeps the people (lib/matching/matcher.ts).
    expect(search('+1 415-555-0199').sort()).toEqual(['Account:Northwind Traders', ...DEMO_FACTS.northwindMainLine.matches.map((n) => `Contact:${n}`)].sort());
    expect(search(DEMO_FACTS.companyLine.dialpadNumber)).toEqual([`Account:${DEMO_FACTS.companyLine.account}`]);
    for (const number of DEMO_FACTS.noMatchNumbers) expect(search(number)).toEqual([]);
  });

  it('searches names, e-mail and phrases, and refuses one-character terms', () => {
    const { org, ctx } = demo();
    const names = (sosl: string) => org.search(sosl, ctx).searchRecords.map((r) => r.Name);
    expect(names('FIND {carter} IN NAME FIELDS RETURNING Contact(Name)')).toEqual(['Ben Carter']);
    expect(names('FIND {"ben.carter@northwind.example"} IN EMAIL FIELDS RETURNING Contact(Name), Lead(Name)')).toEqual(['Ben Carter']);
    expect(names('FIND {山田} IN NAME FIELDS RETURNING Contact(Name WHERE Title = \'営業部長\' LIMIT 1)')).toEqual(['山田 太郎']);
    expect(refusal(() => org.search('FIND {a} RETURNING Contact', ctx)).errorCode).toBe('MALFORMED_SEARCH');
  });
});

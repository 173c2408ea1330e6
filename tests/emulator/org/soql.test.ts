import { describe, expect, it } from 'vitest';
import { fixture, IDS, refusal } from './fixture';

type Row = Record<string, unknown>;

function rows(soql: string, includeDeleted = false): Row[] {
  const { org, ctx } = fixture();
  return org.query(soql, ctx, { includeDeleted }).records;
}
const subjects = (where: string, tail = 'ORDER BY Subject') => rows(`SELECT Subject FROM Task WHERE ${where} ${tail}`).map((r) => r.Subject);

describe('SOQL records', () => {
  it('answers attributes first, then the fields in SELECT order with their API spelling', () => {
    const [ben] = rows(`SELECT phone, id, NAME, Title FROM Contact WHERE Id = '${IDS.ben}'`);
    expect(Object.keys(ben!)).toEqual(['attributes', 'Phone', 'Id', 'Name', 'Title']);
    expect(ben!.attributes).toEqual({ type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${IDS.ben}` });
  });

  it('nests parent relationships, merging fields of one parent and answering null for no parent', () => {
    const result = rows('SELECT Name, Account.Name, Account.Owner.Name, Account.Phone, Owner.Name FROM Contact ORDER BY LastName');
    expect(result.map((r) => r.Name)).toEqual(['Ben Carter', 'Ann Lee', 'Nobody', '山田 太郎']);
    const ben = result.find((r) => r.Name === 'Ben Carter')!;
    expect(ben.Account).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${IDS.acme}` },
      Name: 'Acme Corp',
      Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${IDS.alex}` }, Name: 'Alex Morgan' },
      Phone: '+1 415-555-0199',
    });
    expect(ben.Owner).toMatchObject({ Name: 'Alex Morgan' });
    expect(result.find((r) => r.Name === 'Nobody')!.Account).toBeNull();
  });

  it('answers polymorphic Who and What as Salesforce’s Name object, with Type and the real url', () => {
    const [task] = rows(`SELECT Who.Name, Who.Type, Who.Title, What.Name, What.Type, What.Title FROM Task WHERE Id = '${IDS.openFuture}'`);
    expect(task).toMatchObject({
      Who: { attributes: { type: 'Name', url: `/services/data/v62.0/sobjects/Contact/${IDS.ben}` }, Name: 'Ben Carter', Type: 'Contact', Title: 'VP Sales' },
      What: { attributes: { type: 'Name', url: `/services/data/v62.0/sobjects/Opportunity/${IDS.deal}` }, Name: 'Acme — Fleet renewal', Type: 'Opportunity', Title: null },
    });
    expect(subjects("Who.Type = 'Lead'")).toEqual(['初回打ち合わせ']);
    expect(subjects("What.Type = 'Account'")).toEqual(['Call 100% done']);
    expect(rows(`SELECT Who.Name FROM Task WHERE Id = '${IDS.dealTask}'`)[0]!.Who).toBeNull();
  });

  it('answers child subqueries as {totalSize, done, records}, or null when empty', () => {
    const result = rows(
      'SELECT Name, (SELECT Subject FROM Tasks ORDER BY Subject), (SELECT Role, IsPrimary, Opportunity.StageName FROM OpportunityContactRoles) FROM Contact ORDER BY Name',
    );
    const ben = result.find((r) => r.Name === 'Ben Carter')!;
    expect(ben.Tasks).toMatchObject({ totalSize: 5, done: true });
    expect((ben.Tasks as { records: Row[] }).records[0]).toEqual({ attributes: { type: 'Task', url: `/services/data/v62.0/sobjects/Task/${IDS.callA}` }, Subject: 'Call 100% done' });
    expect(ben.OpportunityContactRoles).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'OpportunityContactRole', url: `/services/data/v62.0/sobjects/OpportunityContactRole/${IDS.role}` },
          Role: 'Decision Maker',
          IsPrimary: true,
          Opportunity: { attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${IDS.deal}` }, StageName: 'Proposal/Price Quote' },
        },
      ],
    });
    const nobody = result.find((r) => r.Name === 'Nobody')!;
    expect(nobody.Tasks).toBeNull();
    expect(nobody.OpportunityContactRoles).toBeNull();
    const [acme] = rows(`SELECT (SELECT Name FROM Contacts ORDER BY Name), (SELECT Name FROM Opportunities WHERE IsClosed = false) FROM Account WHERE Id = '${IDS.acme}'`);
    expect((acme!.Contacts as { records: Row[] }).records.map((r) => r.Name)).toEqual(['Ann Lee', 'Ben Carter']);
    expect((acme!.Opportunities as { totalSize: number }).totalSize).toBe(1);
  });

  it('splits Tasks into OpenActivities and ActivityHistories, typed and ordered as Salesforce does', () => {
    const [ben] = rows(
      `SELECT (SELECT Subject, ActivityDate, IsTask, ActivitySubtype FROM OpenActivities), (SELECT Subject, CallDurationInSeconds, Owner.Name FROM ActivityHistories) FROM Contact WHERE Id = '${IDS.ben}'`,
    );
    const open = (ben!.OpenActivities as { records: Row[] }).records;
    // Due date ascending, undated first (nulls first).
    expect(open.map((r) => r.Subject)).toEqual(['Someday', 'Confirm survey', 'Send quote']);
    expect(open[1]).toMatchObject({ attributes: { type: 'OpenActivity' }, IsTask: true, ActivitySubtype: 'Task' });
    const past = (ben!.ActivityHistories as { records: Row[] }).records;
    expect(past.map((r) => r.CallDurationInSeconds)).toEqual([312, 48]);
    expect(past[0]).toMatchObject({ attributes: { type: 'ActivityHistory' }, Owner: { Name: 'Alex Morgan' } });
    const [lead] = rows(`SELECT (SELECT Subject FROM ActivityHistories), (SELECT Subject FROM OpenActivities WHERE IsTask = true ORDER BY ActivityDate DESC LIMIT 1) FROM Lead`);
    expect(lead!.ActivityHistories).toBeNull();
    expect((lead!.OpenActivities as { records: Row[] }).records.map((r) => r.Subject)).toEqual(['初回打ち合わせ']);
  });

  it('applies WHERE, ORDER BY and LIMIT inside a subquery', () => {
    const [ben] = rows(`SELECT (SELECT Subject FROM Tasks WHERE IsClosed = false ORDER BY Subject DESC LIMIT 2) FROM Contact WHERE Id = '${IDS.ben}'`);
    expect(ben!.Tasks).toMatchObject({ totalSize: 2, records: [{ Subject: 'Someday' }, { Subject: 'Send quote' }] });
  });
});

describe('SOQL WHERE', () => {
  it('compares text ignoring case, and with = != < > <= >=', () => {
    expect(subjects("Subject = 'SEND QUOTE'")).toEqual(['Send quote']);
    expect(subjects("Status != 'completed' AND Who.Type = 'Contact'")).toEqual(['Confirm survey', 'Send quote', 'Someday']);
    expect(subjects('CallDurationInSeconds > 48')).toEqual(['Call 100% done']);
    expect(subjects('CallDurationInSeconds >= 48')).toEqual(['Call 100% done', 'Call_B']);
    expect(subjects('CallDurationInSeconds < 312')).toEqual(['Call_B']);
    expect(subjects('CallDurationInSeconds <= 312 AND CallDurationInSeconds != 48')).toEqual(['Call 100% done']);
    expect(rows("SELECT Name FROM Opportunity WHERE Amount > 20000").map((r) => r.Name)).toEqual(['Acme — Fleet renewal']);
  });

  it('matches LIKE with % and _ ignoring case, and escaped \\% and \\_ literally', () => {
    expect(subjects("Subject LIKE 'call%'")).toEqual(['Call 100% done', 'Call_B']);
    expect(subjects("Subject LIKE '%QUOTE'")).toEqual(['Send quote']);
    expect(subjects("Subject LIKE 'Call_B'")).toEqual(['Call_B']);
    expect(subjects("Subject LIKE 'Call%\\%%'")).toEqual(['Call 100% done']);
    expect(subjects("Subject LIKE 'Call\\_%'")).toEqual(['Call_B']);
    expect(subjects("Subject LIKE '初回%'")).toEqual(['初回打ち合わせ']);
  });

  it('handles IN, NOT IN, null, booleans, AND/OR/NOT and parentheses', () => {
    expect(subjects("CallType IN ('inbound', 'Outbound')")).toEqual(['Call 100% done', 'Call_B']);
    expect(subjects("Status NOT IN ('Completed', 'Not Started')")).toEqual(['Confirm survey', 'Someday']);
    expect(subjects('ActivityDate = null')).toEqual(['Someday']);
    expect(subjects('WhatId != null')).toEqual(['Call 100% done', 'Deal review', 'Send quote']);
    expect(subjects('IsClosed = TRUE AND WhoId != null')).toEqual(['Call 100% done', 'Call_B']);
    expect(subjects("NOT Status = 'Completed'")).toEqual(['Confirm survey', 'Send quote', 'Someday', '初回打ち合わせ']);
    expect(subjects("Priority = 'High' OR Priority = 'Low' AND Status = 'Completed'")).toEqual(['Send quote']);
    expect(subjects("(Priority = 'High' OR Priority = 'Low') AND Status = 'Deferred'")).toEqual(['Someday']);
    expect(subjects("Subject = 'Send quote' OR (NOT (IsClosed = true OR ActivityDate = null) AND WhoId = null)")).toEqual(['Send quote']);
    // != keeps records whose value is null, = null finds them.
    expect(subjects("CallType != 'Inbound'")).toHaveLength(6);
  });

  it('compares ids in 15 or 18 characters', () => {
    expect(rows(`SELECT Id FROM Contact WHERE Id = '${IDS.ben.slice(0, 15)}'`)).toHaveLength(1);
    expect(rows(`SELECT Id FROM Task WHERE WhoId IN ('${IDS.lead}', '${IDS.yamada}')`)).toHaveLength(1);
  });

  it('understands dates, datetimes and date literals on the org’s clock (2026-11-24, UTC)', () => {
    expect(subjects('ActivityDate = TODAY')).toEqual(['初回打ち合わせ']);
    expect(subjects('ActivityDate = YESTERDAY')).toEqual(['Call 100% done']);
    expect(subjects('ActivityDate = TOMORROW')).toEqual(['Deal review']);
    expect(subjects('ActivityDate < TODAY AND IsClosed = false')).toEqual(['Confirm survey']);
    expect(subjects('ActivityDate = LAST_N_DAYS:3')).toEqual(['Call 100% done', 'Confirm survey', '初回打ち合わせ']);
    expect(subjects('ActivityDate = NEXT_N_DAYS:7')).toEqual(['Deal review', 'Send quote']);
    expect(subjects('ActivityDate >= 2026-11-21 AND ActivityDate <= 2026-11-23')).toEqual(['Call 100% done', 'Confirm survey']);
    expect(subjects('ActivityDate > 2026-11-24')).toEqual(['Deal review', 'Send quote']);
    expect(rows('SELECT Id FROM Task WHERE CreatedDate = LAST_N_DAYS:30')).toHaveLength(7);
    expect(rows('SELECT Id FROM Task WHERE CreatedDate < 2026-11-01T09:00:01Z AND CreatedDate > 2026-11-01T08:59:59Z')).toHaveLength(7);
    expect(rows('SELECT Id FROM Task WHERE CreatedDate = TODAY')).toHaveLength(0);
    expect(rows("SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:30").map((r) => r.Name)).toEqual(['Acme — Fleet renewal']);
  });

  it('filters on parent fields, and a missing parent is null', () => {
    expect(rows("SELECT Name FROM Contact WHERE Account.Name = 'acme corp' ORDER BY Name").map((r) => r.Name)).toEqual(['Ann Lee', 'Ben Carter']);
    expect(rows('SELECT Name FROM Contact WHERE Account.Name = null').map((r) => r.Name)).toEqual(['Nobody']);
    expect(rows("SELECT Name FROM Contact WHERE Owner.Name LIKE '佐藤%' ORDER BY Name").map((r) => r.Name)).toEqual(['Ann Lee', '山田 太郎']);
  });
});

describe('SOQL ORDER BY, LIMIT, OFFSET, COUNT()', () => {
  it('sorts by several fields, ASC/DESC, nulls first unless NULLS LAST', () => {
    const q = (order: string) => rows(`SELECT Subject FROM Task ORDER BY ${order}`).map((r) => r.Subject);
    expect(q('ActivityDate, Subject').slice(0, 3)).toEqual(['Someday', 'Call_B', 'Confirm survey']);
    expect(q('ActivityDate ASC NULLS LAST').at(-1)).toBe('Someday');
    expect(q('ActivityDate DESC NULLS LAST').slice(0, 2)).toEqual(['Send quote', 'Deal review']);
    expect(q('ActivityDate DESC').at(0)).toBe('Someday');
    expect(q('Priority DESC, Subject DESC').slice(0, 3)).toEqual(['初回打ち合わせ', 'Deal review', 'Confirm survey']);
    expect(rows('SELECT Name FROM Contact ORDER BY Account.Name DESC NULLS LAST, Name').map((r) => r.Name)).toEqual(['山田 太郎', 'Ann Lee', 'Ben Carter', 'Nobody']);
  });

  it('applies OFFSET then LIMIT, and counts with COUNT()', () => {
    const { org, ctx } = fixture();
    expect(org.query('SELECT Subject FROM Task ORDER BY Subject LIMIT 2 OFFSET 1', ctx).records.map((r) => r.Subject)).toEqual(['Call_B', 'Confirm survey']);
    expect(org.query('SELECT COUNT() FROM Task', ctx)).toEqual({ records: [], totalSize: 7 });
    expect(org.query('SELECT COUNT() FROM Task WHERE IsClosed = true', ctx).totalSize).toBe(3);
    expect(org.query('SELECT COUNT() FROM Task', ctx, { includeDeleted: true }).totalSize).toBe(8);
  });

  it('includes deleted records only in queryAll', () => {
    expect(rows("SELECT Subject FROM Task WHERE Subject = 'Deleted call'")).toEqual([]);
    expect(rows("SELECT Subject, IsDeleted FROM Task WHERE Subject = 'Deleted call'", true)).toMatchObject([{ IsDeleted: true }]);
  });
});

describe('SOQL errors', () => {
  const error = (soql: string) => {
    const { org, ctx } = fixture();
    return refusal(() => org.query(soql, ctx));
  };

  it('answers MALFORMED_QUERY with the line, a caret and the position', () => {
    expect(error('SELECT Id FROM').toJSON()).toEqual({ errorCode: 'MALFORMED_QUERY', message: '\nSELECT Id FROM\n              ^\nERROR at Row:1:Column:15\nunexpected token: <EOF>' });
    expect(error('SELEKT Id FROM Contact')).toMatchObject({ status: 400, errorCode: 'MALFORMED_QUERY', message: expect.stringContaining("unexpected token: 'SELEKT'") });
    expect(error("SELECT Id FROM Task WHERE WhoId IN (SELECT Id FROM Contact) OR Subject = 'x'").errorCode).toBe('MALFORMED_QUERY');
  });

  it('answers INVALID_FIELD with Salesforce’s wording, wherever the field is, even when no row is read', () => {
    const bad = error('SELECT Id, Nope FROM Contact');
    expect(bad).toMatchObject({ status: 400, errorCode: 'INVALID_FIELD' });
    expect(bad.message).toBe(
      "\nSELECT Id, Nope FROM Contact\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nope' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    expect(error("SELECT Id FROM Contact WHERE LastName = 'zzz' AND Nope = 1").message).toContain("No such column 'Nope' on entity 'Contact'");
    expect(error('SELECT Id FROM Contact WHERE Id = null ORDER BY Nope').errorCode).toBe('INVALID_FIELD');
    expect(error('SELECT Account.Nope FROM Contact').message).toContain("No such column 'Nope' on entity 'Account'");
    expect(error('SELECT Nope.Name FROM Contact').message).toContain("Didn't understand relationship 'Nope' in field path");
    expect(error('SELECT Who.AccountId FROM Task').message).toContain("No such column 'AccountId' on entity 'Name'");
    expect(error('SELECT (SELECT Nope FROM Tasks) FROM Contact').errorCode).toBe('INVALID_FIELD');
  });

  it('answers INVALID_TYPE for unknown objects and child relationships', () => {
    expect(error('SELECT Id FROM Widget__c').toJSON()).toEqual({
      errorCode: 'INVALID_TYPE',
      message:
        "\nSELECT Id FROM Widget__c\n               ^\nERROR at Row:1:Column:16\nsObject type 'Widget__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    });
    expect(error('SELECT Id, (SELECT Id FROM Nopes) FROM Contact').message).toContain("Didn't understand relationship 'Nopes' in FROM part of query call");
  });

  it('refuses an OFFSET over 2000', () => {
    expect(error('SELECT Id FROM Task LIMIT 1 OFFSET 2001').errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });
});

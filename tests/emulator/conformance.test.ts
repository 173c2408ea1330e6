/**
 * Conformance of the real org, through unmodified jsforce (as the extension's service worker uses
 * it) and the HTTP server with the default demo seed. It pins the calls the sidebar makes against
 * the demo's fixed facts; tests/emulator/wire/jsforce-conformance.test.ts covers the same calls
 * with data discovered at run time.
 */
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { pkcePair } from './wire/helpers';

const VERSION = '62.0';
const BASE = `/services/data/v${VERSION}`;
const REDIRECT_URI = 'http://localhost/oauth/callback';

type Row = Record<string, unknown> & { attributes: { type: string; url: string } };
type Tokens = { access_token: string; refresh_token: string; instance_url: string; id: string };

let sf: RunningEmulator;
let conn: Connection;
let benId: string;

async function signIn(): Promise<{ client: InstanceType<typeof jsforce.OAuth2>; tokens: Tokens }> {
  const client = new jsforce.OAuth2({ loginUrl: sf.url, clientId: sf.consumerKey, redirectUri: REDIRECT_URI });
  const { verifier, challenge } = pkcePair();
  const authorize = await fetch(client.getAuthorizationUrl({ code_challenge: challenge, state: 's1', scope: 'api refresh_token id' }), { redirect: 'manual' });
  const location = new URL(authorize.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  const tokens = (await client.requestToken(location.searchParams.get('code') ?? '', { code_verifier: verifier })) as unknown as Tokens;
  return { client, tokens };
}

function connection(client: InstanceType<typeof jsforce.OAuth2>, tokens: Tokens): Connection {
  return new jsforce.Connection({ oauth2: client, instanceUrl: tokens.instance_url, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, version: VERSION });
}

beforeAll(async () => {
  sf = await startEmulator({ port: 0 });
  sf.emulator.control.updateSettings({ autoApprove: true });
  const { client, tokens } = await signIn();
  conn = connection(client, tokens);
  benId = ((await conn.query<Row>("SELECT Id FROM Contact WHERE Name = 'Ben Carter'")).records[0] as Row).Id as string;
});

afterAll(async () => {
  await sf?.close();
});

describe('jsforce against the demo org', () => {
  it('signs in with PKCE and reads the identity of the demo user', async () => {
    const identity = await conn.identity();
    expect(identity.organization_id).toMatch(/^00D\w{15}$/);
    expect(identity.user_id).toMatch(/^005\w{15}$/);
    expect(identity.display_name).toBe(DEMO_FACTS.benCarter.owner);
  });

  it('reads Ben’s card in one query: parent fields, contact role, open and past activities', async () => {
    // A child relationship the org does not have: Salesforce's INVALID_TYPE.
    await expect(conn.query(`SELECT Id, (SELECT Id FROM Assets) FROM Contact WHERE Id = '${benId}'`)).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });

    const card = await conn.query<Row>(
      'SELECT Id, Name, Title, Phone, Account.Name, Owner.Name, ' +
        '(SELECT Role, IsPrimary, Opportunity.Name, Opportunity.StageName FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false), ' +
        // The demo user is a standard rep: activity relationships in the one form Salesforce allows them.
        '(SELECT Subject, ActivityDate, Who.Name, Who.Type FROM OpenActivities ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT 100), ' +
        `(SELECT Subject, CallType, CallDurationInSeconds FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 20) FROM Contact WHERE Id = '${benId}'`,
    );
    expect(card).toMatchObject({ totalSize: 1, done: true });
    const ben = card.records[0] as Row;
    expect(ben).toMatchObject({
      attributes: { type: 'Contact', url: `${BASE}/sobjects/Contact/${benId}` },
      Name: 'Ben Carter',
      Title: DEMO_FACTS.benCarter.title,
      Phone: DEMO_FACTS.benCarter.storedPhone,
      Account: { attributes: { type: 'Account' }, Name: DEMO_FACTS.benCarter.account },
      Owner: { attributes: { type: 'User' }, Name: DEMO_FACTS.benCarter.owner },
      OpportunityContactRoles: { totalSize: 1, done: true, records: [{ IsPrimary: true, Opportunity: { StageName: DEMO_FACTS.benCarter.openStage } }] },
    });
    const open = ben.OpenActivities as { totalSize: number; records: Row[] };
    expect(open.totalSize).toBe(DEMO_FACTS.benCarter.openTasks);
    expect(open.records[0]).toMatchObject({ attributes: { type: 'OpenActivity' }, Who: { attributes: { type: 'Name' }, Name: 'Ben Carter', Type: 'Contact' } });
    expect((ben.ActivityHistories as { totalSize: number }).totalSize).toBe(DEMO_FACTS.benCarter.completedTasks);
  });

  it('finds Ben by SOSL phone search in three formats, and nobody for an unknown number', async () => {
    for (const term of ['4155550100', '"+1 415-555-0100"', '"(415) 555-0100"']) {
      const { searchRecords } = await conn.search(`FIND {${term}} IN PHONE FIELDS RETURNING Contact(Id, Name, Account.Name), Lead(Id, Name)`);
      expect(searchRecords.map((r) => [r.attributes?.type, r.Id]), term).toEqual([['Contact', benId]]);
      expect(searchRecords[0]).toMatchObject({ Account: { Name: DEMO_FACTS.benCarter.account } });
    }
    const { searchRecords } = await conn.search(`FIND {"+81 3-1234-5678" OR "+1 415-555-0199"} IN PHONE FIELDS RETURNING Contact(Name ORDER BY Name)`);
    expect(searchRecords.map((r) => r.Name)).toEqual([...DEMO_FACTS.northwindMainLine.matches, DEMO_FACTS.yamada.name].sort());
    expect((await conn.search('FIND {"+1 646-555-0142"} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id)')).searchRecords).toEqual([]);
  });

  it('pages past 2,000 rows with queryMore, and queryAll sees deleted records', async () => {
    const subject = `Bulk ${Date.now()}`;
    const created = await conn.sobject('Task').create(
      Array.from({ length: 2050 }, (_, i) => ({ Subject: `${subject} #${i}`, Status: 'Completed', WhoId: benId })),
      { allowRecursive: true },
    );
    expect(created.every((r) => r.success)).toBe(true);
    const soql = `SELECT Id, Subject FROM Task WHERE Subject LIKE '${subject}%' ORDER BY Subject`;
    const first = await conn.query<Row>(soql);
    expect(first).toMatchObject({ totalSize: 2050, done: false });
    expect(first.records).toHaveLength(2000);
    const second = await conn.queryMore<Row>(first.nextRecordsUrl ?? '');
    expect(second).toMatchObject({ totalSize: 2050, done: true });
    expect(second.records).toHaveLength(50);

    const victim = (first.records[0] as Row).Id as string;
    await conn.sobject('Task').destroy(victim);
    expect((await conn.query(`SELECT COUNT() FROM Task WHERE Subject LIKE '${subject}%'`)).totalSize).toBe(2049);
    const all = await conn.query<Row>(`SELECT Id, IsDeleted FROM Task WHERE Id = '${victim}'`, { scanAll: true });
    expect(all.records).toMatchObject([{ Id: victim, IsDeleted: true }]);
  });

  it('creates, updates and deletes a call Task, and the card sees each step', async () => {
    const task = conn.sobject('Task');
    const created = await task.create({ Subject: 'Dialpad Call - Outbound', Status: 'Completed', TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 95, WhoId: benId, ActivityDate: '2026-11-24' });
    expect(created).toEqual({ id: expect.stringMatching(/^00T\w{15}$/), success: true, errors: [] });
    const id = (created as { id: string }).id;
    await task.update({ Id: id, Description: 'Renewal discussed.' });
    expect(await task.retrieve(id)).toMatchObject({ Description: 'Renewal discussed.', IsClosed: true, TaskSubtype: 'Call', CreatedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/) });
    await task.destroy(id);
    await expect(task.retrieve(id)).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
  });

  it('surfaces each validation error with its errorCode and fields', async () => {
    const task = conn.sobject('Task');
    const lead = ((await conn.query<Row>("SELECT Id FROM Lead WHERE Name = '田中 晃'")).records[0] as Row).Id as string;
    const account = ((await conn.query<Row>("SELECT Id FROM Account WHERE Name = 'Northwind Traders'")).records[0] as Row).Id as string;
    const cases: Array<[Record<string, unknown>, string, string[] | undefined]> = [
      [{ Subject: 'x'.repeat(256) }, 'STRING_TOO_LONG', ['Subject']],
      [{ Status: 'Done' }, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', ['Status']],
      [{ WhoId: account }, 'FIELD_INTEGRITY_EXCEPTION', ['WhoId']],
      [{ WhoId: lead, WhatId: account }, 'FIELD_INTEGRITY_EXCEPTION', ['WhoId', 'WhatId']],
      [{ WhoId: `${benId.slice(0, 10)}zzzzz` }, 'INVALID_CROSS_REFERENCE_KEY', ['WhoId']],
      [{ IsClosed: true }, 'INVALID_FIELD_FOR_INSERT_UPDATE', ['IsClosed']],
      [{ Nope__c: 1 }, 'INVALID_FIELD', undefined],
    ];
    for (const [fields, errorCode, errorFields] of cases) {
      const error = await task.create(fields).then(
        () => null,
        (e: { errorCode: string; data?: unknown }) => e,
      );
      // jsforce keeps the whole error item (message, errorCode, fields) in `data`.
      expect(error, errorCode).toMatchObject({ errorCode, ...(errorFields ? { data: { errorCode, fields: errorFields } } : {}) });
    }
    await expect(conn.sobject('Contact').create({ FirstName: 'No' })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', data: { fields: ['LastName'] } });
    await expect(conn.query('SELECT Id FROM Contact WHERE Nope = 1')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Nope' on entity 'Contact'") });
    await expect(conn.query('SELECT Id FROM Widget__c')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    await expect(conn.query('SELECT Id FROM')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });

  it('runs composite with @{ref} references, and rolls everything back with allOrNone', async () => {
    type Composite = { compositeResponse: Array<{ httpStatusCode: number; referenceId: string; body: unknown }> };
    const ok = await conn.requestPost<Composite>(`${BASE}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'GET', url: `${BASE}/query?q=${encodeURIComponent("SELECT Id FROM Contact WHERE Name = 'Ben Carter'")}`, referenceId: 'ben' },
        { method: 'POST', url: `${BASE}/sobjects/Task`, referenceId: 'call', body: { Subject: 'Composite call', Status: 'Completed', TaskSubtype: 'Call', WhoId: '@{ben.records[0].Id}' } },
        { method: 'PATCH', url: `${BASE}/sobjects/Task/@{call.id}`, referenceId: 'note', body: { Description: 'Added later' } },
        { method: 'GET', url: `${BASE}/sobjects/Task/@{call.id}?fields=WhoId,Description`, referenceId: 'check' },
      ],
    });
    expect(ok.compositeResponse.map((r) => r.httpStatusCode)).toEqual([200, 201, 204, 200]);
    expect(ok.compositeResponse[3]!.body).toMatchObject({ WhoId: benId, Description: 'Added later' });

    const before = (await conn.query(`SELECT COUNT() FROM Task WHERE WhoId = '${benId}'`)).totalSize;
    const failed = await conn.requestPost<Composite>(`${BASE}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${BASE}/sobjects/Task`, referenceId: 'kept', body: { Subject: 'Should roll back', WhoId: benId } },
        { method: 'POST', url: `${BASE}/sobjects/Task`, referenceId: 'bad', body: { Subject: 'Bad', Status: 'Done', WhoId: benId } },
      ],
    });
    expect(failed.compositeResponse.map((r) => [r.httpStatusCode, (r.body as Array<{ errorCode: string }>)[0]!.errorCode])).toEqual([
      [400, 'PROCESSING_HALTED'],
      [400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
    ]);
    expect((await conn.query(`SELECT COUNT() FROM Task WHERE WhoId = '${benId}'`)).totalSize).toBe(before);
  });

  it('refreshes exactly once for parallel requests on an expired session', async () => {
    const { client, tokens } = await signIn();
    const stale = connection(client, tokens);
    let refreshes = 0;
    stale.on('refresh', () => refreshes++);
    sf.emulator.control.expireAccessTokens();
    const mark = sf.emulator.control.mark();
    const answers = await Promise.all([
      stale.query(`SELECT Id FROM Contact WHERE Id = '${benId}'`),
      stale.search('FIND {4155550100} IN PHONE FIELDS RETURNING Contact(Id)'),
      stale.sobject('Contact').retrieve(benId),
    ]);
    expect(answers).toHaveLength(3);
    expect(refreshes).toBe(1);
    const { requests } = sf.emulator.control.requestsSince(mark);
    expect(requests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(1);
    // This suite's own connection was expired too; it recovers on its next call.
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBeGreaterThan(300);
  });

  it('answers REQUEST_LIMIT_EXCEEDED (403) past the daily allowance', async () => {
    sf.emulator.control.setApiUsage({ exhaust: true });
    try {
      await expect(conn.query('SELECT Id FROM Contact LIMIT 1')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
      const raw = await fetch(`${sf.url}${BASE}/query?q=SELECT+Id+FROM+Contact`, { headers: { Authorization: `Bearer ${conn.accessToken ?? ''}` } });
      expect(raw.status).toBe(403);
      expect(raw.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
    } finally {
      sf.emulator.control.setApiUsage({ used: 0 });
    }
  });
});

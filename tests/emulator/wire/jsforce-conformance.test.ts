/**
 * Conformance: unmodified jsforce 3 (as the extension uses it) against the emulator with the real
 * org and the demo seed, for every call the extension makes. Data is discovered from the demo org
 * rather than hard-coded, so the seed may evolve.
 */
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { pkcePair } from './helpers';

const VERSION = '62.0';
const REDIRECT_URI = 'https://hehoenggjkchdebclaadeimhnnacggai.chromiumapp.org/';

let sf: RunningEmulator;
let conn: Connection;
let tokens: { access_token: string; refresh_token: string; instance_url: string; id: string };

function oauth2() {
  return new jsforce.OAuth2({ loginUrl: sf.url, clientId: sf.consumerKey, redirectUri: REDIRECT_URI });
}

async function signIn() {
  const client = oauth2();
  const { verifier, challenge } = pkcePair();
  const url = client.getAuthorizationUrl({ code_challenge: challenge, state: 'conformance', scope: 'api refresh_token id' });
  const authorize = await fetch(url, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const location = new URL(authorize.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('state')).toBe('conformance');
  const result = await client.requestToken(location.searchParams.get('code') ?? '', { code_verifier: verifier });
  return { client, result: result as unknown as typeof tokens };
}

function connect(client: ReturnType<typeof oauth2>, withRefresh: boolean): Connection {
  return new jsforce.Connection({
    oauth2: client,
    instanceUrl: tokens.instance_url,
    accessToken: tokens.access_token,
    ...(withRefresh ? { refreshToken: tokens.refresh_token } : {}),
    version: VERSION,
  });
}

beforeAll(async () => {
  sf = await startEmulator({ port: 0 });
  sf.emulator.control.updateSettings({ autoApprove: true });
  const { client, result } = await signIn();
  tokens = result;
  conn = connect(client, true);
});

afterAll(async () => {
  await sf?.close();
});

describe('jsforce conformance (real org, demo seed)', () => {
  it('signs in with the PKCE authorization code flow', () => {
    expect(tokens.access_token).toMatch(/^00D\w{12}!AQ/);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.instance_url).toBe(sf.url);
    expect(tokens.id).toMatch(new RegExp(`^${sf.url}/id/00D\\w{15}/005\\w{15}$`));
  });

  it('reads the identity', async () => {
    const identity = await conn.identity();
    const [orgId, userId] = tokens.id.split('/').slice(-2);
    expect(identity.user_id).toBe(userId);
    expect(identity.organization_id).toBe(orgId);
    expect(typeof identity.username).toBe('string');
    expect(typeof identity.display_name).toBe('string');
  });

  it('queries with parent relationship fields and child subqueries', async () => {
    const result = await conn.query<Record<string, unknown>>(
      'SELECT Id, Name, Phone, Account.Name, Owner.Name, (SELECT Id, Subject FROM Tasks) FROM Contact ORDER BY Name LIMIT 5',
    );
    expect(result.done).toBe(true);
    expect(result.records.length).toBeGreaterThan(0);
    const first = result.records[0] as Record<string, unknown> & { attributes: { type: string; url: string } };
    expect(first.attributes.type).toBe('Contact');
    expect(first.attributes.url).toMatch(new RegExp(`^/services/data/v${VERSION}/sobjects/Contact/003`));
    const owner = first.Owner as { attributes: { type: string }; Name: string };
    expect(owner.attributes.type).toBe('User');
    expect(typeof owner.Name).toBe('string');
    for (const record of result.records) {
      const tasks = record.Tasks as null | { totalSize: number; done: boolean; records: unknown[] };
      // An empty child subquery is null, a non-empty one a nested query result.
      if (tasks !== null) expect(tasks).toMatchObject({ done: true, totalSize: tasks.records.length });
    }
  });

  it('creates, updates, reads back and deletes a Task', async () => {
    const whoId = ((await conn.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records[0] as { Id: string }).Id;
    const created = await conn.sobject('Task').create({ Subject: 'Call with conformance', WhoId: whoId, Status: 'Completed' });
    expect(created).toMatchObject({ success: true, errors: [] });
    const id = (created as { id: string }).id;
    expect(id).toMatch(/^00T\w{15}$/);
    const updated = await conn.sobject('Task').update({ Id: id, Subject: 'Call with conformance (edited)' });
    expect(updated).toEqual({ id, success: true, errors: [] });
    const read = (await conn.sobject('Task').retrieve(id)) as unknown as { Subject: string; WhoId: string };
    expect(read.Subject).toBe('Call with conformance (edited)');
    expect(read.WhoId).toBe(whoId);
    const deleted = await conn.sobject('Task').destroy(id);
    expect(deleted).toMatchObject({ id, success: true });
    await expect(conn.sobject('Task').retrieve(id)).rejects.toMatchObject({ errorCode: expect.stringMatching(/NOT_FOUND|ENTITY_IS_DELETED/) });
  });

  it('pages with queryMore and autoFetch', async () => {
    const subject = `Paging ${Date.now()}`;
    const records = Array.from({ length: 230 }, (_, i) => ({ Subject: `${subject} #${i}`, Status: 'Completed' }));
    const results = await conn.sobject('Task').create(records, { allowRecursive: true });
    expect(results.every((r) => r.success)).toBe(true);
    const soql = `SELECT Id, Subject FROM Task WHERE Subject LIKE '${subject}%'`;

    const first = await conn.query(soql, { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    expect(first.totalSize).toBe(230);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(new RegExp(`^(?:http://127\\.0\\.0\\.1:\\d+)?/services/data/v${VERSION}/query/01g`));
    const second = await conn.queryMore(first.nextRecordsUrl ?? '');
    expect(second.done).toBe(true);
    expect(second.records).toHaveLength(30);

    const all = await conn.query(soql, { headers: { 'Sforce-Query-Options': 'batchSize=200' } }).run({ autoFetch: true, maxFetch: 1000 });
    expect(all.records).toHaveLength(230);
  });

  it('finds records by phone with SOSL', async () => {
    const withPhone = (await conn.query<{ Id: string; Phone: string }>('SELECT Id, Phone FROM Contact WHERE Phone != null LIMIT 1')).records[0];
    expect(withPhone).toBeDefined();
    const digits = (withPhone?.Phone ?? '').replace(/\D/g, '');
    const result = await conn.search(`FIND {${digits}} IN PHONE FIELDS RETURNING Contact(Id, Name, Phone), Account(Id, Name), Lead(Id, Name)`);
    expect(result.searchRecords.map((r) => r.Id)).toContain(withPhone?.Id);
    expect(result.searchRecords[0]?.attributes?.type).toBeTruthy();
  });

  it('runs a composite request with references, and rolls back with allOrNone', async () => {
    const base = `/services/data/v${VERSION}`;
    const ok = await conn.requestPost<{ compositeResponse: Array<{ httpStatusCode: number; body: unknown; referenceId: string }> }>(
      `${base}/composite`,
      {
        allOrNone: true,
        compositeRequest: [
          { method: 'GET', url: `${base}/query?q=${encodeURIComponent('SELECT Id FROM Contact LIMIT 1')}`, referenceId: 'who' },
          { method: 'POST', url: `${base}/sobjects/Task`, referenceId: 'task', body: { Subject: 'Composite call', WhoId: '@{who.records[0].Id}' } },
          { method: 'GET', url: `${base}/sobjects/Task/@{task.id}?fields=Subject,WhoId`, referenceId: 'check' },
        ],
      },
    );
    expect(ok.compositeResponse.map((r) => r.httpStatusCode)).toEqual([200, 201, 200]);
    const whoId = ((ok.compositeResponse[0]?.body as { records: Array<{ Id: string }> }).records[0] as { Id: string }).Id;
    expect(ok.compositeResponse[2]?.body).toMatchObject({ Subject: 'Composite call', WhoId: whoId });

    const before = (await conn.query('SELECT COUNT() FROM Task')).totalSize;
    const failed = await conn.requestPost<{ compositeResponse: Array<{ httpStatusCode: number; body: Array<{ errorCode: string }> }> }>(
      '/composite',
      {
        allOrNone: true,
        compositeRequest: [
          { method: 'POST', url: `${base}/sobjects/Task`, referenceId: 'first', body: { Subject: 'Rolled back' } },
          { method: 'POST', url: `${base}/sobjects/Task`, referenceId: 'broken', body: { Subject: 'Bad', NoSuchField__c: 1 } },
        ],
      },
    );
    expect(failed.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400]);
    expect(failed.compositeResponse[0]?.body[0]?.errorCode).toBe('PROCESSING_HALTED');
    expect(failed.compositeResponse[1]?.body[0]?.errorCode).toBe('INVALID_FIELD');
    expect((await conn.query('SELECT COUNT() FROM Task')).totalSize).toBe(before);
  });

  it('surfaces Salesforce errors with errorCode', async () => {
    await expect(conn.query('SELECT Id FROM NoSuchObject')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    await expect(conn.query('SELECT NoSuchField FROM Contact')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.query('SELEKT Id FROM Contact')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    await expect(conn.sobject('Task').create({ Subject: 'x', NoSuchField__c: 1 })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('refreshes once when the session expires, for several parallel queries', async () => {
    const { client, result } = await signIn();
    const parallel = new jsforce.Connection({
      oauth2: client,
      instanceUrl: result.instance_url,
      accessToken: result.access_token,
      refreshToken: result.refresh_token,
      version: VERSION,
    });
    sf.emulator.control.expireAccessTokens();
    const mark = sf.emulator.control.mark();
    const answers = await Promise.all(Array.from({ length: 4 }, () => parallel.query('SELECT Id FROM Contact LIMIT 2')));
    expect(answers.every((a) => a.records.length > 0)).toBe(true);
    const { requests } = sf.emulator.control.requestsSince(mark);
    expect(requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(1);
    expect(requests.filter((r) => r.status === 401)).toHaveLength(4);
    // The main connection of this suite refreshes on its next call, too.
    expect((await conn.query('SELECT Id FROM Contact LIMIT 1')).records).toHaveLength(1);
  });

  it('surfaces REQUEST_LIMIT_EXCEEDED as errorCode', async () => {
    sf.emulator.control.setApiUsage({ exhaust: true });
    try {
      await expect(conn.query('SELECT Id FROM Contact LIMIT 1')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    } finally {
      sf.emulator.control.setApiUsage({ used: 0 });
    }
  });
});

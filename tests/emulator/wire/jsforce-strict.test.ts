/**
 * Unmodified jsforce 3 against the demo org in its strict default: the signed-in user is a
 * standard-profile rep. What a real org refuses such a user, jsforce surfaces with Salesforce's
 * error codes; describe, the duplicate rule header and refresh-token rotation work as they do
 * against a real org (including the rotation trap of jsforce's own refresh).
 */
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { pkcePair } from './helpers';

const VERSION = '62.0';
const REDIRECT_URI = 'http://localhost/oauth/callback';

let sf: RunningEmulator;

type Tokens = { access_token: string; refresh_token: string; instance_url: string; id: string };

function oauth2() {
  return new jsforce.OAuth2({ loginUrl: sf.url, clientId: sf.consumerKey, redirectUri: REDIRECT_URI });
}

async function signIn(): Promise<{ conn: Connection; tokens: Tokens }> {
  const client = oauth2();
  const { verifier, challenge } = pkcePair();
  const authorize = await fetch(client.getAuthorizationUrl({ code_challenge: challenge, scope: 'api refresh_token' }), { redirect: 'manual' });
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokens = (await client.requestToken(code, { code_verifier: verifier })) as unknown as Tokens;
  const conn = new jsforce.Connection({ oauth2: client, instanceUrl: tokens.instance_url, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, version: VERSION });
  return { conn, tokens };
}

async function benId(conn: Connection): Promise<string> {
  return (await conn.query<{ Id: string }>("SELECT Id FROM Contact WHERE Name = 'Ben Carter'")).records[0]!.Id;
}

beforeAll(async () => {
  sf = await startEmulator({ port: 0 });
});

beforeEach(() => {
  sf.emulator.control.reset();
  sf.emulator.control.updateSettings({ autoApprove: true });
});

afterAll(async () => {
  await sf?.close();
});

describe('jsforce as a standard rep (the default sign-in)', () => {
  it('signs in as the rep, whose identity URL needs a scope the app did not ask for', async () => {
    const { conn, tokens } = await signIn();
    await expect(conn.identity()).rejects.toThrow();
    // The ids are in the identity URL itself; the User record needs only the api scope.
    const userId = tokens.id.split('/').pop();
    const me = await conn.query<{ Name: string; Profile: { Name: string } }>(`SELECT Name, Profile.Name FROM User WHERE Id = '${userId}'`);
    expect(me.records[0]).toMatchObject({ Name: DEMO_FACTS.rep.name, Profile: { Name: 'Standard User' } });
  });

  it('gets MALFORMED_QUERY for a filtered activity relationship, and answers the legal form', async () => {
    const { conn } = await signIn();
    const id = await benId(conn);
    await expect(
      conn.query(`SELECT Id, (SELECT Subject FROM ActivityHistories WHERE IsTask = true ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 20) FROM Contact WHERE Id = '${id}'`),
    ).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY', message: expect.stringContaining('no other filters may be applied to the aggregate query') });
    const legal = await conn.query<Record<string, unknown>>(
      `SELECT Id, (SELECT Subject, IsTask FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 20) FROM Contact WHERE Id = '${id}'`,
    );
    expect((legal.records[0]!.ActivityHistories as { totalSize: number }).totalSize).toBe(DEMO_FACTS.benCarter.completedTasks);
  });

  it('describes what the rep sees, and a hidden field then fails a query with INVALID_FIELD', async () => {
    const { conn } = await signIn();
    const global = await conn.describeGlobal();
    expect(global.sobjects.find((o) => o.name === 'Lead')).toMatchObject({ queryable: true, searchable: true, createable: true });
    expect((await conn.describe('Contact')).fields.map((f) => f.name)).toContain('HomePhone');
    sf.emulator.control.upsertPermissions('profile', { Name: 'Standard User', fieldPermissions: { 'Contact.HomePhone': { read: false, edit: false } } });
    expect((await conn.describe('Contact')).fields.map((f) => f.name)).not.toContain('HomePhone');
    await expect(conn.query('SELECT Id, HomePhone FROM Contact LIMIT 1')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.search('FIND {4155550100} IN PHONE FIELDS RETURNING Contact(Id, HomePhone)')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('gets DUPLICATES_DETECTED from the standard rule, with the match in error.data, and saves with the header', async () => {
    const { conn } = await signIn();
    const ben = { FirstName: 'Ben', LastName: 'Carter', Phone: '+1 415-555-0100' };
    const error = await conn.sobject('Contact').create(ben).then(
      () => null,
      (e: unknown) => e as { errorCode: string; data: { duplicateResult: { matchResults: Array<{ matchRecords: Array<{ record: { Id: string } }> }> } } },
    );
    expect(error?.errorCode).toBe('DUPLICATES_DETECTED');
    expect(error?.data.duplicateResult.matchResults[0]?.matchRecords[0]?.record.Id).toBe(await benId(conn));
    const saved = await conn.sobject('Contact').create(ben, { headers: { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' } });
    expect(saved).toMatchObject({ success: true });
  });

  it('refreshes with rotation: the refresh event carries the new token, and jsforce’s own refresh forgets it', async () => {
    sf.emulator.control.updateClient(undefined, { refreshTokenRotation: true });
    const { conn, tokens } = await signIn();
    const rotated: string[] = [];
    conn.on('refresh', (_accessToken: string, res: { refresh_token?: string }) => rotated.push(res.refresh_token ?? ''));
    sf.emulator.control.expireAccessTokens();
    await conn.query('SELECT Id FROM Organization');
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).toMatch(/^5Aep861/);
    expect(rotated[0]).not.toBe(tokens.refresh_token);
    // jsforce keeps the token it started with, which rotation has killed: the next refresh fails.
    expect(conn.refreshToken).toBe(tokens.refresh_token);
    sf.emulator.control.expireAccessTokens();
    await expect(conn.query('SELECT Id FROM Organization')).rejects.toThrow(/expired access\/refresh token/);
  });

  it('gets invalid_client on refresh when the app requires its secret', async () => {
    const { conn } = await signIn();
    sf.emulator.control.updateClient(undefined, { consumerSecret: 'secret', requireSecretForRefreshTokenFlow: true });
    sf.emulator.control.expireAccessTokens();
    await expect(conn.query('SELECT Id FROM Organization')).rejects.toThrow(/invalid client credentials/);
  });
});

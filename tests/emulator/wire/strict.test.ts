/**
 * The wire layer as strict as a real org, with the real org behind it: the app settings an admin
 * chooses (PKCE, secrets, rotation), the identity URL's scope, describe, `columns=true`, doubled
 * slashes, Composite's allowed resources, the duplicate rule header, and every switch through the
 * seed file and `/__emulator/` control.
 */
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../../emulator/http/emulator';
import { parseSeedFile, SeedFileError } from '../../../emulator/http/seed-file';
import type { SeedFile } from '../../../emulator/http/types';
import { createOrg } from '../../../emulator/org/create-org';
import { makeId } from '../../../emulator/org/ids';
import { CONSUMER_KEY, REDIRECT_URI, USER_ID, authorizeUrl, bearer, get, inlineSeed, login, pkcePair, postForm, send } from './helpers';

const V = '/services/data/v62.0';
const SECRET = 'sekret-1234';

function realEmulator(change: (seed: SeedFile) => void = () => undefined): Emulator {
  const seed = inlineSeed();
  change(seed);
  return createEmulator({ seed: parseSeedFile(seed), createOrg, baseUrl: 'http://127.0.0.1:9999' });
}

function body<T>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}

/** Control over HTTP, as a test script outside the process drives it. */
function control(emulator: Emulator, path: string, payload: unknown = {}) {
  return send(emulator, 'POST', `/__emulator${path}`, payload);
}

async function codeFor(emulator: Emulator, params: Record<string, string> = {}) {
  emulator.control.updateSettings({ autoApprove: true });
  const { verifier, challenge } = pkcePair();
  const authorize = await get(emulator, authorizeUrl({ code_challenge: challenge, ...params }));
  return { code: new URL(authorize.headers.location ?? '').searchParams.get('code') ?? '', verifier, location: authorize.headers.location ?? '' };
}

function exchange(emulator: Emulator, code: string, verifier: string, extra: Record<string, string> = {}) {
  return postForm(emulator, '/services/oauth2/token', { grant_type: 'authorization_code', code, client_id: CONSUMER_KEY, redirect_uri: REDIRECT_URI, code_verifier: verifier, ...extra });
}

function refresh(emulator: Emulator, refreshToken: string, extra: Record<string, string> = {}) {
  return postForm(emulator, '/services/oauth2/token', { grant_type: 'refresh_token', client_id: CONSUMER_KEY, refresh_token: refreshToken, ...extra });
}

describe('the app settings an admin chooses', () => {
  it('"Require PKCE": an authorize call without a code challenge gets no code', async () => {
    const emulator = realEmulator((seed) => Object.assign(seed.clients[0]!, { requirePkce: true }));
    emulator.control.updateSettings({ autoApprove: true });
    const response = await get(emulator, authorizeUrl({}));
    const location = new URL(response.headers.location ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('"Require Secret for Web Server Flow": the code exchange of a public client is invalid_client', async () => {
    const emulator = realEmulator((seed) => Object.assign(seed.clients[0]!, { consumerSecret: SECRET, requireSecretForWebServerFlow: true }));
    const first = await codeFor(emulator);
    const refused = await exchange(emulator, first.code, first.verifier);
    expect(refused.status).toBe(400);
    expect(body(refused)).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    const second = await codeFor(emulator);
    expect((await exchange(emulator, second.code, second.verifier, { client_secret: SECRET })).status).toBe(200);
  });

  it('"Require Secret for Refresh Token Flow": every refresh of a public client is invalid_client, switchable at run time', async () => {
    const emulator = realEmulator((seed) => Object.assign(seed.clients[0]!, { consumerSecret: SECRET }));
    const tokens = await login(emulator);
    expect((await refresh(emulator, tokens.refresh_token)).status).toBe(200);
    const update = await control(emulator, `/clients/${CONSUMER_KEY}`, { requireSecretForRefreshTokenFlow: true });
    expect(update.status).toBe(200);
    const refused = await refresh(emulator, tokens.refresh_token);
    expect(refused.status).toBe(400);
    expect(body(refused)).toMatchObject({ error: 'invalid_client' });
    expect((await refresh(emulator, tokens.refresh_token, { client_secret: 'wrong' })).status).toBe(400);
    expect((await refresh(emulator, tokens.refresh_token, { client_secret: SECRET })).status).toBe(200);
    // An app that requires its secret must have one.
    expect((await control(emulator, `/clients/${CONSUMER_KEY}`, { consumerSecret: undefined, requireSecretForWebServerFlow: true })).status).toBe(200);
    expect((await control(emulator, '/clients/nope', {})).status).toBe(400);
  });

  it('"Refresh Token Rotation": each refresh answers a new refresh token and the old one dies', async () => {
    const emulator = realEmulator();
    const tokens = await login(emulator);
    const plain = body<Record<string, string>>(await refresh(emulator, tokens.refresh_token));
    expect(plain).not.toHaveProperty('refresh_token');
    emulator.control.updateClient(undefined, { refreshTokenRotation: true });
    const first = await refresh(emulator, tokens.refresh_token);
    const rotated = body<{ access_token: string; refresh_token: string }>(first);
    expect(rotated.refresh_token).toMatch(/^5Aep861/);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const reuse = await refresh(emulator, tokens.refresh_token);
    expect(reuse.status).toBe(400);
    expect(body(reuse)).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
    // The session the old token minted goes on; the new token refreshes (and rotates) again.
    expect((await get(emulator, `${V}/limits`, bearer(plain.access_token!))).status).toBe(200);
    const next = body<{ refresh_token: string }>(await refresh(emulator, rotated.refresh_token));
    expect(next.refresh_token).not.toBe(rotated.refresh_token);
  });

  it('reset puts the apps back as the seed has them', async () => {
    const emulator = realEmulator();
    emulator.control.updateClient(CONSUMER_KEY, { refreshTokenRotation: true });
    emulator.control.reset();
    expect(emulator.state.clients[0]?.refreshTokenRotation).toBeUndefined();
  });
});

describe('the identity URL and userinfo', () => {
  it('answers the identity URL only for a token with the id scope, unless the switch is off (unconfirmed rule)', async () => {
    const emulator = realEmulator();
    const api = await login(emulator);
    expect(api.scope).toBe('api refresh_token');
    const refused = await get(emulator, api.id, bearer(api.access_token));
    expect(refused.status).toBe(403);
    const withId = await login(emulator, 'api refresh_token id');
    expect((await get(emulator, withId.id, bearer(withId.access_token))).status).toBe(200);
    await control(emulator, '/settings', { identityRequiresIdScope: false });
    expect((await get(emulator, api.id, bearer(api.access_token))).status).toBe(200);
  });

  it('answers userinfo for any valid token (the Salesforce CLI reads it)', async () => {
    const emulator = realEmulator();
    const tokens = await login(emulator);
    const response = await get(emulator, '/services/oauth2/userinfo', bearer(tokens.access_token));
    expect(response.status).toBe(200);
    expect(body(response)).toMatchObject({ user_id: USER_ID, preferred_username: 'ada@example.com' });
  });

  it('takes its switches from the seed file', async () => {
    const emulator = realEmulator((seed) => (seed.settings = { identityRequiresIdScope: false, autoApprove: true, loginUser: 'grace@example.com' }));
    expect(emulator.control.settings()).toMatchObject({ identityRequiresIdScope: false, autoApprove: true });
    const tokens = await login(emulator);
    expect(tokens.id).toMatch(/\/0055g00000XyZwVAAV$/);
    emulator.control.updateSettings({ autoApprove: false, identityRequiresIdScope: true });
    emulator.control.reset();
    expect(emulator.control.settings()).toMatchObject({ identityRequiresIdScope: false, autoApprove: true });
  });
});

describe('REST for outside clients', () => {
  it('describes for the signed-in user: sobjects, sobjects/Type and sobjects/Type/describe', async () => {
    const emulator = realEmulator();
    const { access_token } = await login(emulator);
    const global = body<{ sobjects: Array<{ name: string }> }>(await get(emulator, `${V}/sobjects`, bearer(access_token)));
    expect(global.sobjects.map((o) => o.name)).toEqual(expect.arrayContaining(['Contact', 'Lead', 'Task', 'TaskStatus', 'Organization']));
    const info = body<{ objectDescribe: Record<string, unknown>; recentItems: unknown[] }>(await get(emulator, `${V}/sobjects/Contact`, bearer(access_token)));
    expect(info).toMatchObject({ objectDescribe: { name: 'Contact', keyPrefix: '003', queryable: true }, recentItems: [] });
    const contact = body<{ fields: Array<{ name: string }> }>(await get(emulator, `${V}/sobjects/Contact/describe`, bearer(access_token)));
    expect(contact.fields.map((f) => f.name)).toContain('HomePhone');
    await control(emulator, '/profiles', { Name: 'Standard User', fieldPermissions: { 'Contact.HomePhone': { read: false, edit: false } }, objectPermissions: { Lead: { read: false, create: false, edit: false, delete: false } } });
    const hidden = body<{ fields: Array<{ name: string }> }>(await get(emulator, `${V}/sobjects/Contact/describe`, bearer(access_token)));
    expect(hidden.fields.map((f) => f.name)).not.toContain('HomePhone');
    const lead = await get(emulator, `${V}/sobjects/Lead/describe`, bearer(access_token));
    expect(lead.status).toBe(404);
  });

  it('answers columns=true with columnMetadata, the Organization query, and paths with a doubled slash', async () => {
    const emulator = realEmulator();
    const { access_token } = await login(emulator);
    const q = encodeURIComponent('SELECT Id, Name, Owner.Name FROM Contact');
    const columns = body<{ columnMetadata: Array<{ columnName: string }>; entityName: string }>(await get(emulator, `${V}/query?q=${q}&columns=true`, bearer(access_token)));
    expect(columns.entityName).toBe('Contact');
    expect(columns.columnMetadata.map((c) => c.columnName)).toEqual(['Id', 'Name', 'Owner']);
    const org = await get(emulator, `/${V}/query?q=${encodeURIComponent('SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix FROM Organization')}`, bearer(access_token));
    expect(org.status).toBe(200);
    expect(body<{ records: Array<Record<string, unknown>> }>(org).records[0]).toMatchObject({ Name: 'Wire Test Org', IsSandbox: false });
    expect((await get(emulator, '//services/data', {})).status).toBe(200);
    expect((await get(emulator, `//services/data/v62.0/sobjects/User/${USER_ID}`, bearer(access_token))).status).toBe(200);
  });

  it('takes the duplicate rule header on REST, Composite and Collections creates (API 52.0 and later)', async () => {
    const emulator = realEmulator((seed) => {
      seed.duplicateRules = [{ DeveloperName: 'Contact_Rule', SobjectType: 'Contact', action: 'alert', matchOn: [['LastName', 'Phone']] }];
    });
    const { access_token } = await login(emulator);
    const turing = { LastName: 'Turing', Phone: '(415) 555-0100' };
    const refused = await send(emulator, 'POST', `${V}/sobjects/Contact`, turing, bearer(access_token));
    expect(refused.status).toBe(400);
    expect(body<Array<Record<string, unknown>>>(refused)[0]).toMatchObject({
      errorCode: 'DUPLICATES_DETECTED',
      duplicateResult: { allowSave: true, matchResults: [{ matchRecords: [{ record: { Id: '003000000000001AAA' } }] }] },
    });
    const header = { 'sforce-duplicate-rule-header': 'allowSave=true; includeRecordDetails=false; runAsCurrentUser=true' };
    expect((await send(emulator, 'POST', `${V}/sobjects/Contact`, turing, { ...bearer(access_token), ...header })).status).toBe(201);
    // Before API 52.0 the header does not exist.
    expect((await send(emulator, 'POST', '/services/data/v51.0/sobjects/Contact', turing, { ...bearer(access_token), ...header })).status).toBe(400);
    const composite = await send(
      emulator,
      'POST',
      `${V}/composite`,
      { compositeRequest: [{ method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'c', body: turing, httpHeaders: { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' } }] },
      bearer(access_token),
    );
    expect(body<{ compositeResponse: Array<{ httpStatusCode: number }> }>(composite).compositeResponse[0]?.httpStatusCode).toBe(201);
    const collection = await send(emulator, 'POST', `${V}/composite/sobjects`, { records: [{ attributes: { type: 'Contact' }, ...turing }] }, bearer(access_token));
    expect(body<Array<{ success: boolean; errors: Array<{ statusCode: string }> }>>(collection)[0]).toMatchObject({ success: false, errors: [{ statusCode: 'DUPLICATES_DETECTED' }] });
  });

  it('refuses Composite subrequests to resources it does not support (search, limits), and carries describe and queries', async () => {
    const emulator = realEmulator();
    const { access_token } = await login(emulator);
    for (const url of [`${V}/search?q=FIND+%7Bturing%7D`, `${V}/limits`, `${V}/composite`, `${V}/`]) {
      const response = await send(emulator, 'POST', `${V}/composite`, { compositeRequest: [{ method: 'GET', url, referenceId: 'r' }] }, bearer(access_token));
      expect(response.status, url).toBe(400);
      expect(body<Array<{ errorCode: string }>>(response)[0]?.errorCode, url).toBe('INVALID_API_INPUT');
    }
    const ok = await send(
      emulator,
      'POST',
      `${V}/composite`,
      {
        compositeRequest: [
          { method: 'GET', url: `${V}/sobjects/Contact/describe`, referenceId: 'contact' },
          { method: 'GET', url: `${V}/query?q=${encodeURIComponent('SELECT ApiName, IsClosed, IsDefault FROM TaskStatus')}`, referenceId: 'statuses' },
        ],
      },
      bearer(access_token),
    );
    const answers = body<{ compositeResponse: Array<{ httpStatusCode: number; body: Record<string, unknown> }> }>(ok).compositeResponse;
    expect(answers.map((a) => a.httpStatusCode)).toEqual([200, 200]);
    expect(answers[0]?.body.name).toBe('Contact');
    expect((answers[1]?.body.records as unknown[]).length).toBe(5);
  });
});

describe('every switch through /__emulator/ control', () => {
  it('assigns profiles and permission sets, hides fields, renames statuses, sets rules and converts a lead', async () => {
    const emulator = realEmulator((seed) => {
      seed.records.Lead = [{ Id: makeId('00Q', 1, 'Wr'), LastName: 'Lovelace', Company: 'Engines Ltd', Phone: '+1 415 555 0199', Status: 'Open - Not Contacted' }];
    });
    const { access_token } = await login(emulator);
    const query = (soql: string) => get(emulator, `${V}/query?q=${encodeURIComponent(soql)}`, bearer(access_token));

    expect((await control(emulator, '/profiles', { Name: 'Sales Rep', objectPermissions: { Contact: { read: true }, Task: { read: true, create: true, edit: true } } })).status).toBe(200);
    expect((await control(emulator, `/users/${USER_ID}`, { profile: 'Sales Rep', TimeZoneSidKey: 'Asia/Tokyo' })).status).toBe(200);
    expect((await query('SELECT Id FROM Lead')).status).toBe(400);
    expect(body<{ records: unknown[] }>(await query(`SELECT TimeZoneSidKey, Profile.Name FROM User WHERE Id = '${USER_ID}'`)).records[0]).toMatchObject({ TimeZoneSidKey: 'Asia/Tokyo', Profile: { Name: 'Sales Rep' } });
    expect((await control(emulator, '/permission-sets', { Name: 'Leads', objectPermissions: { Lead: { read: true } } })).status).toBe(200);
    expect((await control(emulator, `/users/ada@example.com`, { permissionSets: ['Leads'] })).status).toBe(200);
    expect((await query('SELECT Id FROM Lead')).status).toBe(200);
    expect((await control(emulator, `/users/${USER_ID}`, { profile: 'No Such Profile' })).status).toBe(400);

    const statuses = await control(emulator, '/task-statuses', {
      statuses: [
        { ApiName: 'Open', IsClosed: false, IsDefault: true },
        { ApiName: 'Done', IsClosed: true, IsDefault: false },
      ],
      renames: { 'Not Started': 'Open', Completed: 'Done' },
    });
    expect(statuses.status).toBe(200);
    expect(body<{ records: Array<{ ApiName: string }> }>(await query('SELECT ApiName FROM TaskStatus ORDER BY SortOrder')).records.map((r) => r.ApiName)).toEqual(['Open', 'Done']);
    expect((await control(emulator, '/task-statuses', { statuses: [{ ApiName: 'Open', IsClosed: false, IsDefault: false }] })).status).toBe(400);

    expect((await control(emulator, '/duplicate-rules', { rules: [{ DeveloperName: 'R', SobjectType: 'Contact', action: 'block', matchOn: [['LastName']] }] })).status).toBe(200);
    expect((await control(emulator, '/duplicate-rules', { rules: [{ DeveloperName: 'R' }] })).status).toBe(400);

    const converted = await control(emulator, '/convert-lead', { lead: makeId('00Q', 1, 'Wr') });
    expect(converted.status).toBe(200);
    const { contactId } = body<{ contactId: string }>(converted);
    expect(body<{ records: unknown[] }>(await query('SELECT IsConverted, ConvertedContactId, Status FROM Lead')).records[0]).toMatchObject({
      IsConverted: true,
      ConvertedContactId: contactId,
      Status: 'Closed - Converted',
    });
    expect((await control(emulator, '/convert-lead', { lead: makeId('00Q', 1, 'Wr') })).status).toBe(400);
  });

  it('refuses seed files whose new parts are malformed, naming the problem', () => {
    const bad: Array<[string, (seed: SeedFile) => void]> = [
      ['profiles', (seed) => (seed.profiles = [{ Id: '005x', Name: 'x' }])],
      ['ProfileId', (seed) => (seed.users[0]!.ProfileId = '00e00000000000XAAA')],
      ['permission set', (seed) => (seed.users[0]!.PermissionSetIds = ['0PS000000000001AAA'])],
      ['duplicateRules', (seed) => (seed.duplicateRules = [{ DeveloperName: 'x', SobjectType: 'Contact', action: 'warn' as never, matchOn: [] }])],
      ['default', (seed) => (seed.records.TaskStatus = [{ Id: makeId('01J', 1, 'Ts'), ApiName: 'Open', IsClosed: true, IsDefault: false }])],
      ['consumerSecret', (seed) => Object.assign(seed.clients[0]!, { requireSecretForRefreshTokenFlow: true })],
      ['loginUser', (seed) => (seed.settings = { loginUser: 'nobody@example.com' })],
    ];
    for (const [problem, change] of bad) {
      const seed = inlineSeed();
      change(seed);
      expect(() => parseSeedFile(seed), problem).toThrow(SeedFileError);
      expect(() => parseSeedFile(seed), problem).toThrow(new RegExp(problem, 'i'));
    }
  });
});

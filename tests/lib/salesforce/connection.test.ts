import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { connect, connectionStatus, disconnect, openConnection, refreshSession, sealBinding } from '../../../lib/salesforce/connection';
import { explain } from '../../../lib/salesforce/errors';
import { isSalesforceUrl } from '../../../lib/salesforce/hosts';
import { seal, unseal } from '../../../lib/salesforce/sealed';
import { accessTokenItem, connectionItem, type StoredConnection } from '../../../lib/salesforce/tokens';
import { statusStampItem } from '../../../lib/storage/items';

/**
 * Where tokens may go (#17 point 1). Salesforce itself cannot be reached from a unit test over
 * https, so `fetch` answers as Salesforce would and records every URL a token was sent to.
 */
const sent: string[] = [];
let answers: Array<[RegExp, () => Response]> = [];

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  fakeBrowser.reset();
  sent.length = 0;
  answers = [];
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins }) => (origins ?? []).every((o) => isSalesforceUrl(o.replace('/*', ''), false)));
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    sent.push(url);
    const answer = answers.find(([pattern]) => pattern.test(url));
    if (!answer) throw new TypeError(`Failed to fetch ${url}`);
    return answer[1]();
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const bound = {
  loginUrl: 'https://login.salesforce.com',
  clientId: '3MVGconsumer',
  redirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
  instanceUrl: 'https://acme.my.salesforce.com',
  user: { userId: '005000000000001AAA', orgId: '00D000000000001EAA', username: 'rep@acme.example', displayName: 'Rep' },
};

async function storeConnection(): Promise<StoredConnection> {
  const stored: StoredConnection = { state: 'connected', ...bound, refreshToken: await seal('refresh-secret', sealBinding(bound)), connectedAt: 1 };
  await connectionItem.setValue(stored);
  return stored;
}

describe('tokens bound to their hosts (#17)', () => {
  it('accepts only Salesforce hosts over https', () => {
    for (const url of ['https://login.salesforce.com', 'https://test.salesforce.com/services/oauth2/token', 'https://acme.my.salesforce.com', 'https://acme--dev.sandbox.my.salesforce.com', 'https://na1.force.com/x']) {
      expect(isSalesforceUrl(url, false), url).toBe(true);
    }
    for (const url of [
      'http://login.salesforce.com',
      'https://login.salesforce.com.evil.example',
      'https://evil.example/?login.salesforce.com',
      'https://rep@login.salesforce.com',
      'https://login.salesforce.com:8443',
      'javascript:alert(1)',
      'http://127.0.0.1:8443',
      'not a url',
    ]) {
      expect(isSalesforceUrl(url, false), url).toBe(false);
    }
  });

  it('seals the refresh token with what it is for: another binding does not unseal it', async () => {
    const sealed = await seal('refresh-secret', 'binding-a');
    expect(await unseal(sealed, 'binding-a')).toBe('refresh-secret');
    expect(await unseal(sealed, 'binding-b')).toBeNull();
  });

  it('refuses a connection whose hosts were rewritten in storage, and sends the token nowhere', async () => {
    const stored = await storeConnection();
    // What a content script can do: storage.local is writable from Dialpad's page.
    await connectionItem.setValue({ ...stored, loginUrl: 'https://evil.my.salesforce.com', instanceUrl: 'https://evil.my.salesforce.com' });
    await expect(openConnection()).rejects.toMatchObject({ code: 'needs-reconnect' });
    expect(sent).toEqual([]);
    expect((await connectionItem.getValue())?.state).toBe('needs-reconnect');
  });

  it('refuses a refreshed instance URL off Salesforce before the new token is used there', async () => {
    const stored = await storeConnection();
    answers = [
      [/^https:\/\/login\.salesforce\.com\/services\/oauth2\/token$/, () => json({ access_token: 'fresh-token', instance_url: 'https://evil.example.com', id: 'https://login.salesforce.com/id/00D/005' })],
    ];
    await expect(refreshSession(stored, 'refresh-secret')).rejects.toMatchObject({ errorCode: 'UNTRUSTED_HOST' });
    expect(sent).toEqual(['https://login.salesforce.com/services/oauth2/token']);
    expect(sent.some((url) => url.includes('evil.example.com'))).toBe(false);
    expect(await accessTokenItem.getValue()).toBeNull();
  });

  it('refuses a request of the connection to another origin, before it is sent', async () => {
    await storeConnection();
    await accessTokenItem.setValue({ accessToken: 'token', instanceUrl: bound.instanceUrl, issuedAt: 1 });
    const connection = await openConnection();
    await expect(Promise.resolve().then(() => connection.request('https://evil.my.salesforce.com/services/data/v62.0/query?q=x'))).rejects.toMatchObject({ errorCode: 'UNTRUSTED_HOST' });
    expect(sent).toEqual([]);
  });

  it('refuses an identity URL off Salesforce at connect time, and stores nothing', async () => {
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(bound.redirectUri);
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => {
      const state = new URL(url).searchParams.get('state');
      return `${bound.redirectUri}?code=the-code&state=${state}`;
    });
    answers = [
      [/^https:\/\/login\.salesforce\.com\/services\/oauth2\/token$/, () => json({ access_token: 'a', refresh_token: 'r', instance_url: bound.instanceUrl, id: 'https://evil.example.com/id/00D/005' })],
    ];
    await expect(connect({ loginUrl: bound.loginUrl, clientId: bound.clientId })).rejects.toMatchObject({ errorCode: 'UNTRUSTED_HOST' });
    expect(sent.some((url) => url.includes('evil.example.com'))).toBe(false);
    expect(await connectionItem.getValue()).toBeNull();
  });
});

describe('the connection\'s life (S1–S3)', () => {
  const signIn = (state: (sent: string | null) => string | null = (s) => s) => {
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(bound.redirectUri);
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => `${bound.redirectUri}?code=the-code&state=${state(new URL(url).searchParams.get('state'))}`);
  };

  it('connects: the access token in the session, the refresh token sealed, and who is connected', async () => {
    signIn();
    answers = [
      [/\/services\/oauth2\/token$/, () => json({ access_token: 'access-1', refresh_token: 'refresh-secret', instance_url: bound.instanceUrl, id: 'https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA' })],
      // Who signed in, and what the org lets them do: one Composite request to the instance (no identity URL).
      [
        /^https:\/\/acme\.my\.salesforce\.com\/services\/data\/v[\d.]+\/composite$/,
        () =>
          json({
            compositeResponse: [
              { referenceId: 'statuses', httpStatusCode: 200, body: { records: [{ ApiName: 'Completed', MasterLabel: 'Completed', IsClosed: true, IsDefault: false }] } },
              { referenceId: 'me', httpStatusCode: 200, body: { records: [{ Id: bound.user.userId, Name: bound.user.displayName, Username: bound.user.username, TimeZoneSidKey: 'Asia/Tokyo' }] } },
            ],
          }),
      ],
    ];
    expect(await connect({ loginUrl: bound.loginUrl, clientId: bound.clientId })).toEqual({
      state: 'connected',
      user: { name: 'Rep', username: 'rep@acme.example', orgId: bound.user.orgId },
      loginHost: 'login.salesforce.com',
      instanceHost: 'acme.my.salesforce.com',
      instanceUrl: 'https://acme.my.salesforce.com',
    });
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain('refresh-secret');
    expect(await accessTokenItem.getValue()).toMatchObject({ accessToken: 'access-1', instanceUrl: bound.instanceUrl });
    expect(await statusStampItem.getValue()).toBeGreaterThan(0);
  });

  it('connects nothing when the answer belongs to another sign-in (state), and sends the code nowhere', async () => {
    signIn(() => 'forged');
    await expect(connect({ loginUrl: bound.loginUrl, clientId: bound.clientId })).rejects.toMatchObject({ code: 'oauth', errorCode: 'STATE_MISMATCH' });
    expect(sent).toEqual([]);
    expect(await connectionItem.getValue()).toBeNull();
  });

  it('needs a consumer key, and host access before the sign-in window opens', async () => {
    signIn();
    await expect(connect({ loginUrl: bound.loginUrl, clientId: '' })).rejects.toMatchObject({ code: 'requirement', errorCode: 'NO_CONSUMER_KEY' });
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    await expect(connect({ loginUrl: bound.loginUrl, clientId: bound.clientId })).rejects.toMatchObject({ code: 'requirement', errorCode: 'HOST_PERMISSION' });
    expect(fakeBrowser.identity.launchWebAuthFlow).not.toHaveBeenCalled();
  });

  it('answers "not connected" before anyone connected', async () => {
    await expect(openConnection()).rejects.toMatchObject({ code: 'not-connected' });
    expect(await connectionStatus()).toEqual({ state: 'disconnected' });
  });

  it('refreshes once for parallel requests that find the session expired', async () => {
    const stored = await storeConnection();
    answers = [[/\/services\/oauth2\/token$/, () => json({ access_token: 'access-2', instance_url: bound.instanceUrl, id: 'https://login.salesforce.com/id/00D/005' })]];
    const sessions = await Promise.all([refreshSession(stored, 'refresh-secret'), refreshSession(stored, 'refresh-secret')]);
    expect(sessions.map((s) => s.accessToken)).toEqual(['access-2', 'access-2']);
    expect(sent).toEqual(['https://login.salesforce.com/services/oauth2/token']);
    expect((await accessTokenItem.getValue())?.accessToken).toBe('access-2');
  });

  it('disconnects: revokes at Salesforce and erases every token here, so no copy of the sealed token opens again', async () => {
    const stored = await storeConnection();
    answers = [[/\/services\/oauth2\/revoke$/, () => new Response(null, { status: 200 })]];
    expect(await disconnect()).toEqual({ revoked: true });
    expect(sent).toEqual(['https://login.salesforce.com/services/oauth2/revoke']);
    expect([await connectionItem.getValue(), await accessTokenItem.getValue()]).toEqual([null, null]);
    expect(await unseal(stored.refreshToken, sealBinding(stored))).toBeNull();
  });

  it('still erases everything here when Salesforce cannot be reached', async () => {
    await storeConnection();
    expect(await disconnect()).toEqual({ revoked: false });
    expect(await connectionItem.getValue()).toBeNull();
  });
});

describe('refresh token rotation (#14)', () => {
  it('keeps the new refresh token a refresh answers, sealed with the same binding', async () => {
    const stored = await storeConnection();
    answers = [
      [
        /^https:\/\/login\.salesforce\.com\/services\/oauth2\/token$/,
        () => json({ access_token: 'fresh-token', refresh_token: 'rotated-secret', instance_url: bound.instanceUrl, id: 'https://login.salesforce.com/id/00D/005' }),
      ],
    ];
    await refreshSession(stored, 'refresh-secret');
    const now = (await connectionItem.getValue())!;
    expect(await unseal(now.refreshToken, sealBinding(now))).toBe('rotated-secret');
    expect(await accessTokenItem.getValue()).toMatchObject({ accessToken: 'fresh-token' });
  });

  it('keeps the refresh token when the app does not rotate (the answer carries none)', async () => {
    const stored = await storeConnection();
    answers = [[/\/services\/oauth2\/token$/, () => json({ access_token: 'fresh-token', instance_url: bound.instanceUrl, id: 'https://login.salesforce.com/id/00D/005' })]];
    await refreshSession(stored, 'refresh-secret');
    const now = (await connectionItem.getValue())!;
    expect(await unseal(now.refreshToken, sealBinding(now))).toBe('refresh-secret');
  });

  it('says which app setting to change when the refresh needs a secret (invalid_client): a problem that ends the session', async () => {
    const stored = await storeConnection();
    answers = [[/\/services\/oauth2\/token$/, () => json({ error: 'invalid_client', error_description: 'invalid client credentials' }, 400)]];
    const error = await refreshSession(stored, 'refresh-secret').then(() => null, (e: unknown) => e);
    const problem = explain(error);
    expect(problem).toMatchObject({ code: 'requirement', errorCode: 'REFRESH_NEEDS_SECRET', write: 'reconnect' });
    expect(problem.message).toContain('"Require Secret for Refresh Token Flow"');
  });
});

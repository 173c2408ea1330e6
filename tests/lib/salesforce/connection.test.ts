import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { connect, openConnection, refreshSession, sealBinding } from '../../../lib/salesforce/connection';
import { isSalesforceUrl } from '../../../lib/salesforce/hosts';
import { seal, unseal } from '../../../lib/salesforce/sealed';
import { accessTokenItem, connectionItem, type StoredConnection } from '../../../lib/salesforce/tokens';

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

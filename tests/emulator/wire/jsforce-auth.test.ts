/**
 * Unmodified jsforce against the wire layer (with the test-only fake org): the PKCE code flow,
 * identity, refresh on an expired session (exactly one refresh for parallel calls) and the
 * allowance error. The data calls run against the real org in jsforce-conformance.test.ts.
 */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorWith, type RunningEmulator } from '../../../emulator/http/start';
import { createFakeOrg } from './fake-org';
import { CONSUMER_KEY, ORG_ID, REDIRECT_URI, USER_ID, inlineSeed, pkcePair } from './helpers';

const VERSION = '62.0';
let server: RunningEmulator;

beforeAll(async () => {
  server = await startEmulatorWith({ port: 0 }, { createOrg: createFakeOrg, defaultSeed: inlineSeed });
  server.emulator.control.updateSettings({ autoApprove: true });
});

afterAll(async () => {
  await server.close();
});

function oauth2() {
  return new jsforce.OAuth2({ loginUrl: server.url, clientId: CONSUMER_KEY, redirectUri: REDIRECT_URI });
}

async function signIn() {
  const client = oauth2();
  const { verifier, challenge } = pkcePair();
  const url = client.getAuthorizationUrl({ code_challenge: challenge, state: 'st-1', scope: 'api refresh_token id' });
  const authorize = await fetch(url, { redirect: 'manual' });
  const location = new URL(authorize.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('st-1');
  const tokens = await client.requestToken(location.searchParams.get('code') ?? '', { code_verifier: verifier });
  return { client, tokens };
}

describe('jsforce against the wire layer', () => {
  it('completes the PKCE authorization code exchange', async () => {
    const { tokens } = await signIn();
    expect(tokens.access_token).toMatch(/^00D/);
    expect(tokens.refresh_token).toMatch(/^5Aep/);
    expect(tokens.instance_url).toBe(server.url);
    expect(tokens.id).toBe(`${server.url}/id/${ORG_ID}/${USER_ID}`);
  });

  it('surfaces token errors by name (invalid_grant)', async () => {
    await expect(oauth2().requestToken('not-a-code', { code_verifier: 'x' })).rejects.toMatchObject({ name: 'invalid_grant' });
  });

  it('reads the identity', async () => {
    const { client, tokens } = await signIn();
    const conn = new jsforce.Connection({ oauth2: client, instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: VERSION });
    const identity = await conn.identity();
    expect(identity).toMatchObject({ user_id: USER_ID, organization_id: ORG_ID, username: 'ada@example.com', display_name: 'Ada Lovelace' });
  });

  it('refreshes once for parallel calls on an expired session, and all succeed', async () => {
    const { client, tokens } = await signIn();
    const conn = new jsforce.Connection({
      oauth2: client,
      instanceUrl: tokens.instance_url,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      version: VERSION,
    });
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    await conn.limits();

    server.emulator.control.expireAccessTokens();
    const mark = server.emulator.control.mark();
    const results = await Promise.all(Array.from({ length: 5 }, () => conn.query('SELECT Id FROM Contact')));
    expect(results.every((r) => r.totalSize === 2)).toBe(true);

    const log = server.emulator.control.requestsSince(mark);
    const refreshes = log.requests.filter((r) => r.path === '/services/oauth2/token' && r.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).toBe(refreshed[0]);
  });

  it('surfaces REQUEST_LIMIT_EXCEEDED as errorCode', async () => {
    const { client, tokens } = await signIn();
    const conn = new jsforce.Connection({ oauth2: client, instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: VERSION });
    server.emulator.control.setApiUsage({ exhaust: true });
    try {
      await expect(conn.query('SELECT Id FROM Contact')).rejects.toMatchObject({
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      });
    } finally {
      server.emulator.control.setApiUsage({ used: 0 });
    }
  });
});

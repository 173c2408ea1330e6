import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { SalesforceProblem } from '../../../lib/salesforce/errors';
import { authorizationRequest, exchangeCode, readRedirect, refreshAccessToken, revokeToken } from '../../../lib/salesforce/oauth';
import { userRefOf } from '../../../lib/salesforce/org-facts';
import { pkcePair } from '../../../lib/salesforce/pkce';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let running: RunningEmulator;

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  running.emulator.control.updateSettings({ autoApprove: true });
});
afterAll(async () => {
  await running?.close();
});

/** What launchWebAuthFlow returns: the redirect the authorize endpoint sends the browser to. */
async function authorize(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

describe('the OAuth flow against the emulator (S1)', () => {
  it('builds an S256 PKCE request with a fresh state each time', async () => {
    const a = await authorizationRequest(running.url, running.consumerKey, REDIRECT);
    const b = await authorizationRequest(running.url, running.consumerKey, REDIRECT);
    const params = new URL(a.url).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ response_type: 'code', client_id: running.consumerKey, redirect_uri: REDIRECT, scope: 'api refresh_token', code_challenge_method: 'S256', state: a.state });
    expect(a.state).not.toBe(b.state);
    expect(a.verifier).toHaveLength(86);
    const { verifier, challenge } = await pkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('connects: code, tokens, who signed in (from the identity URL, without reading it), refresh, revoke', async () => {
    const request = await authorizationRequest(running.url, running.consumerKey, REDIRECT);
    const code = readRedirect(await authorize(request.url), request.state);
    const tokens = await exchangeCode(running.url, running.consumerKey, REDIRECT, code, request.verifier);
    expect(tokens.refresh_token).toBeTruthy();
    const who = userRefOf(tokens.id);
    const alex = (running.emulator.control.records() as { users: Array<{ Id: string; Name: string }> }).users.find((u) => u.Name === 'Alex Morgan')!;
    expect(who).toEqual({ orgId: running.emulator.org.info.id, userId: alex.Id });
    // The identity URL itself wants a scope the sidebar does not ask for.
    expect((await fetch(tokens.id, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(403);
    const refreshed = await refreshAccessToken(running.url, running.consumerKey, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    await revokeToken(running.url, tokens.refresh_token!);
    await expect(refreshAccessToken(running.url, running.consumerKey, tokens.refresh_token!)).rejects.toMatchObject({ errorCode: 'invalid_grant' });
  });

  it('refuses a forged state before anything is exchanged', async () => {
    const request = await authorizationRequest(running.url, running.consumerKey, REDIRECT);
    const redirect = await authorize(request.url);
    const forged = redirect.replace(/state=[^&]+/, 'state=forged');
    expect(() => readRedirect(forged, request.state)).toThrowError(SalesforceProblem);
    expect(() => readRedirect(forged, request.state)).toThrowError(/state does not match/);
  });

  it('refuses a wrong PKCE verifier and a replayed code', async () => {
    const request = await authorizationRequest(running.url, running.consumerKey, REDIRECT);
    const code = readRedirect(await authorize(request.url), request.state);
    const other = await pkcePair();
    await expect(exchangeCode(running.url, running.consumerKey, REDIRECT, code, other.verifier)).rejects.toMatchObject({ errorCode: 'invalid_grant' });

    const second = await authorizationRequest(running.url, running.consumerKey, REDIRECT);
    const code2 = readRedirect(await authorize(second.url), second.state);
    await exchangeCode(running.url, running.consumerKey, REDIRECT, code2, second.verifier);
    await expect(exchangeCode(running.url, running.consumerKey, REDIRECT, code2, second.verifier)).rejects.toMatchObject({ errorCode: 'invalid_grant' });
  });

  it('reads an error redirect as the reason, not as a code', async () => {
    expect(() => readRedirect(`${REDIRECT}?error=access_denied&error_description=end-user+denied+authorization&state=x`, 'x')).toThrowError(/denied/);
  });
});

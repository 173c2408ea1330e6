import { describe, expect, it } from 'vitest';
import {
  CONSUMER_KEY,
  ORG_ID,
  OTHER_USER_ID,
  REDIRECT_URI,
  USER_ID,
  authorizeUrl,
  bearer,
  fakeEmulator,
  get,
  login,
  manualClock,
  pkcePair,
  postForm,
} from './helpers';

function locationParams(location: string | undefined): URLSearchParams {
  return new URL(location ?? 'http://missing/').searchParams;
}

async function codeFor(emulator: ReturnType<typeof fakeEmulator>, params: Record<string, string>): Promise<string> {
  emulator.control.updateSettings({ autoApprove: true });
  const response = await get(emulator, authorizeUrl(params));
  expect(response.status).toBe(302);
  return locationParams(response.headers.location).get('code') ?? '';
}

function exchange(emulator: ReturnType<typeof fakeEmulator>, code: string, extra: Record<string, string> = {}) {
  return postForm(emulator, '/services/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    client_id: CONSUMER_KEY,
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
}

describe('authorize', () => {
  it('shows a consent page with the user, the app and the scopes, then Allow redirects with code and state', async () => {
    const emulator = fakeEmulator();
    const page = await get(emulator, authorizeUrl({ code_challenge: pkcePair().challenge }));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Ada Lovelace');
    expect(page.body).toContain('Wire Test App');
    expect(page.body).toContain('Manage user data via APIs (api)');

    const form = new URLSearchParams(authorizeUrl({ code_challenge: 'c'.repeat(43) }).split('?')[1]);
    form.set('decision', 'allow');
    form.set('login_user', OTHER_USER_ID);
    const allowed = await emulator.handle({
      method: 'POST',
      url: '/services/oauth2/authorize',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(allowed.status).toBe(302);
    const location = allowed.headers.location ?? '';
    expect(location.startsWith(`${REDIRECT_URI}?code=`)).toBe(true);
    expect(locationParams(location).get('state')).toBe('xyz');
  });

  it('Deny redirects with error=access_denied', async () => {
    const emulator = fakeEmulator();
    const form = new URLSearchParams(authorizeUrl({}).split('?')[1]);
    form.set('decision', 'deny');
    const denied = await postForm(emulator, '/services/oauth2/authorize', Object.fromEntries(form));
    expect(denied.status).toBe(302);
    const params = locationParams(denied.headers.location);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toBe('end-user denied authorization');
    expect(params.get('state')).toBe('xyz');
  });

  it('never redirects for an unknown client or an unregistered redirect_uri', async () => {
    const emulator = fakeEmulator();
    emulator.control.updateSettings({ autoApprove: true });
    const unknownClient = await get(emulator, authorizeUrl({ client_id: 'nope' }));
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.headers.location).toBeUndefined();
    expect(unknownClient.body).toContain('error=invalid_client_id');
    expect(unknownClient.body).toContain('OAUTH_EC_APP_NOT_FOUND');

    const mismatch = await get(emulator, authorizeUrl({ redirect_uri: 'https://evil.example/' }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.location).toBeUndefined();
    expect(mismatch.body).toContain('error=redirect_uri_mismatch');
  });

  it('accepts any extension id and the localhost callback, but not other hosts or paths', async () => {
    const emulator = fakeEmulator();
    emulator.control.updateSettings({ autoApprove: true });
    for (const uri of ['https://hehoenggjkchdebclaadeimhnnacggai.chromiumapp.org/', 'http://localhost/oauth/callback']) {
      expect((await get(emulator, authorizeUrl({ redirect_uri: uri }))).status).toBe(302);
    }
    for (const uri of ['https://a.b.chromiumapp.org/', 'https://x.chromiumapp.org/other', 'https://chromiumapp.org/']) {
      expect((await get(emulator, authorizeUrl({ redirect_uri: uri }))).status).toBe(400);
    }
  });

  it('answers prompt=none without a session (no auto-approve) with login_required', async () => {
    const emulator = fakeEmulator();
    const response = await get(emulator, authorizeUrl({ prompt: 'none' }));
    expect(response.status).toBe(302);
    expect(locationParams(response.headers.location).get('error')).toBe('login_required');
  });

  it('redirects with unsupported_response_type for response_type=token', async () => {
    const emulator = fakeEmulator();
    const response = await get(emulator, authorizeUrl({ response_type: 'token' }));
    expect(locationParams(response.headers.location).get('error')).toBe('unsupported_response_type');
  });
});

describe('token endpoint', () => {
  it('exchanges a PKCE code (S256 assumed without a method) for Salesforce-shaped tokens', async () => {
    const emulator = fakeEmulator();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(emulator, { code_challenge: challenge });
    const response = await exchange(emulator, code, { code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'access_token',
      'refresh_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ]);
    expect(body.access_token).toMatch(/^00D5g000004ABCD!AQ[A-Za-z0-9._]+$/);
    expect(body.refresh_token).toMatch(/^5Aep861/);
    expect(body.scope).toBe('api refresh_token');
    expect(body.instance_url).toBe('http://127.0.0.1:9999');
    expect(body.id).toBe(`http://127.0.0.1:9999/id/${ORG_ID}/${USER_ID}`);
    expect(body.token_type).toBe('Bearer');
    expect(body.issued_at).toMatch(/^\d{13}$/);
  });

  it('supports code_challenge_method=plain when the authorize call said so', async () => {
    const emulator = fakeEmulator();
    const code = await codeFor(emulator, { code_challenge: 'plain-verifier-1234567890-abcdefghijklmnopq', code_challenge_method: 'plain' });
    const response = await exchange(emulator, code, { code_verifier: 'plain-verifier-1234567890-abcdefghijklmnopq' });
    expect(response.status).toBe(200);
  });

  it('rejects a wrong or missing code verifier', async () => {
    const emulator = fakeEmulator();
    const { challenge } = pkcePair();
    const wrong = await exchange(emulator, await codeFor(emulator, { code_challenge: challenge }), { code_verifier: 'nope' });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
    const missing = await exchange(emulator, await codeFor(emulator, { code_challenge: challenge }));
    expect(JSON.parse(missing.body)).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
  });

  it('makes codes single-use and short-lived, and checks redirect_uri and client', async () => {
    const clock = manualClock();
    const emulator = fakeEmulator({ clock });
    const { verifier, challenge } = pkcePair();

    const code = await codeFor(emulator, { code_challenge: challenge });
    expect((await exchange(emulator, code, { code_verifier: verifier })).status).toBe(200);
    const reused = await exchange(emulator, code, { code_verifier: verifier });
    expect(JSON.parse(reused.body)).toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });

    const late = await codeFor(emulator, { code_challenge: challenge });
    clock.advance(15 * 60 * 1000 + 1);
    expect(JSON.parse((await exchange(emulator, late, { code_verifier: verifier })).body)).toEqual({
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    });

    const otherUri = await codeFor(emulator, { code_challenge: challenge });
    const mismatch = await exchange(emulator, otherUri, { code_verifier: verifier, redirect_uri: 'http://localhost/oauth/callback' });
    expect(mismatch.status).toBe(400);
    expect(JSON.parse(mismatch.body).error).toBe('redirect_uri_mismatch');

    expect(JSON.parse((await exchange(emulator, 'garbage', { code_verifier: verifier })).body)).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid authorization code',
    });
    const badClient = await exchange(emulator, 'x', { client_id: 'unknown' });
    expect(JSON.parse(badClient.body)).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
  });

  it('answers unsupported_grant_type for other grants', async () => {
    const emulator = fakeEmulator();
    const response = await postForm(emulator, '/services/oauth2/token', { grant_type: 'password', client_id: CONSUMER_KEY });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });

  it('refreshes: a new access token, no refresh token, same identity', async () => {
    const emulator = fakeEmulator();
    const tokens = await login(emulator);
    const refreshed = await postForm(emulator, '/services/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: CONSUMER_KEY,
    });
    expect(refreshed.status).toBe(200);
    const body = JSON.parse(refreshed.body) as Record<string, unknown>;
    expect(body.refresh_token).toBeUndefined();
    expect(body.access_token).not.toBe(tokens.access_token);
    expect(body.id).toBe(tokens.id);

    const bad = await postForm(emulator, '/services/oauth2/token', { grant_type: 'refresh_token', refresh_token: 'x', client_id: CONSUMER_KEY });
    expect(JSON.parse(bad.body)).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
  });
});

describe('revoke, identity, userinfo', () => {
  it('revoking a refresh token revokes its access tokens', async () => {
    const emulator = fakeEmulator();
    const tokens = await login(emulator);
    expect((await get(emulator, '/services/data/v62.0/limits', bearer(tokens.access_token))).status).toBe(200);
    const revoked = await postForm(emulator, '/services/oauth2/revoke', { token: tokens.refresh_token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toBe('');
    expect((await get(emulator, '/services/data/v62.0/limits', bearer(tokens.access_token))).status).toBe(401);
    const again = await postForm(emulator, '/services/oauth2/revoke', { token: tokens.refresh_token });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body).error).toBe('invalid_token');
  });

  it('revokes an access token given in the query string (GET)', async () => {
    const emulator = fakeEmulator();
    const tokens = await login(emulator);
    const revoked = await get(emulator, `/services/oauth2/revoke?token=${encodeURIComponent(tokens.access_token)}`);
    expect(revoked.status).toBe(200);
    expect((await get(emulator, '/services/data/v62.0/limits', bearer(tokens.access_token))).status).toBe(401);
  });

  it('answers the identity URL with the user, the org and {version} urls', async () => {
    const emulator = fakeEmulator();
    const tokens = await login(emulator, 'api refresh_token id');
    const response = await get(emulator, `/id/${ORG_ID}/${USER_ID}?format=json&oauth_token=${encodeURIComponent(tokens.access_token)}`);
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as Record<string, unknown> & { urls: Record<string, string> };
    expect(body).toMatchObject({
      id: tokens.id,
      user_id: USER_ID,
      organization_id: ORG_ID,
      username: 'ada@example.com',
      display_name: 'Ada Lovelace',
      email: 'ada@example.com',
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      is_app_installed: true,
    });
    expect(typeof body.utcOffset).toBe('number');
    expect(body.last_modified_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.urls.rest).toBe('http://127.0.0.1:9999/services/data/v{version}/');
    expect(body.urls.query).toBe('http://127.0.0.1:9999/services/data/v{version}/query/');
    expect(body.urls.sobjects).toBe('http://127.0.0.1:9999/services/data/v{version}/sobjects/');
  });

  it('answers a bad token at the identity URL with 403 Bad_OAuth_Token', async () => {
    const emulator = fakeEmulator();
    const response = await get(emulator, `/id/${ORG_ID}/${USER_ID}`, bearer('00Dnope!AQxx'));
    expect(response.status).toBe(403);
    expect(response.body).toBe('Bad_OAuth_Token');
  });

  it('answers userinfo in the OpenID shape', async () => {
    const emulator = fakeEmulator();
    const tokens = await login(emulator);
    const response = await get(emulator, '/services/oauth2/userinfo', bearer(tokens.access_token));
    expect(JSON.parse(response.body)).toMatchObject({
      sub: tokens.id,
      user_id: USER_ID,
      organization_id: ORG_ID,
      preferred_username: 'ada@example.com',
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.com',
      zoneinfo: 'Europe/London',
    });
  });
});

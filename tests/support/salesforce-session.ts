/**
 * A jsforce Connection to a running emulator, signed in the way the extension signs in (PKCE
 * authorization code, through the consent page auto-approved), for tests of code that takes a
 * Salesforce API. The extension's own OAuth is proven end to end in Chromium elsewhere.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Connection } from 'jsforce';
import type { RunningEmulator } from '../../emulator/server';
import { ORG_FACTS } from '../../lib/background/router';
import { userRefOf } from '../../lib/salesforce/org-facts';
import { salesforceApi, type SalesforceApi } from '../../lib/salesforce/rest-api';

export const LOCAL_CALLBACK = 'http://localhost/oauth/callback';

/** The background's Salesforce API (what matching and the outbox call) for whoever signs in to the emulator. */
export async function signInApi(running: RunningEmulator): Promise<SalesforceApi> {
  return apiFor(await signIn(running));
}

/** The background's Salesforce API on a connection `signIn` made. */
export function apiFor(connection: Connection): SalesforceApi {
  const identity = identityUrls.get(connection);
  if (!identity) throw new Error('apiFor takes a connection made by signIn');
  return salesforceApi(connection, { ...userRefOf(identity), facts: ORG_FACTS });
}

/** The identity URL each signed-in connection was given (it names the org and the user). */
const identityUrls = new WeakMap<Connection, string>();

export async function signIn(running: RunningEmulator): Promise<Connection> {
  running.emulator.control.updateSettings({ autoApprove: true });
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL('/services/oauth2/authorize', running.url);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: running.consumerKey,
    redirect_uri: LOCAL_CALLBACK,
    state: 'test',
    scope: 'api refresh_token',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`The emulator gave no code: ${redirect.status} ${redirect.headers.get('location')}`);
  const token = await fetch(new URL('/services/oauth2/token', running.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: running.consumerKey, redirect_uri: LOCAL_CALLBACK, code_verifier: verifier }),
  });
  const body = (await token.json()) as { access_token: string; refresh_token: string; instance_url: string; id: string };
  if (!token.ok) throw new Error(`Token exchange failed: ${JSON.stringify(body)}`);
  const connection = new Connection({
    instanceUrl: body.instance_url,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    oauth2: { loginUrl: running.url, clientId: running.consumerKey, redirectUri: LOCAL_CALLBACK },
    version: '62.0',
  });
  identityUrls.set(connection, body.id);
  return connection;
}

/** Counts the Salesforce API requests (REST under /services/data) made while `run` runs. */
export async function countApiRequests<T>(running: RunningEmulator, run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const mark = running.emulator.control.mark();
  const result = await run();
  const { requests } = running.emulator.control.requestsSince(mark);
  return { result, requests: requests.filter((r) => r.path.startsWith('/services/data/')).map((r) => `${r.method} ${r.path}`) };
}

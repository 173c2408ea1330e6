import { Connection } from 'jsforce/core';
import type { ConnectionStatus } from '../messaging/contract';
import { statusStampItem } from '../storage/items';
import { onForgetMemory } from '../storage/worker-memory';
import { explain, SalesforceProblem } from './errors';
import { verifiedOrigin } from './hosts';
import { authorizationRequest, exchangeCode, readRedirect, refreshAccessToken, revokeToken, type TokenResponse } from './oauth';
import { currentOrgFacts, forgetOrgFacts, storedOrgFacts, userRefOf, type OrgFactsRequest } from './org-facts';
import { salesforceApi, type CompositeAnswer, type CompositeSubrequest, type SalesforceApi } from './rest-api';
import { forgetSealingKey, seal, unseal } from './sealed';
import { accessTokenItem, connectionItem, pendingAuthItem, type StoredConnection } from './tokens';

/** The REST API version every request uses (jsforce's default is far older). */
export const API_VERSION = '62.0';

export async function connectionStatus(): Promise<ConnectionStatus> {
  const stored = await connectionItem.getValue();
  if (!stored) return { state: 'disconnected' };
  const facts = await storedOrgFacts();
  const cannotRead = facts ? Object.keys(facts.objects).filter((name) => facts.objects[name] === null) : [];
  return {
    state: stored.state,
    user: { name: stored.user.displayName, username: stored.user.username, orgId: stored.user.orgId },
    loginHost: new URL(stored.loginUrl).host,
    instanceHost: new URL(stored.instanceUrl).host,
    instanceUrl: new URL(stored.instanceUrl).origin,
    ...(stored.problem ? { problem: stored.problem } : {}),
    ...(stored.problemReason ? { problemReason: stored.problemReason } : {}),
    ...(cannotRead.length ? { cannotRead } : {}),
  };
}

/** Origins the worker must be allowed to reach for this login host and instance. */
export function originsFor(...urls: string[]): string[] {
  return [...new Set(urls.map((url) => `${new URL(url).origin}/*`))];
}

/**
 * What the refresh token is for, sealed with it (sealed.ts): a content script that rewrites any of
 * these in `storage.local` makes the token unreadable instead of sending it elsewhere.
 */
export function sealBinding(stored: Pick<StoredConnection, 'loginUrl' | 'clientId' | 'redirectUri' | 'instanceUrl' | 'user'>): string {
  return JSON.stringify(['sfsd-connection-v2', stored.loginUrl, stored.clientId, stored.redirectUri, stored.instanceUrl, stored.user.orgId, stored.user.userId]);
}

/**
 * S1: the OAuth 2.0 authorization-code flow with PKCE and `state`, through
 * `identity.launchWebAuthFlow`, against the login URL and connected app the settings name; stores
 * the tokens and answers who is connected. Who that is, and what the org lets them do (`facts`),
 * is read in one Composite request: the identity URL is not read (it may need the `id` scope), only
 * its path, which names the org and the user.
 */
export async function connect({
  loginUrl,
  clientId,
  facts = { describe: [], check: [] },
}: {
  loginUrl: string;
  clientId: string;
  facts?: OrgFactsRequest;
}): Promise<ConnectionStatus> {
  if (!clientId) {
    throw new SalesforceProblem('requirement', 'No consumer key is set (requirement S1: the sidebar\'s connected app). Ask your Salesforce admin for it, or enter it in the settings.', 'NO_CONSUMER_KEY');
  }
  await verifiedOrigin(loginUrl, 'login host');
  const redirectUri = browser.identity.getRedirectURL();
  const request = await authorizationRequest(loginUrl, clientId, redirectUri);
  await pendingAuthItem.setValue({ state: request.state, verifier: request.verifier, startedAt: Date.now() });
  let redirect: string | undefined;
  try {
    redirect = await browser.identity.launchWebAuthFlow({ url: request.url, interactive: true });
  } catch (error) {
    await pendingAuthItem.setValue(null);
    throw new SalesforceProblem('oauth', `Signing in to Salesforce did not finish: ${error instanceof Error ? error.message : String(error)}`, 'AUTH_FLOW');
  }
  const pending = await pendingAuthItem.getValue();
  await pendingAuthItem.setValue(null);
  if (!redirect || !pending) throw new SalesforceProblem('oauth', 'Signing in to Salesforce did not finish.', 'AUTH_FLOW');
  const code = readRedirect(redirect, pending.state);
  await verifiedOrigin(loginUrl, 'login host');
  const tokens = await exchangeCode(loginUrl, clientId, redirectUri, code, pending.verifier);
  const instanceUrl = await verifiedOrigin(tokens.instance_url, 'instance URL Salesforce named');
  await verifiedOrigin(tokens.id, 'identity URL Salesforce named');
  if (!tokens.refresh_token) {
    throw new SalesforceProblem('requirement', 'Salesforce gave no refresh token: the connected app must allow the "refresh_token" scope (docs/ADMIN.md).', 'NO_REFRESH_TOKEN');
  }
  const who = userRefOf(tokens.id);
  const orgFacts = await currentOrgFacts(compositeWith(instanceUrl, tokens.access_token), facts, who, { refresh: true });
  await accessTokenItem.setValue({ accessToken: tokens.access_token, instanceUrl, issuedAt: Date.now() });
  const user = { userId: who.userId, orgId: who.orgId, username: orgFacts.user.username, displayName: orgFacts.user.name };
  const bound = { loginUrl, clientId, redirectUri, instanceUrl, user };
  await connectionItem.setValue({
    state: 'connected',
    ...bound,
    refreshToken: await seal(tokens.refresh_token, sealBinding(bound)),
    connectedAt: Date.now(),
  });
  await statusStampItem.setValue(Date.now());
  return connectionStatus();
}

/** One Composite request with a token just issued, to the instance already verified (no refresh needed). */
function compositeWith(instanceUrl: string, accessToken: string): (subrequests: CompositeSubrequest[]) => Promise<CompositeAnswer[]> {
  return async (subrequests) => {
    const root = `/services/data/v${API_VERSION}`;
    const response = await fetch(`${instanceUrl}${root}/composite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ allOrNone: false, compositeRequest: subrequests.map((sub) => ({ ...sub, url: `${root}/${sub.url}` })) }),
    });
    const body = (await response.json().catch(() => null)) as { compositeResponse?: CompositeAnswer[] } | Array<{ errorCode?: string; message?: string }> | null;
    if (!response.ok || !body || Array.isArray(body) || !body.compositeResponse) {
      const first = Array.isArray(body) ? body[0] : undefined;
      throw Object.assign(new Error(first?.message ?? `Salesforce refused the request (HTTP ${response.status}).`), { errorCode: first?.errorCode ?? `HTTP_${response.status}` });
    }
    return body.compositeResponse;
  };
}

/**
 * Refreshes in flight in this worker, by refresh token: parallel stale requests cause one refresh.
 * Deliberate module state: it only joins requests that overlap, so a worker restart loses nothing.
 */
const refreshing = new Map<string, Promise<TokenResponse>>();

async function refreshOnce(stored: StoredConnection, refreshToken: string): Promise<TokenResponse> {
  let pending = refreshing.get(refreshToken);
  if (!pending) {
    // Shared only while in flight: a finished refresh is never handed out again (its token may
    // already have expired, and jsforce would retry with it forever).
    pending = verifiedOrigin(stored.loginUrl, 'login host')
      .then(() => refreshAccessToken(stored.loginUrl, stored.clientId, refreshToken))
      .finally(() => refreshing.delete(refreshToken));
    refreshing.set(refreshToken, pending);
  }
  return pending;
}

/**
 * A new access token from the refresh token, saved for this browser session. Salesforce may move an
 * org to another instance: the `instance_url` it names is checked like the first one was. With the
 * app's refresh token rotation, the answer carries a new refresh token and the one just used is
 * dead: the new one is sealed (with the same binding) and stored before anyone refreshes again.
 */
export async function refreshSession(stored: StoredConnection, refreshToken: string): Promise<{ accessToken: string; instanceUrl: string; tokens: TokenResponse }> {
  const tokens = await refreshOnce(stored, refreshToken);
  const instanceUrl = await verifiedOrigin(tokens.instance_url, 'instance URL Salesforce named');
  if (tokens.refresh_token && tokens.refresh_token !== refreshToken) await keepRotatedToken(refreshToken, tokens.refresh_token);
  await accessTokenItem.setValue({ accessToken: tokens.access_token, instanceUrl, issuedAt: Date.now() });
  return { accessToken: tokens.access_token, instanceUrl, tokens };
}

/** Stores the refresh token rotation answered, if the stored one is still the one it replaces. */
async function keepRotatedToken(used: string, next: string): Promise<void> {
  const current = await connectionItem.getValue();
  if (!current || (await unseal(current.refreshToken, sealBinding(current))) !== used) return;
  await connectionItem.setValue({ ...current, refreshToken: await seal(next, sealBinding(current)) });
}

/**
 * Refreshes with the refresh token stored now (rotation replaces it on every refresh). A refresh
 * that lost a race to another one (its token rotated away meanwhile) is tried once more with the
 * token stored after it.
 */
async function refreshStoredSession(): Promise<{ accessToken: string; instanceUrl: string; tokens: TokenResponse }> {
  const read = async () => {
    const stored = await connectionItem.getValue();
    const token = stored ? await unseal(stored.refreshToken, sealBinding(stored)) : null;
    if (!stored || !token) throw new SalesforceProblem('needs-reconnect', 'Reconnect to Salesforce.', 'NEEDS_RECONNECT');
    return { stored, token };
  };
  const first = await read();
  try {
    return await refreshSession(first.stored, first.token);
  } catch (error) {
    const now = await read().catch(() => null);
    if (now && now.token !== first.token) return refreshSession(now.stored, now.token);
    throw error;
  }
}

export async function markNeedsReconnect(problem: string, problemReason?: string): Promise<void> {
  const stored = await connectionItem.getValue();
  if (stored && stored.state !== 'needs-reconnect') {
    await connectionItem.setValue({ ...stored, state: 'needs-reconnect', problem, ...(problemReason ? { problemReason } : {}) });
  }
  await accessTokenItem.setValue(null);
  await statusStampItem.setValue(Date.now());
}

/**
 * A jsforce Connection built from storage for one use. An expired session is refreshed by
 * jsforce through `refreshFn` (shared, see above) and the new access token saved; a refresh that
 * fails turns the state into "needs reconnect". Every request it makes is checked against the
 * origins verified here (a Salesforce host the extension may reach) before the token is attached.
 */
export async function openConnection(): Promise<Connection> {
  return (await openStored()).connection;
}

/**
 * The stored connection this worker already unsealed, exactly as stored (its JSON): a connection
 * record rewritten in storage differs and is unsealed, and so checked, again. Saves the key's
 * database and the decryption before each request after a person change (#18).
 */
let verified: string | null = null;
onForgetMemory(() => {
  verified = null;
});

async function openStored(): Promise<{ connection: Connection; stored: StoredConnection }> {
  const stored = await connectionItem.getValue();
  if (!stored) throw new SalesforceProblem('not-connected', 'Connect to Salesforce first.', 'NOT_CONNECTED');
  if (stored.state === 'needs-reconnect') throw new SalesforceProblem('needs-reconnect', stored.problem ?? 'Reconnect to Salesforce.', 'NEEDS_RECONNECT');
  const asStored = JSON.stringify(stored);
  if (verified !== asStored) {
    if (!(await unseal(stored.refreshToken, sealBinding(stored)))) {
      await markNeedsReconnect('The saved sign-in can no longer be read (browser data was cleared, or it was changed outside the extension). Reconnect to go on.');
      throw new SalesforceProblem('needs-reconnect', 'Reconnect to Salesforce.', 'NEEDS_RECONNECT');
    }
    verified = asStored;
  }
  await verifiedOrigin(stored.loginUrl, 'login host');
  const access = await accessTokenItem.getValue();
  const instanceUrl = await verifiedOrigin(access?.instanceUrl ?? stored.instanceUrl, 'instance URL');
  const allowed = new Set([instanceUrl]);
  const connection = new Connection({
    instanceUrl,
    // No access token in this browser session yet: the first request refreshes.
    accessToken: access?.accessToken ?? 'none',
    version: API_VERSION,
    refreshFn: (conn, callback) => {
      refreshStoredSession().then(
        (session) => {
          allowed.add(session.instanceUrl);
          conn.instanceUrl = session.instanceUrl;
          callback(null, session.accessToken, session.tokens as never);
        },
        async (error: unknown) => {
          const problem = explain(error);
          // The session cannot be renewed without the user (or, for a secret the app requires, the admin).
          const ended = problem.code === 'needs-reconnect' || problem.write === 'reconnect';
          if (ended) await markNeedsReconnect(problem.message, problem.errorCode);
          callback(Object.assign(new Error(problem.message), { errorCode: ended ? 'NEEDS_RECONNECT' : problem.errorCode }));
        },
      );
    },
  });
  guardRequests(connection, allowed);
  return { connection, stored };
}

/** The Salesforce API on the stored connection, asking the org `facts` about the connected user. */
export async function openSalesforceApi(facts: OrgFactsRequest): Promise<SalesforceApi> {
  const { connection, stored } = await openStored();
  return salesforceApi(connection, { orgId: stored.user.orgId, userId: stored.user.userId, facts });
}

/**
 * Refuses, before anything is sent, a request of this connection to an origin that was not
 * verified (an absolute URL in an answer, such as a next-page link, pointing elsewhere).
 */
function guardRequests(connection: Connection, allowed: ReadonlySet<string>): void {
  const send = connection.request.bind(connection);
  connection.request = ((request: Parameters<Connection['request']>[0], options?: Parameters<Connection['request']>[1]) => {
    const url = typeof request === 'string' ? request : request.url;
    const origin = /^https?:\/\//i.test(url) ? safeOrigin(url) : safeOrigin(connection.instanceUrl);
    if (!origin || !allowed.has(origin)) {
      throw new SalesforceProblem('requirement', `A request to ${origin ?? 'an invalid address'} was refused: it is not the Salesforce instance this sign-in belongs to.`, 'UNTRUSTED_HOST');
    }
    return send(request, options);
  }) as Connection['request'];
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** S3: revokes the refresh token at Salesforce and erases every token here (each store's owner erases its records). */
export async function disconnect(): Promise<{ revoked: boolean }> {
  const stored = await connectionItem.getValue();
  let revoked = false;
  if (stored) {
    const refreshToken = await unseal(stored.refreshToken, sealBinding(stored));
    if (refreshToken) {
      try {
        await verifiedOrigin(stored.loginUrl, 'login host');
        await revokeToken(stored.loginUrl, refreshToken);
        revoked = true;
      } catch {
        // Offline: the token is still erased here and stops working when it expires or is revoked in Setup.
      }
    }
  }
  await accessTokenItem.setValue(null);
  await connectionItem.setValue(null);
  await pendingAuthItem.setValue(null);
  await forgetOrgFacts();
  verified = null;
  await forgetSealingKey();
  await statusStampItem.setValue(Date.now());
  return { revoked };
}

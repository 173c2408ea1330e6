import { Connection } from 'jsforce/core';
import type { ConnectionStatus } from '../messaging/contract';
import { statusStampItem } from '../storage/items';
import { explain, SalesforceProblem } from './errors';
import { authorizationRequest, exchangeCode, readIdentity, readRedirect, refreshAccessToken, revokeToken, type TokenResponse } from './oauth';
import { forgetSealingKey, seal, unseal } from './sealed';
import { accessTokenItem, connectionItem, pendingAuthItem, type StoredConnection } from './tokens';

/** The REST API version every request uses (jsforce's default is far older). */
export const API_VERSION = '62.0';

export async function connectionStatus(): Promise<ConnectionStatus> {
  const stored = await connectionItem.getValue();
  if (!stored) return { state: 'disconnected' };
  return {
    state: stored.state,
    user: { name: stored.user.displayName, username: stored.user.username, orgId: stored.user.orgId },
    loginHost: new URL(stored.loginUrl).host,
    instanceHost: new URL(stored.instanceUrl).host,
    ...(stored.problem ? { problem: stored.problem } : {}),
  };
}

/** Origins the worker must be allowed to reach for this login host and instance. */
export function originsFor(...urls: string[]): string[] {
  return [...new Set(urls.map((url) => `${new URL(url).origin}/*`))];
}

async function ensureHostAccess(...urls: string[]): Promise<void> {
  const origins = originsFor(...urls);
  if (await browser.permissions.contains({ origins })) return;
  throw new SalesforceProblem(
    'requirement',
    `The extension may not reach ${origins.map((o) => o.replace('/*', '')).join(' and ')} yet. Open the sidebar's settings and connect from there to allow it (a custom My Domain needs your approval once).`,
    'HOST_PERMISSION',
  );
}

/**
 * S1: the OAuth 2.0 authorization-code flow with PKCE and `state`, through
 * `identity.launchWebAuthFlow`, against the login URL and connected app the settings name; stores
 * the tokens and answers who is connected.
 */
export async function connect({ loginUrl, clientId }: { loginUrl: string; clientId: string }): Promise<ConnectionStatus> {
  if (!clientId) {
    throw new SalesforceProblem('requirement', 'No consumer key is set (requirement S1: the sidebar\'s connected app). Ask your Salesforce admin for it, or enter it in the settings.', 'NO_CONSUMER_KEY');
  }
  await ensureHostAccess(loginUrl);
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
  const tokens = await exchangeCode(loginUrl, clientId, redirectUri, code, pending.verifier);
  await ensureHostAccess(tokens.instance_url);
  const identity = await readIdentity(tokens.id, tokens.access_token);
  if (!tokens.refresh_token) {
    throw new SalesforceProblem('requirement', 'Salesforce gave no refresh token: the connected app must allow the "refresh_token" scope (docs/ADMIN.md).', 'NO_REFRESH_TOKEN');
  }
  await accessTokenItem.setValue({ accessToken: tokens.access_token, instanceUrl: tokens.instance_url, issuedAt: Date.now() });
  await connectionItem.setValue({
    state: 'connected',
    loginUrl,
    clientId,
    redirectUri,
    instanceUrl: tokens.instance_url,
    refreshToken: await seal(tokens.refresh_token),
    user: { userId: identity.user_id, orgId: identity.organization_id, username: identity.username, displayName: identity.display_name },
    connectedAt: Date.now(),
  });
  await statusStampItem.setValue(Date.now());
  return connectionStatus();
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
    pending = refreshAccessToken(stored.loginUrl, stored.clientId, refreshToken).finally(() => refreshing.delete(refreshToken));
    refreshing.set(refreshToken, pending);
  }
  return pending;
}

export async function markNeedsReconnect(problem: string): Promise<void> {
  const stored = await connectionItem.getValue();
  if (stored && stored.state !== 'needs-reconnect') await connectionItem.setValue({ ...stored, state: 'needs-reconnect', problem });
  await accessTokenItem.setValue(null);
  await statusStampItem.setValue(Date.now());
}

/**
 * A jsforce Connection built from storage for one use. An expired session is refreshed by
 * jsforce through `refreshFn` (shared, see above) and the new access token saved; a refresh that
 * fails turns the state into "needs reconnect".
 */
export async function openConnection(): Promise<Connection> {
  const stored = await connectionItem.getValue();
  if (!stored) throw new SalesforceProblem('not-connected', 'Connect to Salesforce first.', 'NOT_CONNECTED');
  if (stored.state === 'needs-reconnect') throw new SalesforceProblem('needs-reconnect', stored.problem ?? 'Reconnect to Salesforce.', 'NEEDS_RECONNECT');
  const refreshToken = await unseal(stored.refreshToken);
  if (!refreshToken) {
    await markNeedsReconnect('The saved sign-in can no longer be read (browser data was cleared). Reconnect to go on.');
    throw new SalesforceProblem('needs-reconnect', 'Reconnect to Salesforce.', 'NEEDS_RECONNECT');
  }
  const access = await accessTokenItem.getValue();
  const connection = new Connection({
    instanceUrl: access?.instanceUrl ?? stored.instanceUrl,
    // No access token in this browser session yet: the first request refreshes.
    accessToken: access?.accessToken ?? 'none',
    version: API_VERSION,
    refreshFn: (_conn, callback) => {
      refreshOnce(stored, refreshToken).then(
        async (tokens) => {
          await accessTokenItem.setValue({ accessToken: tokens.access_token, instanceUrl: tokens.instance_url, issuedAt: Date.now() });
          callback(null, tokens.access_token, tokens as never);
        },
        async (error: unknown) => {
          const problem = explain(error);
          if (problem.code === 'needs-reconnect') await markNeedsReconnect(problem.message);
          callback(Object.assign(new Error(problem.message), { errorCode: problem.code === 'needs-reconnect' ? 'NEEDS_RECONNECT' : problem.errorCode }));
        },
      );
    },
  });
  return connection;
}

/** S3: revokes the refresh token at Salesforce and erases every token here (each store's owner erases its records). */
export async function disconnect(): Promise<{ revoked: boolean }> {
  const stored = await connectionItem.getValue();
  let revoked = false;
  if (stored) {
    const refreshToken = await unseal(stored.refreshToken);
    if (refreshToken) {
      try {
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
  await forgetSealingKey();
  await statusStampItem.setValue(Date.now());
  return { revoked };
}

/**
 * OAuth 2.0 web-server flow with PKCE, as Salesforce runs it for a public client (no secret):
 * authorize through `identity.launchWebAuthFlow`, check `state`, exchange the code, refresh,
 * revoke. Plain fetch; the worker has host permissions, so no CORS is needed. The identity URL is
 * not read: it may need a scope the app does not grant; who signed in is read over REST instead.
 */
import { SalesforceProblem } from './errors';
import { pkcePair, randomToken } from './pkce';

export const SCOPES = 'api refresh_token';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  instance_url: string;
  id: string;
  issued_at?: string;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  verifier: string;
}

export async function authorizationRequest(loginUrl: string, clientId: string, redirectUri: string): Promise<AuthorizationRequest> {
  const { verifier, challenge } = await pkcePair();
  const state = randomToken(24);
  const url = new URL('/services/oauth2/authorize', loginUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.href, state, verifier };
}

/** Reads the redirect Salesforce sent back: the code, after checking `state`; its error otherwise. */
export function readRedirect(redirect: string, expectedState: string): string {
  const url = new URL(redirect);
  const params = new URLSearchParams(url.search || url.hash.slice(1));
  const error = params.get('error');
  if (error) {
    throw new SalesforceProblem(error === 'access_denied' ? 'oauth' : 'requirement', params.get('error_description') ?? error, error);
  }
  if (params.get('state') !== expectedState) {
    throw new SalesforceProblem('oauth', 'The answer from Salesforce does not belong to this sign-in (its state does not match). Nothing was connected; try again.', 'STATE_MISMATCH');
  }
  const code = params.get('code');
  if (!code) throw new SalesforceProblem('oauth', 'Salesforce sent no authorization code.', 'NO_CODE');
  return code;
}

async function tokenRequest(loginUrl: string, params: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch(new URL('/services/oauth2/token', loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(params),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    const error = body.error ?? `HTTP_${response.status}`;
    // invalid_client for a public client: the app requires a secret for this flow (docs/ADMIN.md).
    const code = error !== 'invalid_client' ? error : params.grant_type === 'refresh_token' ? 'REFRESH_NEEDS_SECRET' : 'CODE_NEEDS_SECRET';
    throw Object.assign(new Error(body.error_description ?? `Salesforce refused the token request (${error}).`), { errorCode: code, error });
  }
  return body as TokenResponse;
}

export function exchangeCode(loginUrl: string, clientId: string, redirectUri: string, code: string, verifier: string): Promise<TokenResponse> {
  return tokenRequest(loginUrl, { grant_type: 'authorization_code', code, client_id: clientId, redirect_uri: redirectUri, code_verifier: verifier });
}

export function refreshAccessToken(loginUrl: string, clientId: string, refreshToken: string): Promise<TokenResponse> {
  return tokenRequest(loginUrl, { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
}

/** Revokes a refresh token (and the access tokens it minted) at Salesforce. */
export async function revokeToken(loginUrl: string, token: string): Promise<void> {
  const response = await fetch(new URL('/services/oauth2/revoke', loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  // 400 invalid_token: already revoked or expired — the goal is reached either way.
  if (!response.ok && response.status !== 400) throw new Error(`Salesforce did not revoke the token (HTTP ${response.status}).`);
}

/**
 * OAuth 2.0 web server flow as Salesforce runs it: /authorize (consent page or auto-approve),
 * /token (authorization_code with PKCE, refresh_token), /revoke, the identity URL and /userinfo.
 */
import type { OrgUser } from '../org/types';
import { consentPage, oauthErrorPage } from './consent-page';
import { hmacSha256Base64, sha256Base64Url } from './crypto-util';
import { bearerToken, formParams, type HttpCall } from './http-call';
import { htmlResponse, jsonResponse, oauthError, redirect } from './responses';
import { findClient, isRegisteredCallback } from './seed-file';
import type { EmulatorState } from './state';
import type { AccessTokenRecord, ChallengeMethod } from './token-store';
import type { ConnectedAppSeed, EmulatorResponse } from './types';

/** What a grant gets when the authorize call names no scope: the connected app's full set. */
const DEFAULT_SCOPE = 'api refresh_token id';

function normalizeScope(scope: string | null): string {
  const words = (scope ?? '').split(/[\s+]+/).filter((word) => word.length > 0);
  return words.length > 0 ? [...new Set(words)].join(' ') : DEFAULT_SCOPE;
}

function grantsRefreshToken(scope: string): boolean {
  const words = scope.split(' ');
  return words.includes('refresh_token') || words.includes('offline_access') || words.includes('full');
}

function withParams(uri: string, params: Record<string, string | null>): string {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
}

// ---------------------------------------------------------------------------------------------
// /services/oauth2/authorize

interface AuthorizeRequest {
  client: ConnectedAppSeed;
  redirectUri: string;
  state: string | null;
  scope: string;
  codeChallenge?: string;
  challengeMethod: ChallengeMethod;
}

type AuthorizeCheck = { ok: true; request: AuthorizeRequest } | { ok: false; response: EmulatorResponse };

/** Validates in Salesforce's order: errors before the redirect URI is trusted show a page, later ones redirect. */
function checkAuthorizeParams(state: EmulatorState, params: URLSearchParams): AuthorizeCheck {
  const client = findClient(state.clients, params.get('client_id'));
  if (!client) {
    return {
      ok: false,
      response: htmlResponse(
        400,
        oauthErrorPage(
          'invalid_client_id',
          'client identifier invalid',
          'OAUTH_EC_APP_NOT_FOUND: the client_id does not name a connected app of this org.',
        ),
      ),
    };
  }
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!isRegisteredCallback(client, redirectUri)) {
    return {
      ok: false,
      response: htmlResponse(
        400,
        oauthErrorPage(
          'redirect_uri_mismatch',
          'redirect_uri must match configuration',
          `The redirect_uri "${redirectUri}" is not a callback URL of ${client.name}.`,
        ),
      ),
    };
  }
  const stateParam = params.get('state');
  const fail = (error: string, description: string): AuthorizeCheck => ({
    ok: false,
    response: redirect(withParams(redirectUri, { error, error_description: description, state: stateParam })),
  });
  if (params.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'response type not supported');
  }
  const codeChallenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method');
  // jsforce sends no method; Salesforce then assumes S256.
  if (method !== null && method !== 'S256' && method !== 'plain') {
    return fail('invalid_request', 'invalid code_challenge_method');
  }
  // "Require Proof Key for Code Exchange (PKCE)" on the app: no challenge, no code.
  if ((method !== null || client.requirePkce === true) && codeChallenge === undefined) {
    return fail('invalid_request', 'missing required code challenge');
  }
  return {
    ok: true,
    request: {
      client,
      redirectUri,
      state: stateParam,
      scope: normalizeScope(params.get('scope')),
      codeChallenge,
      challengeMethod: method === 'plain' ? 'plain' : 'S256',
    },
  };
}

function approve(state: EmulatorState, request: AuthorizeRequest, user: OrgUser): EmulatorResponse {
  const code = state.tokens.issueCode({
    clientId: request.client.consumerKey,
    redirectUri: request.redirectUri,
    userId: user.Id,
    scope: request.scope,
    codeChallenge: request.codeChallenge,
    challengeMethod: request.challengeMethod,
  });
  return redirect(withParams(request.redirectUri, { code, state: request.state }));
}

function deny(request: AuthorizeRequest, error: string, description: string): EmulatorResponse {
  return redirect(withParams(request.redirectUri, { error, error_description: description, state: request.state }));
}

export function handleAuthorize(state: EmulatorState, call: HttpCall): EmulatorResponse {
  const params = call.method === 'POST' ? formParams(call) : call.query;
  const checked = checkAuthorizeParams(state, params);
  if (!checked.ok) return checked.response;
  const { request } = checked;

  if (call.method === 'POST') {
    if (params.get('decision') !== 'allow') return deny(request, 'access_denied', 'end-user denied authorization');
    const chosen = state.findUser(params.get('login_user') ?? '') ?? state.loginUser();
    if (!chosen?.IsActive) return deny(request, 'access_denied', 'user is not active');
    return approve(state, request, chosen);
  }

  const user = state.loginUser();
  if (!user?.IsActive) return deny(request, 'access_denied', 'user is not active');
  if (state.settings.autoApprove) return approve(state, request, user);
  // With prompt=none Salesforce never shows a page: without a session it answers login_required.
  if (params.get('prompt')?.split(' ').includes('none')) {
    return deny(request, 'login_required', 'user is not logged in');
  }
  const echoed = [...params.entries()].filter(([name]) => name !== 'decision' && name !== 'login_user');
  return htmlResponse(
    200,
    consentPage({
      appName: request.client.name,
      params: echoed,
      scopes: request.scope.split(' '),
      user,
      users: state.org.users().filter((u) => u.IsActive),
      orgName: state.org.info.name,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// /services/oauth2/token

export function identityUrl(baseUrl: string, orgId: string, userId: string): string {
  return `${baseUrl}/id/${orgId}/${userId}`;
}

async function tokenResponse(
  state: EmulatorState,
  call: HttpCall,
  access: AccessTokenRecord,
  refreshToken: string | undefined,
): Promise<EmulatorResponse> {
  const id = identityUrl(call.baseUrl, state.org.info.id, access.userId);
  const issuedAt = String(access.issuedAt);
  // Salesforce signs id + issued_at with the consumer secret; the emulator's apps have none, so the key is the consumer key.
  const signature = await hmacSha256Base64(access.clientId, id + issuedAt);
  return jsonResponse(200, {
    access_token: access.token,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    signature,
    scope: access.scope,
    instance_url: call.baseUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  });
}

async function verifierMatches(challenge: string, method: ChallengeMethod, verifier: string): Promise<boolean> {
  return method === 'plain' ? verifier === challenge : (await sha256Base64Url(verifier)) === challenge;
}

async function authorizationCodeGrant(
  state: EmulatorState,
  call: HttpCall,
  params: URLSearchParams,
  client: ConnectedAppSeed,
): Promise<EmulatorResponse> {
  const code = params.get('code');
  if (!code) return oauthError(400, 'invalid_request', 'missing required code parameter');
  const redemption = state.tokens.redeemCode(code);
  if (!redemption.ok) {
    return oauthError(
      400,
      'invalid_grant',
      redemption.reason === 'expired' ? 'expired authorization code' : 'invalid authorization code',
    );
  }
  const { grant } = redemption;
  if (grant.clientId !== client.consumerKey) return oauthError(400, 'invalid_grant', 'authentication failure');
  if (params.get('redirect_uri') !== grant.redirectUri) {
    return oauthError(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
  }
  const verifier = params.get('code_verifier');
  if (grant.codeChallenge === undefined) {
    if (verifier !== null) return oauthError(400, 'invalid_grant', 'invalid code verifier');
  } else if (verifier === null || !(await verifierMatches(grant.codeChallenge, grant.challengeMethod, verifier))) {
    return oauthError(400, 'invalid_grant', 'invalid code verifier');
  }
  const user = state.org.user(grant.userId);
  if (!user?.IsActive) return oauthError(400, 'invalid_grant', 'inactive user');
  const refresh = grantsRefreshToken(grant.scope)
    ? state.tokens.issueRefreshToken(user.Id, client.consumerKey, grant.scope)
    : undefined;
  const access = state.tokens.issueAccessToken(state.org.info.id, {
    userId: user.Id,
    clientId: client.consumerKey,
    scope: grant.scope,
    refreshToken: refresh?.token,
  });
  return tokenResponse(state, call, access, refresh?.token);
}

async function refreshTokenGrant(
  state: EmulatorState,
  call: HttpCall,
  params: URLSearchParams,
  client: ConnectedAppSeed,
): Promise<EmulatorResponse> {
  const token = params.get('refresh_token');
  if (!token) return oauthError(400, 'invalid_request', 'missing required refresh_token parameter');
  const refresh = state.tokens.findRefreshToken(token);
  if (!refresh) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
  if (refresh.clientId !== client.consumerKey) return oauthError(400, 'invalid_grant', 'authentication failure');
  const user = state.org.user(refresh.userId);
  if (!user?.IsActive) return oauthError(400, 'invalid_grant', 'inactive user');
  // Without rotation (Salesforce's default) the answer carries no refresh token; with it, a new one
  // that replaces the one just used (Salesforce Help, "OAuth 2.0 Refresh Token Flow").
  const current = client.refreshTokenRotation === true ? state.tokens.rotateRefreshToken(refresh) : refresh;
  const access = state.tokens.issueAccessToken(state.org.info.id, {
    userId: user.Id,
    clientId: client.consumerKey,
    scope: refresh.scope,
    refreshToken: current.token,
  });
  return tokenResponse(state, call, access, client.refreshTokenRotation === true ? current.token : undefined);
}

export async function handleToken(state: EmulatorState, call: HttpCall): Promise<EmulatorResponse> {
  if (call.method !== 'POST') return oauthError(400, 'invalid_request', 'must use HTTP POST');
  const params = formParams(call);
  const grantType = params.get('grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
  const client = findClient(state.clients, params.get('client_id'));
  if (!client) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  // The app's "Require Secret for Web Server Flow" / "… for Refresh Token Flow": a public client
  // (no secret) is refused with invalid_client. A secret that is sent must be the right one.
  const required = grantType === 'authorization_code' ? client.requireSecretForWebServerFlow : client.requireSecretForRefreshTokenFlow;
  const secret = params.get('client_secret');
  if ((required === true || secret !== null) && (secret === null || secret !== client.consumerSecret)) {
    return oauthError(400, 'invalid_client', 'invalid client credentials');
  }
  return grantType === 'authorization_code'
    ? authorizationCodeGrant(state, call, params, client)
    : refreshTokenGrant(state, call, params, client);
}

// ---------------------------------------------------------------------------------------------
// /services/oauth2/revoke

export function handleRevoke(state: EmulatorState, call: HttpCall): EmulatorResponse {
  const token = (call.method === 'POST' ? formParams(call).get('token') : null) ?? call.query.get('token');
  if (!token) return oauthError(400, 'unsupported_token_type', 'token type not supported');
  if (!state.tokens.revokeToken(token)) return oauthError(400, 'invalid_token', 'invalid token');
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: '' };
}

// ---------------------------------------------------------------------------------------------
// Identity URL and OpenID userinfo

/** The identity service answers a bad token with 403 text "Bad_OAuth_Token" (not 401: jsforce will not refresh). */
function badOAuthToken(): EmulatorResponse {
  return { status: 403, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'Bad_OAuth_Token' };
}

function identityToken(state: EmulatorState, call: HttpCall): AccessTokenRecord | undefined {
  const token = bearerToken(call) ?? call.query.get('oauth_token') ?? call.query.get('access_token');
  return token ? state.tokens.authenticate(token) : undefined;
}

/** Offset of a time zone from UTC in milliseconds, at `now` (Intl exists in Node and browsers). */
function utcOffsetMs(timeZone: string | undefined, now: number): number {
  if (!timeZone) return 0;
  try {
    const date = new Date(now);
    const local = new Date(date.toLocaleString('en-US', { timeZone }));
    const utc = new Date(date.toLocaleString('en-US', { timeZone: 'UTC' }));
    return local.getTime() - utc.getTime();
  } catch {
    return 0;
  }
}

function salesforceDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function identityUrls(baseUrl: string, orgId: string, userId: string, version: string): Record<string, string> {
  const org15 = orgId.slice(0, 15);
  const data = `${baseUrl}/services/data/v${version}`;
  return {
    enterprise: `${baseUrl}/services/Soap/c/${version}/${org15}`,
    metadata: `${baseUrl}/services/Soap/m/${version}/${org15}`,
    partner: `${baseUrl}/services/Soap/u/${version}/${org15}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${baseUrl}/services/Soap/T/${version}/${org15}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${baseUrl}/${userId}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: baseUrl,
  };
}

function userFacts(state: EmulatorState, user: OrgUser) {
  const language = user.LanguageLocaleKey ?? 'en_US';
  return {
    active: user.IsActive,
    user_type: 'STANDARD',
    language,
    locale: language,
    utcOffset: utcOffsetMs(user.TimeZoneSidKey, state.clock()),
  };
}

function photos(baseUrl: string) {
  return { picture: `${baseUrl}/profilephoto/005/F`, thumbnail: `${baseUrl}/profilephoto/005/T` };
}

/** Scopes that open the identity URL (Salesforce Help, "Identity URLs": the `id` scope; openid and full include it). */
const IDENTITY_SCOPES = ['id', 'openid', 'full'];

export function handleIdentity(state: EmulatorState, call: HttpCall, orgId: string, userId: string): EmulatorResponse {
  const access = identityToken(state, call);
  if (!access) return badOAuthToken();
  // Unconfirmed whether a real org refuses a token without the scope; the switch models both answers.
  if (state.settings.identityRequiresIdScope && !access.scope.split(' ').some((scope) => IDENTITY_SCOPES.includes(scope))) {
    return { status: 403, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'Bad_OAuth_Token' };
  }
  const org = state.org.info;
  const user = state.findUser(userId);
  if (orgId.slice(0, 15) !== org.id.slice(0, 15) || !user || userId.length < 15) {
    return { status: 404, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'Bad_Id' };
  }
  const version = call.query.get('version') ?? '{version}';
  return jsonResponse(200, {
    id: identityUrl(call.baseUrl, org.id, user.Id),
    asserted_user: access.userId === user.Id,
    user_id: user.Id,
    organization_id: org.id,
    username: user.Username,
    nick_name: user.Username.split('@')[0] ?? user.Username,
    display_name: user.Name,
    email: user.Email,
    email_verified: true,
    first_name: user.FirstName ?? null,
    last_name: user.LastName,
    timezone: user.TimeZoneSidKey ?? 'America/Los_Angeles',
    photos: photos(call.baseUrl),
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: identityUrls(call.baseUrl, org.id, user.Id, version),
    ...userFacts(state, user),
    last_modified_date: salesforceDateTime(state.startedAt),
    is_app_installed: true,
  });
}

export function handleUserInfo(state: EmulatorState, call: HttpCall): EmulatorResponse {
  const access = identityToken(state, call);
  if (!access) return badOAuthToken();
  const user = state.org.user(access.userId);
  if (!user) return badOAuthToken();
  const org = state.org.info;
  return jsonResponse(200, {
    sub: identityUrl(call.baseUrl, org.id, user.Id),
    user_id: user.Id,
    organization_id: org.id,
    preferred_username: user.Username,
    nickname: user.Username.split('@')[0] ?? user.Username,
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName ?? null,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey ?? 'America/Los_Angeles',
    photos: photos(call.baseUrl),
    profile: `${call.baseUrl}/${user.Id}`,
    picture: photos(call.baseUrl).picture,
    address: {},
    is_salesforce_integration_user: false,
    urls: identityUrls(call.baseUrl, org.id, user.Id, '{version}'),
    ...userFacts(state, user),
    updated_at: salesforceDateTime(state.startedAt),
    is_app_installed: true,
  });
}

/**
 * The emulator core: one async function from request to response, no sockets. The Node server
 * (emulator/server.ts) and tests wrap it; an in-extension transport could too.
 */
import type { Org, OrgSnapshot } from '../org/types';
import { parseVersionSegment, versionsList } from './api-versions';
import { handleComposite } from './composite';
import { CONTROL_PREFIX, createControl, handleControl, type EmulatorControl } from './control';
import { bearerToken, formParams, parseCall, type HttpCall } from './http-call';
import { handleAuthorize, handleIdentity, handleRevoke, handleToken, handleUserInfo } from './oauth';
import { dispatchRest } from './rest';
import type { RestCall } from './rest-call';
import { errorArray, jsonResponse, notFound, oauthError } from './responses';
import { EmulatorState } from './state';
import type { Clock, EmulatorRequest, EmulatorResponse, OrgFactory, SeedFile } from './types';

export interface EmulatorOptions {
  seed: SeedFile;
  /** Builds the org from a snapshot: `createOrg` from emulator/org/create-org.ts in production. */
  createOrg: OrgFactory;
  /** Start from this org instead of the seed's (a --data file); reset still goes back to the seed. */
  initialSnapshot?: OrgSnapshot;
  /** Defaults to Date.now; tests pass a manual clock to expire codes, sessions and cursors. */
  clock?: Clock;
  /** Added before every non-control answer; changeable through control. */
  latencyMs?: number;
  /** Fixes instance_url and identity URLs; otherwise they follow the request's Host header. */
  baseUrl?: string;
  /** Idle lifetime of an access token (Salesforce's default: 2 hours). */
  sessionTimeoutMs?: number;
  /** How latency waits; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Emulator {
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** The current org (reset and composite rollback replace it). */
  readonly org: Org;
  readonly consumerKey: string;
  readonly control: EmulatorControl;
  /** Called after every change to the org's data (for --data persistence). */
  onOrgChange(listener: () => void): () => void;
  /** For white-box tests. */
  readonly state: EmulatorState;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRestPath(path: string): boolean {
  return path.startsWith('/services/') || path.startsWith('/id/');
}

/**
 * Salesforce answers CORS only for origins on the org's CORS allow-list; the emulator allows any
 * origin so that tests from a page can call it (the extension's worker needs no CORS at all).
 */
function corsHeaders(call: HttpCall): Record<string, string> {
  const origin = call.headers.origin;
  if (origin === undefined || !isRestPath(call.path)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'Sforce-Limit-Info, Location',
    vary: 'Origin',
  };
}

function preflight(call: HttpCall): EmulatorResponse {
  return {
    status: 204,
    headers: {
      ...corsHeaders(call),
      'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, HEAD, OPTIONS',
      'access-control-allow-headers':
        call.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Sforce-Query-Options',
      'access-control-max-age': '86400',
    },
    body: '',
  };
}

/** What an injected fault answers: Salesforce's shapes for the API, OAuth's for the OAuth endpoints. */
function faultResponse(status: number, path: string): EmulatorResponse {
  if (path.startsWith('/services/oauth2/')) {
    return status === 503
      ? oauthError(503, 'temporarily_unavailable', 'service temporarily unavailable')
      : oauthError(status, 'server_error', 'internal server error');
  }
  return status === 503
    ? errorArray(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please try again later.')
    : errorArray(
        status,
        'UNKNOWN_EXCEPTION',
        'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
      );
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const latencyMs = options.latencyMs ?? 0;
  const state = new EmulatorState(options.seed, options.createOrg, options.clock ?? Date.now, {
    initialSnapshot: options.initialSnapshot,
    latencyMs,
    sessionTimeoutMs: options.sessionTimeoutMs,
  });
  const control = createControl(state, latencyMs);
  if (options.seed.settings) control.updateSettings(options.seed.settings);
  const sleep = options.sleep ?? defaultSleep;
  const firstClient = options.seed.clients[0];
  if (!firstClient) throw new Error('The seed needs at least one client (connected app)');

  const dispatchWithComposite = (call: RestCall): Promise<EmulatorResponse> =>
    dispatchRest(state, call, (compositeCall) =>
      handleComposite(state, compositeCall, (sub) => dispatchRest(state, sub)),
    );

  /** /services/data/vNN.N/…: version, session, API permission, allowance, then the resource. */
  async function handleRest(call: HttpCall, versionSegment: string, resource: string): Promise<EmulatorResponse> {
    const version = parseVersionSegment(versionSegment);
    if (version === undefined) return notFound();
    const token = bearerToken(call);
    const access = token === undefined ? undefined : state.tokens.authenticate(token);
    if (!access) return errorArray(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (!state.orgApiEnabled()) {
      return errorArray(403, 'API_DISABLED_FOR_ORG', 'The REST API is not enabled for this Organization.');
    }
    if (!state.userApiEnabled(access.userId)) {
      return errorArray(403, 'API_CURRENTLY_DISABLED', 'API is disabled for this User');
    }
    if (!state.usage.tryConsume()) return errorArray(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    return dispatchWithComposite({
      method: call.method,
      resource,
      query: call.query,
      headers: call.headers,
      body: call.body,
      version,
      userId: access.userId,
      baseUrl: call.baseUrl,
    });
  }

  async function route(call: HttpCall): Promise<EmulatorResponse> {
    const { path } = call;
    if (path === '/services/oauth2/authorize') {
      return call.method === 'GET' || call.method === 'POST' ? handleAuthorize(state, call) : notFound();
    }
    if (path === '/services/oauth2/token') return handleToken(state, call);
    if (path === '/services/oauth2/revoke') return handleRevoke(state, call);
    if (path === '/services/oauth2/userinfo') return handleUserInfo(state, call);
    const identity = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(path);
    if (identity) return handleIdentity(state, call, identity[1] ?? '', identity[2] ?? '');
    if (path === '/services/data' || path === '/services/data/') {
      return call.method === 'GET' ? jsonResponse(200, versionsList()) : notFound();
    }
    const rest = /^\/services\/data\/([^/]+)\/?(.*?)\/?$/.exec(path);
    if (rest) return handleRest(call, rest[1] ?? '', rest[2] ?? '');
    return notFound();
  }

  function finish(call: HttpCall, response: EmulatorResponse): EmulatorResponse {
    const headers = { ...response.headers, ...corsHeaders(call) };
    if (call.path.startsWith('/services/data')) headers['sforce-limit-info'] = state.usage.headerValue();
    const grantType = call.path === '/services/oauth2/token' ? formParams(call).get('grant_type') : null;
    state.log.add({
      method: call.method,
      path: call.path,
      status: response.status,
      time: new Date(state.clock()).toISOString(),
      ...(grantType === null ? {} : { grantType }),
    });
    return { ...response, headers };
  }

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const call = parseCall(request, options.baseUrl);
    if (call.path === CONTROL_PREFIX || call.path.startsWith(`${CONTROL_PREFIX}/`)) {
      try {
        return handleControl(state, control, call);
      } catch (error) {
        return jsonResponse(500, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (state.isOffline()) {
      state.log.add({ method: call.method, path: call.path, status: 0, time: new Date(state.clock()).toISOString() });
      return { status: 0, headers: {}, body: '', dropConnection: true };
    }
    if (state.settings.latencyMs > 0) await sleep(state.settings.latencyMs);
    if (call.method === 'OPTIONS' && isRestPath(call.path)) return finish(call, preflight(call));
    const fault = state.takeFault(call.path);
    if (fault !== undefined) return finish(call, faultResponse(fault, call.path));
    let response: EmulatorResponse;
    try {
      response = await route(call);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      response = errorArray(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred. (emulator: ${detail})`);
    }
    const hold = state.takeHold(call.method, call.path);
    if (hold) {
      hold.reached();
      await hold.released;
    }
    return finish(call, response);
  }

  return {
    handle,
    get org() {
      return state.org;
    },
    consumerKey: firstClient.consumerKey,
    control,
    onOrgChange: (listener) => state.onOrgChange(listener),
    state,
  };
}

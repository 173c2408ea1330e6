/**
 * Test control: a programmatic API and its JSON face under `/__emulator/…` (a path Salesforce does
 * not have). Control calls skip latency, faults, the request log and API usage.
 */
import type { OrgSnapshot, SObjectJson } from '../org/types';
import type { HttpCall } from './http-call';
import type { LoggedRequest } from './request-log';
import { jsonResponse } from './responses';
import { defaultSettings, seedSnapshot, type EmulatorSettings, type EmulatorState, type FaultRule } from './state';
import type { EmulatorResponse } from './types';

export const CONTROL_PREFIX = '/__emulator';

export interface SettingsUpdate {
  autoApprove?: boolean;
  /** A user id (15 or 18 characters) or username; null goes back to the first active user. */
  loginUser?: string | null;
  /** null: use the org's own flag. */
  apiEnabled?: boolean | null;
  /** Users (ids or usernames) without the "API Enabled" permission; replaces the list. */
  usersWithoutApi?: string[];
  latencyMs?: number;
}

export class ControlError extends Error {
  override name = 'ControlError';
}

export interface EmulatorControl {
  settings(): EmulatorSettings;
  updateSettings(update: SettingsUpdate): EmulatorSettings;
  setLatency(ms: number): void;
  /** Every access token issued so far stops working; later ones stay valid. */
  expireAccessTokens(): { expired: number };
  /** All refresh tokens, or one user's (id or username), and the access tokens they minted. */
  revokeRefreshTokens(user?: string): { revoked: number };
  /** The next `count` requests (whose path starts with `pathPrefix`, if given) fail with `status`. */
  failNext(rule: { count?: number; status?: number; pathPrefix?: string }): FaultRule[];
  clearFaults(): void;
  /**
   * The next request matching `rule` is carried out (a write is committed), but its answer waits
   * until `release()`: as when the caller dies, or its connection drops, after Salesforce acted.
   * `reached` resolves once the request has been carried out. Programmatic only.
   */
  holdNextAnswer(rule: { method?: string; path?: RegExp }): { reached: Promise<void>; release(): void };
  /** Drop every connection for `ms` milliseconds of emulator time. */
  goOffline(ms: number): { offlineUntil: string };
  goOnline(): void;
  apiUsage(): { used: number; max: number; remaining: number };
  setApiUsage(options: { used?: number; max?: number; exhaust?: boolean }): { used: number; max: number; remaining: number };
  mark(): number;
  requestsSince(mark: number): { requests: LoggedRequest[]; counts: Record<string, number> };
  /** Org back to the seed; usage, settings, faults and cursors too. Tokens and the log survive. */
  reset(): void;
  records(type?: string): OrgSnapshot | SObjectJson[] | Array<Record<string, unknown>>;
  advanceClock(ms: number): { now: string };
}

function requireUser(state: EmulatorState, idOrUsername: string): string {
  const user = state.findUser(idOrUsername);
  if (!user) throw new ControlError(`No user ${idOrUsername} in this org`);
  return user.Id;
}

function requireNonNegative(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ControlError(`${name} must be a number >= 0`);
  }
  return value;
}

export function createControl(state: EmulatorState, initialLatencyMs: number): EmulatorControl {
  return {
    settings: () => structuredClone(state.settings),
    updateSettings(update) {
      const next = { ...state.settings };
      if (update.autoApprove !== undefined) next.autoApprove = Boolean(update.autoApprove);
      if (update.loginUser !== undefined) {
        next.loginUserId = update.loginUser === null ? null : requireUser(state, update.loginUser);
      }
      if (update.apiEnabled !== undefined) next.apiEnabled = update.apiEnabled === null ? null : Boolean(update.apiEnabled);
      if (update.usersWithoutApi !== undefined) {
        if (!Array.isArray(update.usersWithoutApi)) throw new ControlError('usersWithoutApi must be an array');
        next.usersWithoutApi = update.usersWithoutApi.map((user) => requireUser(state, String(user)));
      }
      if (update.latencyMs !== undefined) next.latencyMs = requireNonNegative(update.latencyMs, 'latencyMs');
      state.settings = next;
      return structuredClone(next);
    },
    setLatency(ms) {
      state.settings = { ...state.settings, latencyMs: requireNonNegative(ms, 'ms') };
    },
    expireAccessTokens: () => ({ expired: state.tokens.expireAccessTokens() }),
    revokeRefreshTokens: (user) => ({
      revoked: state.tokens.revokeRefreshTokens(user === undefined ? undefined : requireUser(state, user)),
    }),
    failNext({ count = 1, status = 500, pathPrefix }) {
      if (!Number.isInteger(count) || count < 1) throw new ControlError('count must be a positive integer');
      if (!Number.isInteger(status) || status < 500 || status > 599) throw new ControlError('status must be 500-599');
      if (pathPrefix !== undefined && typeof pathPrefix !== 'string') throw new ControlError('pathPrefix must be a string');
      state.faults = [...state.faults, { remaining: count, status, ...(pathPrefix === undefined ? {} : { pathPrefix }) }];
      return structuredClone(state.faults);
    },
    clearFaults() {
      state.faults = [];
    },
    holdNextAnswer(rule) {
      let reach!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (reach = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      state.holds = [...state.holds, { ...rule, reached: reach, released }];
      return { reached, release };
    },
    goOffline(ms) {
      state.offlineUntil = state.clock() + requireNonNegative(ms, 'ms');
      return { offlineUntil: new Date(state.offlineUntil).toISOString() };
    },
    goOnline() {
      state.offlineUntil = null;
    },
    apiUsage: () => state.usage.snapshot(),
    setApiUsage({ used, max, exhaust }) {
      if (max !== undefined && (!Number.isInteger(max) || max < 0)) throw new ControlError('max must be an integer >= 0');
      if (used !== undefined && (!Number.isInteger(used) || used < 0)) throw new ControlError('used must be an integer >= 0');
      state.usage.set({ max });
      state.usage.set({ used: exhaust ? state.usage.snapshot().max : used });
      return state.usage.snapshot();
    },
    mark: () => state.log.mark(),
    requestsSince: (mark) => state.log.since(mark),
    reset() {
      state.replaceOrg(seedSnapshot(state.seed));
      state.usage.reset(state.dailyAllowance());
      state.settings = defaultSettings(initialLatencyMs);
      state.faults = [];
      state.offlineUntil = null;
    },
    records(type) {
      const snapshot = state.org.snapshot();
      return type === undefined ? snapshot : (snapshot.records[type] ?? []);
    },
    advanceClock(ms) {
      state.clockOffsetMs += requireNonNegative(ms, 'ms');
      return { now: new Date(state.clock()).toISOString() };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP face

function controlError(status: number, message: string): EmulatorResponse {
  return jsonResponse(status, { error: message });
}

function readJsonObject(call: HttpCall): Record<string, unknown> {
  if (call.body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(call.body);
  } catch {
    throw new ControlError('The body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlError('The body must be a JSON object');
  return value as Record<string, unknown>;
}

function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new ControlError(`${name} must be a number`);
  return value;
}

/** Browsers send Origin; only pages served from this machine may drive the emulator. */
function isLocalOrigin(origin: string | undefined): boolean {
  if (origin === undefined || origin === 'null') return true;
  try {
    const { hostname } = new URL(origin);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

export function handleControl(state: EmulatorState, control: EmulatorControl, call: HttpCall): EmulatorResponse {
  if (!isLocalOrigin(call.headers.origin)) return controlError(403, 'The control API only answers local callers');
  const route = `${call.method} ${call.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/'}`;
  try {
    const body = call.method === 'POST' ? readJsonObject(call) : {};
    switch (route) {
      case 'GET /':
        return jsonResponse(200, {
          org: { id: state.org.info.id, name: state.org.info.name, apiEnabled: state.orgApiEnabled() },
          clients: state.seed.clients,
          users: state.org.users(),
          settings: state.settings,
          apiUsage: state.usage.snapshot(),
          tokens: state.tokens.counts(),
          faults: state.faults,
          offline: state.isOffline(),
          now: new Date(state.clock()).toISOString(),
        });
      case 'GET /settings':
        return jsonResponse(200, control.settings());
      case 'POST /settings':
        return jsonResponse(200, control.updateSettings(body as SettingsUpdate));
      case 'POST /latency':
        control.setLatency(optionalNumber(body, 'ms') ?? 0);
        return jsonResponse(200, { latencyMs: state.settings.latencyMs });
      case 'POST /expire-tokens':
        return jsonResponse(200, control.expireAccessTokens());
      case 'POST /revoke-refresh-tokens': {
        const user = body.user ?? body.userId;
        return jsonResponse(200, control.revokeRefreshTokens(user === undefined ? undefined : String(user)));
      }
      case 'POST /fail-next':
        return jsonResponse(
          200,
          control.failNext({
            count: optionalNumber(body, 'count'),
            status: optionalNumber(body, 'status'),
            pathPrefix: body.pathPrefix === undefined ? undefined : String(body.pathPrefix),
          }),
        );
      case 'DELETE /fail-next':
        control.clearFaults();
        return jsonResponse(200, []);
      case 'POST /offline':
        return jsonResponse(200, control.goOffline(optionalNumber(body, 'ms') ?? 0));
      case 'POST /online':
        control.goOnline();
        return jsonResponse(200, { offline: false });
      case 'GET /api-usage':
        return jsonResponse(200, control.apiUsage());
      case 'POST /api-usage':
        return jsonResponse(
          200,
          control.setApiUsage({ used: optionalNumber(body, 'used'), max: optionalNumber(body, 'max'), exhaust: body.exhaust === true }),
        );
      case 'POST /mark':
        return jsonResponse(200, { mark: control.mark() });
      case 'GET /requests': {
        const since = Number(call.query.get('since') ?? '0');
        if (!Number.isInteger(since) || since < 0) throw new ControlError('since must be a mark (an integer >= 0)');
        return jsonResponse(200, { mark: control.mark(), ...control.requestsSince(since) });
      }
      case 'POST /reset':
        control.reset();
        return jsonResponse(200, { reset: true });
      case 'GET /records':
        return jsonResponse(200, control.records());
      case 'POST /clock':
        return jsonResponse(200, control.advanceClock(optionalNumber(body, 'advanceMs') ?? 0));
      default: {
        const recordsMatch = /^GET \/records\/([A-Za-z0-9_]+)$/.exec(route);
        if (recordsMatch?.[1]) {
          const records = control.records(recordsMatch[1]);
          return jsonResponse(200, { type: recordsMatch[1], records });
        }
        return controlError(404, `No control endpoint ${route}`);
      }
    }
  } catch (error) {
    if (error instanceof ControlError) return controlError(400, error.message);
    throw error;
  }
}

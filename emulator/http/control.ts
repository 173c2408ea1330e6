/**
 * Test control: a programmatic API and its JSON face under `/__emulator/…` (a path Salesforce does
 * not have). Control calls skip latency, faults, the request log and API usage.
 */
import { profilesOf } from '../org/access';
import { makeId } from '../org/ids';
import { SalesforceError, type DuplicateRuleSeed, type OrgSnapshot, type PermissionBundle, type PicklistTranslations, type SObjectJson } from '../org/types';
import type { HttpCall } from './http-call';
import type { LoggedRequest } from './request-log';
import { jsonResponse } from './responses';
import { checkClientOptions, checkDuplicateRule, checkPermissionBundle, checkTaskStatuses, checkTranslations, SeedFileError } from './seed-file';
import { defaultSettings, seedSnapshot, type EmulatorSettings, type EmulatorState, type FaultRule } from './state';
import type { ConnectedAppSeed, EmulatorResponse } from './types';

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
  /** The identity URL answers only tokens with the `id`, `openid` or `full` scope (default true). */
  identityRequiresIdScope?: boolean;
}

/** What an admin may change on a connected app (External Client App settings). */
export type ClientUpdate = Partial<
  Pick<ConnectedAppSeed, 'consumerSecret' | 'requirePkce' | 'requireSecretForWebServerFlow' | 'requireSecretForRefreshTokenFlow' | 'refreshTokenRotation' | 'callbackUrls'>
>;

/** What may change on a user: profile (id or name), permission sets (ids or names), locale, time zone. */
export interface UserUpdate {
  profile?: string;
  permissionSets?: string[];
  TimeZoneSidKey?: string;
  LanguageLocaleKey?: string;
  IsActive?: boolean;
}

/** A Task status as control sets it: MasterLabel defaults to ApiName, SortOrder to the list order. */
export interface TaskStatusInput {
  ApiName: string;
  MasterLabel?: string;
  IsClosed: boolean;
  IsDefault: boolean;
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
  /** Changes a connected app's settings (rotation, secrets, PKCE); the first app when no key is given. */
  updateClient(consumerKey: string | undefined, update: ClientUpdate): ConnectedAppSeed;
  /** Assigns a profile and permission sets, or changes time zone, language or active flag. */
  updateUser(idOrUsername: string, update: UserUpdate): void;
  /**
   * Adds or changes a profile (00e…) or permission set (0PS…), found by Id or Name: flags replace,
   * object and field permissions merge (a field or object named again replaces its grant).
   */
  upsertPermissions(kind: 'profile' | 'permissionSet', bundle: Partial<PermissionBundle> & { Name: string }): PermissionBundle;
  /** Replaces the org's Task statuses; `renames` moves existing Tasks from an old status to a new one. */
  setTaskStatuses(statuses: TaskStatusInput[], renames?: Record<string, string>): void;
  setDuplicateRules(rules: DuplicateRuleSeed[]): void;
  /** Replaces the org's picklist translations (Translation Workbench): language → `Object.Field` → value → label. */
  setTranslations(translations: PicklistTranslations): void;
  /**
   * Converts a Lead as Salesforce's convertLead does: a new Account (from Company) and Contact, the
   * Lead marked converted (read-only from then on) and its Tasks moved to the Contact.
   */
  convertLead(leadId: string): { contactId: string; accountId: string };
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

/** Seed-file checks speak SeedFileError; control answers the same problems as ControlError (400). */
function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof SeedFileError) throw new ControlError(error.message);
    throw error;
  }
}

/** Changes the org through its snapshot: the org is rebuilt, so every derived field follows. */
function mutateOrg(state: EmulatorState, change: (snapshot: OrgSnapshot) => void): void {
  const snapshot = state.org.snapshot();
  change(snapshot);
  state.replaceOrg(snapshot);
}

function findBundle(bundles: PermissionBundle[], idOrName: string): PermissionBundle | undefined {
  return bundles.find((b) => b.Id === idOrName || b.Name.toLowerCase() === idOrName.toLowerCase());
}

export function createControl(state: EmulatorState, initialLatencyMs: number): EmulatorControl {
  const control: EmulatorControl = {
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
      if (update.identityRequiresIdScope !== undefined) next.identityRequiresIdScope = Boolean(update.identityRequiresIdScope);
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
      if (state.seed.settings) control.updateSettings(state.seed.settings);
      state.clients = structuredClone(state.seed.clients);
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
    updateClient(consumerKey, update) {
      const index = consumerKey === undefined ? 0 : state.clients.findIndex((client) => client.consumerKey === consumerKey);
      const current = state.clients[index];
      if (!current) throw new ControlError(`No connected app ${consumerKey}`);
      const next = { ...current, ...update };
      checked(() => checkClientOptions(next as unknown as Record<string, unknown>, `app ${next.name}`));
      if (update.callbackUrls !== undefined && !(Array.isArray(update.callbackUrls) && update.callbackUrls.every((url) => typeof url === 'string'))) {
        throw new ControlError('callbackUrls must be a list of URLs');
      }
      state.clients = state.clients.map((client, i) => (i === index ? next : client));
      return structuredClone(next);
    },
    updateUser(idOrUsername, update) {
      const userId = requireUser(state, idOrUsername);
      mutateOrg(state, (snapshot) => {
        const user = snapshot.users.find((u) => u.Id === userId)!;
        if (update.profile !== undefined) {
          const profile = findBundle(profilesOf(snapshot), update.profile);
          if (!profile) throw new ControlError(`No profile ${update.profile}`);
          user.ProfileId = profile.Id;
        }
        if (update.permissionSets !== undefined) {
          if (!Array.isArray(update.permissionSets)) throw new ControlError('permissionSets must be a list');
          user.PermissionSetIds = update.permissionSets.map((name) => {
            const set = findBundle(snapshot.permissionSets ?? [], String(name));
            if (!set) throw new ControlError(`No permission set ${String(name)}`);
            return set.Id;
          });
        }
        for (const key of ['TimeZoneSidKey', 'LanguageLocaleKey'] as const) {
          const value = update[key];
          if (value === undefined) continue;
          if (typeof value !== 'string' || value === '') throw new ControlError(`${key} must be a string`);
          user[key] = value;
        }
        if (update.IsActive !== undefined) user.IsActive = Boolean(update.IsActive);
      });
    },
    upsertPermissions(kind, bundle) {
      const prefix = kind === 'profile' ? '00e' : '0PS';
      if (typeof bundle.Name !== 'string' || bundle.Name === '') throw new ControlError('a profile or permission set needs a Name');
      let saved!: PermissionBundle;
      mutateOrg(state, (snapshot) => {
        const key = kind === 'profile' ? 'profiles' : 'permissionSets';
        const own = (snapshot[key] ??= []);
        const existing = findBundle(kind === 'profile' ? profilesOf(snapshot) : own, bundle.Id ?? bundle.Name);
        const base: PermissionBundle = existing
          ? structuredClone(existing)
          : { Id: bundle.Id ?? makeId(prefix, own.length + 1, 'Em'), Name: bundle.Name };
        const { objectPermissions, fieldPermissions, ...flags } = bundle;
        saved = {
          ...base,
          ...flags,
          Id: base.Id,
          objectPermissions: { ...base.objectPermissions, ...objectPermissions },
          fieldPermissions: { ...base.fieldPermissions, ...fieldPermissions },
        };
        checked(() => checkPermissionBundle(saved, prefix, kind));
        snapshot[key] = [...own.filter((b) => b.Id !== saved.Id), saved];
      });
      return structuredClone(saved);
    },
    setTaskStatuses(statuses, renames = {}) {
      if (!Array.isArray(statuses)) throw new ControlError('statuses must be a list');
      checked(() => checkTaskStatuses(statuses, 'statuses'));
      const names = new Set(statuses.map((status) => status.ApiName));
      for (const [from, to] of Object.entries(renames)) {
        if (!names.has(to)) throw new ControlError(`renames: ${from} → ${to}, but ${to} is not one of the statuses`);
      }
      mutateOrg(state, (snapshot) => {
        const ids = (snapshot.records.TaskStatus ?? []).map((row) => String(row.Id));
        snapshot.records.TaskStatus = statuses.map((status, i) => ({
          Id: ids[i] ?? makeId('01J', 100 + i, 'Ts'),
          ApiName: status.ApiName,
          MasterLabel: status.MasterLabel ?? status.ApiName,
          IsClosed: status.IsClosed,
          IsDefault: status.IsDefault,
          SortOrder: i + 1,
        }));
        for (const task of snapshot.records.Task ?? []) {
          const renamed = renames[String(task.Status)];
          if (renamed !== undefined) task.Status = renamed;
        }
      });
    },
    setDuplicateRules(rules) {
      if (!Array.isArray(rules)) throw new ControlError('rules must be a list');
      for (const rule of rules) checked(() => checkDuplicateRule(rule, 'rules'));
      mutateOrg(state, (snapshot) => {
        snapshot.duplicateRules = structuredClone(rules);
      });
    },
    setTranslations(translations) {
      checked(() => checkTranslations(translations, 'translations'));
      mutateOrg(state, (snapshot) => {
        snapshot.translations = structuredClone(translations);
      });
    },
    convertLead(leadId) {
      const lead = state.org.snapshot().records.Lead?.find((row) => row.Id === leadId || String(row.Id).slice(0, 15) === leadId);
      if (!lead || lead.IsDeleted === true) throw new ControlError(`No lead ${leadId}`);
      if (lead.IsConverted === true) throw new ControlError(`Lead ${leadId} is already converted`);
      const ctx = { userId: String(lead.OwnerId), apiVersion: '62.0', now: new Date(state.clock()) };
      const allowSave = { allowSave: true, includeRecordDetails: false };
      let accountId: string;
      let contactId: string;
      try {
        accountId = state.org.create('Account', { Name: lead.Company }, ctx, allowSave);
        const fields: Record<string, unknown> = { AccountId: accountId };
        for (const name of ['FirstName', 'LastName', 'Title', 'Phone', 'MobilePhone', 'Email']) if (lead[name] != null) fields[name] = lead[name];
        contactId = state.org.create('Contact', fields, ctx, allowSave);
      } catch (error) {
        if (error instanceof SalesforceError) throw new ControlError(`The lead cannot be converted: ${error.errorCode} ${error.message}`);
        throw error;
      }
      mutateOrg(state, (snapshot) => {
        const row = snapshot.records.Lead!.find((r) => r.Id === lead.Id)!;
        Object.assign(row, {
          IsConverted: true,
          ConvertedDate: new Date(state.clock()).toISOString().slice(0, 10),
          ConvertedContactId: contactId,
          ConvertedAccountId: accountId,
          Status: 'Closed - Converted',
        });
        for (const task of snapshot.records.Task ?? []) if (task.WhoId === lead.Id) task.WhoId = contactId;
      });
      return { contactId, accountId };
    },
  };
  return control;
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
          clients: state.clients,
          profiles: profilesOf(state.org.snapshot()),
          permissionSets: state.org.snapshot().permissionSets ?? [],
          duplicateRules: state.org.snapshot().duplicateRules ?? [],
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
      case 'POST /profiles':
        return jsonResponse(200, control.upsertPermissions('profile', body as unknown as PermissionBundle));
      case 'POST /permission-sets':
        return jsonResponse(200, control.upsertPermissions('permissionSet', body as unknown as PermissionBundle));
      case 'POST /task-statuses':
        control.setTaskStatuses(body.statuses as TaskStatusInput[], (body.renames ?? {}) as Record<string, string>);
        return jsonResponse(200, { statuses: control.records('TaskStatus') });
      case 'POST /duplicate-rules':
        control.setDuplicateRules(body.rules as DuplicateRuleSeed[]);
        return jsonResponse(200, { rules: body.rules });
      case 'POST /translations':
        control.setTranslations(body.translations as PicklistTranslations);
        return jsonResponse(200, { translations: body.translations });
      case 'POST /convert-lead':
        return jsonResponse(200, control.convertLead(String(body.lead ?? body.leadId ?? '')));
      default: {
        const clientMatch = /^POST \/clients(?:\/(.+))?$/.exec(route);
        if (clientMatch) return jsonResponse(200, control.updateClient(clientMatch[1], body as ClientUpdate));
        const userMatch = /^POST \/users\/(.+)$/.exec(route);
        if (userMatch?.[1]) {
          control.updateUser(decodeURIComponent(userMatch[1]), body as UserUpdate);
          return jsonResponse(200, { user: state.findUser(decodeURIComponent(userMatch[1])) });
        }
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

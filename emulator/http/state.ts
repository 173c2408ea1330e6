/**
 * Everything the wire layer remembers besides the org's data: the org instance (replaced on reset or
 * rollback), tokens, API usage, test settings, injected faults and the request log.
 */
import type { Org, OrgSnapshot, OrgUser } from '../org/types';
import { ApiUsage, DEFAULT_DAILY_API_REQUESTS } from './limits';
import { QueryCursors } from './query-cursors';
import { RequestLog } from './request-log';
import { TokenStore } from './token-store';
import type { Clock, ConnectedAppSeed, OrgFactory, SeedFile } from './types';

export interface EmulatorSettings {
  /** Skip the consent page: /authorize redirects at once (launchWebAuthFlow with interactive:false). */
  autoApprove: boolean;
  /** Who logs in at /authorize; null means the first active user of the seed. */
  loginUserId: string | null;
  /** Overrides the org's own `apiEnabled`; null uses the org's flag. */
  apiEnabled: boolean | null;
  /** Users without the "API Enabled" permission (REST answers 403 API_CURRENTLY_DISABLED). */
  usersWithoutApi: string[];
  /** Added before every non-control answer. */
  latencyMs: number;
  /** The identity URL answers only tokens with the `id`, `openid` or `full` scope (unconfirmed rule). */
  identityRequiresIdScope: boolean;
}

export interface AnswerHold {
  method?: string;
  path?: RegExp;
  /** Called once the request has been carried out and its answer is being held. */
  reached(): void;
  released: Promise<void>;
}

export interface FaultRule {
  remaining: number;
  status: number;
  pathPrefix?: string;
}

export function defaultSettings(latencyMs = 0): EmulatorSettings {
  return { autoApprove: false, loginUserId: null, apiEnabled: null, usersWithoutApi: [], latencyMs, identityRequiresIdScope: true };
}

export class EmulatorState {
  org: Org;
  readonly tokens: TokenStore;
  readonly usage: ApiUsage;
  readonly log = new RequestLog();
  readonly cursors: QueryCursors;
  settings: EmulatorSettings;
  /** The connected apps, with the settings an admin may change at run time (reset restores the seed's). */
  clients: ConnectedAppSeed[];
  faults: FaultRule[] = [];
  /** Answers to hold back (test control): the request is carried out, its answer waits. */
  holds: AnswerHold[] = [];
  offlineUntil: number | null = null;
  /** Added to the base clock by POST /__emulator/clock, so a running server can be aged. */
  clockOffsetMs = 0;
  readonly startedAt: number;
  private readonly orgChangeListeners = new Set<() => void>();

  constructor(
    readonly seed: SeedFile,
    readonly createOrg: OrgFactory,
    private readonly baseClock: Clock,
    options: { initialSnapshot?: OrgSnapshot; latencyMs?: number; sessionTimeoutMs?: number },
  ) {
    this.org = createOrg(options.initialSnapshot ?? seedSnapshot(seed));
    this.tokens = new TokenStore(this.clock, options.sessionTimeoutMs);
    this.usage = new ApiUsage(this.clock, this.dailyAllowance());
    this.cursors = new QueryCursors(this.clock);
    this.settings = defaultSettings(options.latencyMs);
    this.clients = structuredClone(seed.clients);
    this.startedAt = this.clock();
  }

  readonly clock: Clock = () => this.baseClock() + this.clockOffsetMs;

  dailyAllowance(): number {
    return this.seed.limits?.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS;
  }

  loginUser(): OrgUser | undefined {
    if (this.settings.loginUserId !== null) return this.org.user(this.settings.loginUserId);
    return this.org.users().find((user) => user.IsActive);
  }

  /** Finds a user by 15- or 18-character id, or by username. */
  findUser(idOrUsername: string): OrgUser | undefined {
    return this.org
      .users()
      .find(
        (user) =>
          user.Id === idOrUsername ||
          (idOrUsername.length === 15 && user.Id.slice(0, 15) === idOrUsername) ||
          user.Username.toLowerCase() === idOrUsername.toLowerCase(),
      );
  }

  orgApiEnabled(): boolean {
    return this.settings.apiEnabled ?? this.org.info.apiEnabled;
  }

  /** "API Enabled": granted by the user's profile or a permission set, unless control took it away. */
  userApiEnabled(userId: string): boolean {
    return !this.settings.usersWithoutApi.includes(userId) && this.org.apiEnabledFor(userId);
  }

  /** Replaces the org (reset, composite rollback, persistence load) and tells listeners. */
  replaceOrg(snapshot: OrgSnapshot): void {
    this.org = this.createOrg(snapshot);
    this.cursors.clear();
    this.notifyOrgChange();
  }

  onOrgChange(listener: () => void): () => void {
    this.orgChangeListeners.add(listener);
    return () => this.orgChangeListeners.delete(listener);
  }

  notifyOrgChange(): void {
    for (const listener of this.orgChangeListeners) listener();
  }

  isOffline(): boolean {
    if (this.offlineUntil === null) return false;
    if (this.clock() >= this.offlineUntil) {
      this.offlineUntil = null;
      return false;
    }
    return true;
  }

  /** Consumes the first hold matching a request, if any. */
  takeHold(method: string, path: string): AnswerHold | undefined {
    const index = this.holds.findIndex((h) => (h.method === undefined || h.method === method) && (h.path === undefined || h.path.test(path)));
    return index < 0 ? undefined : this.holds.splice(index, 1)[0];
  }

  /** Consumes one matching fault rule, if any, and returns the status to fail with. */
  takeFault(path: string): number | undefined {
    const rule = this.faults.find((f) => f.remaining > 0 && (f.pathPrefix === undefined || path.startsWith(f.pathPrefix)));
    if (!rule) return undefined;
    rule.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return rule.status;
  }
}

/** The org part of a seed file (clients and limits belong to the wire layer). */
export function seedSnapshot(seed: SeedFile): OrgSnapshot {
  // A deep copy: the org may keep references, and reset must find the seed untouched.
  const { clients: _clients, limits: _limits, settings: _settings, ...snapshot } = seed;
  return structuredClone(snapshot);
}

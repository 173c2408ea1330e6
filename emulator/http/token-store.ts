/**
 * Authorization codes, access tokens and refresh tokens, with Salesforce's lifetimes: codes live 15
 * minutes and work once; access tokens die after an idle session timeout; refresh tokens live until
 * revoked. Tokens are opaque random strings shaped like Salesforce's.
 */
import { randomString } from './crypto-util';
import type { Clock } from './types';

export type ChallengeMethod = 'S256' | 'plain';

export interface AuthorizationCodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  codeChallenge?: string;
  challengeMethod: ChallengeMethod;
}

export interface AccessTokenRecord {
  token: string;
  /** Issue order; "expire every token issued so far" moves a watermark over it (clock-independent). */
  serial: number;
  userId: string;
  clientId: string;
  scope: string;
  refreshToken?: string;
  issuedAt: number;
  lastUsedAt: number;
}

export interface RefreshTokenRecord {
  token: string;
  userId: string;
  clientId: string;
  scope: string;
}

export type CodeRedemption =
  | { ok: true; grant: AuthorizationCodeGrant }
  | { ok: false; reason: 'unknown' | 'expired' };

export const AUTHORIZATION_CODE_LIFETIME_MS = 15 * 60 * 1000;
/** Salesforce's default session timeout (Setup → Session Settings) is two hours of inactivity. */
export const DEFAULT_SESSION_TIMEOUT_MS = 2 * 60 * 60 * 1000;

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';

interface StoredCode extends AuthorizationCodeGrant {
  issuedAt: number;
  used: boolean;
}

export class TokenStore {
  private readonly codes = new Map<string, StoredCode>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private nextSerial = 1;
  /** Access tokens with a serial below this are expired. */
  private firstValidSerial = 1;

  constructor(
    private readonly clock: Clock,
    private readonly sessionTimeoutMs: number = DEFAULT_SESSION_TIMEOUT_MS,
  ) {}

  issueCode(grant: AuthorizationCodeGrant): string {
    this.dropStaleCodes();
    const code = `aPrx${randomString(72, CODE_ALPHABET)}==`;
    this.codes.set(code, { ...grant, issuedAt: this.clock(), used: false });
    return code;
  }

  /** Redeems a code once; a second use or a code past 15 minutes is "expired", as Salesforce says. */
  redeemCode(code: string): CodeRedemption {
    const stored = this.codes.get(code);
    if (!stored) return { ok: false, reason: 'unknown' };
    if (stored.used || this.clock() - stored.issuedAt > AUTHORIZATION_CODE_LIFETIME_MS) {
      return { ok: false, reason: 'expired' };
    }
    stored.used = true;
    const { issuedAt: _issuedAt, used: _used, ...grant } = stored;
    return { ok: true, grant };
  }

  issueRefreshToken(userId: string, clientId: string, scope: string): RefreshTokenRecord {
    const record = { token: `5Aep861${randomString(80, TOKEN_ALPHABET)}`, userId, clientId, scope };
    this.refreshTokens.set(record.token, record);
    return record;
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }

  /**
   * Refresh token rotation: a new refresh token replaces `old`, which stops working at once. Access
   * tokens minted with the old one keep their session (they now belong to the new one).
   */
  rotateRefreshToken(old: RefreshTokenRecord): RefreshTokenRecord {
    const next = this.issueRefreshToken(old.userId, old.clientId, old.scope);
    this.refreshTokens.delete(old.token);
    for (const access of this.accessTokens.values()) if (access.refreshToken === old.token) access.refreshToken = next.token;
    return next;
  }

  issueAccessToken(orgId: string, grant: Omit<AccessTokenRecord, 'token' | 'serial' | 'issuedAt' | 'lastUsedAt'>): AccessTokenRecord {
    const now = this.clock();
    const record: AccessTokenRecord = {
      ...grant,
      token: `${orgId.slice(0, 15)}!AQ${randomString(4, TOKEN_ALPHABET)}AQ${randomString(92, TOKEN_ALPHABET)}`,
      serial: this.nextSerial++,
      issuedAt: now,
      lastUsedAt: now,
    };
    this.accessTokens.set(record.token, record);
    return record;
  }

  /** The live record for a bearer token, or undefined; a successful use keeps the session alive. */
  authenticate(token: string): AccessTokenRecord | undefined {
    const record = this.accessTokens.get(token);
    if (!record) return undefined;
    const now = this.clock();
    const idleTooLong = now - record.lastUsedAt > this.sessionTimeoutMs;
    const refreshRevoked = record.refreshToken !== undefined && !this.refreshTokens.has(record.refreshToken);
    if (record.serial < this.firstValidSerial || idleTooLong || refreshRevoked) {
      this.accessTokens.delete(token);
      return undefined;
    }
    record.lastUsedAt = now;
    return record;
  }

  /** Expires every access token issued so far; tokens issued later stay valid (else jsforce loops). */
  expireAccessTokens(): number {
    const expired = [...this.accessTokens.values()].filter((t) => t.serial >= this.firstValidSerial).length;
    this.firstValidSerial = this.nextSerial;
    return expired;
  }

  /** Revokes refresh tokens (all, or one user's) and, with them, the access tokens they minted. */
  revokeRefreshTokens(userId?: string): number {
    let count = 0;
    for (const record of [...this.refreshTokens.values()]) {
      if (userId === undefined || record.userId === userId) {
        this.revokeToken(record.token);
        count++;
      }
    }
    return count;
  }

  /** POST /services/oauth2/revoke: an access token alone, or a refresh token and its access tokens. */
  revokeToken(token: string): boolean {
    if (this.accessTokens.delete(token)) return true;
    if (!this.refreshTokens.delete(token)) return false;
    for (const [key, access] of this.accessTokens) {
      if (access.refreshToken === token) this.accessTokens.delete(key);
    }
    return true;
  }

  counts(): { accessTokens: number; refreshTokens: number } {
    return { accessTokens: this.accessTokens.size, refreshTokens: this.refreshTokens.size };
  }

  private dropStaleCodes(): void {
    const now = this.clock();
    for (const [code, stored] of this.codes) {
      if (now - stored.issuedAt > AUTHORIZATION_CODE_LIFETIME_MS) this.codes.delete(code);
    }
  }
}

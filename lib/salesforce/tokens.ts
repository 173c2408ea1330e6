/**
 * Where the connection lives. The access token only in `storage.session` (memory, gone with the
 * browser, readable by trusted extension contexts only); the refresh token sealed in
 * `storage.local` (see sealed.ts); never `storage.sync`.
 */
import { storage } from '../storage/item';
import type { Sealed } from './sealed';

export interface AccessToken {
  accessToken: string;
  instanceUrl: string;
  issuedAt: number;
}

export interface ConnectedUser {
  userId: string;
  orgId: string;
  username: string;
  displayName: string;
}

export interface StoredConnection {
  state: 'connected' | 'needs-reconnect';
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  instanceUrl: string;
  refreshToken: Sealed;
  user: ConnectedUser;
  connectedAt: number;
  /** Why the state became needs-reconnect: in words, and as Salesforce's (or our) code for it. */
  problem?: string;
  problemReason?: string;
}

export const accessTokenItem = storage.defineItem<AccessToken | null>('session:salesforce.access', { fallback: null });
export const connectionItem = storage.defineItem<StoredConnection | null>('local:salesforce.connection', { fallback: null });

/** OAuth in flight: the `state` and PKCE verifier of the authorization this worker started. */
export const pendingAuthItem = storage.defineItem<{ state: string; verifier: string; startedAt: number } | null>('session:salesforce.pendingAuth', {
  fallback: null,
});

/** Content scripts must never read the session area (it holds the access token). */
export async function lockSessionStorage(): Promise<void> {
  const session = browser.storage.session as typeof browser.storage.session & { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

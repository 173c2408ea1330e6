/**
 * Shapes shared by the wire layer: the socket-free request/response pair the core speaks, the seed
 * file, and the clock. Nothing here imports Node, so the core can run inside an extension too.
 */
import type { Org, OrgSnapshot } from '../org/types';

/** One HTTP request as the core sees it: no sockets, the body already read as text. */
export interface EmulatorRequest {
  method: string;
  /** Path plus query string, e.g. `/services/data/v62.0/query?q=SELECT+Id+FROM+Task`. */
  url: string;
  /** Header names in any case; the core lower-cases them. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /**
   * Set while the emulator is "offline": the transport must drop the connection without answering
   * (the Node server destroys the socket). A transport that cannot do that should fail the request.
   */
  dropConnection?: true;
}

/** Milliseconds since the epoch; injectable so tests move time instead of waiting for it. */
export type Clock = () => number;

/** A connected app ("client") the org trusts. */
export interface ConnectedAppSeed {
  name: string;
  consumerKey: string;
  /**
   * Registered callback URLs. A `*` stands for one or more characters other than `/ ? # .`, so
   * `https://*.chromiumapp.org/` accepts every extension id (identity.getRedirectURL()).
   */
  callbackUrls: string[];
  /** The app's consumer secret; needed only where the app requires it (below). */
  consumerSecret?: string;
  /** "Require Proof Key for Code Exchange (PKCE)": authorize without a code_challenge is refused. */
  requirePkce?: boolean;
  /** "Require Secret for Web Server Flow": the code exchange needs client_secret. */
  requireSecretForWebServerFlow?: boolean;
  /** "Require Secret for Refresh Token Flow": every refresh needs client_secret. */
  requireSecretForRefreshTokenFlow?: boolean;
  /** "Enable Refresh Token Rotation": each refresh answers a new refresh token; the old one dies. */
  refreshTokenRotation?: boolean;
}

/** A seed file: the org plus who may log in to it, its API allowance and the emulator's switches. */
export interface SeedFile extends OrgSnapshot {
  clients: ConnectedAppSeed[];
  limits?: { dailyApiRequests?: number };
  /** Initial emulator settings (those of POST /__emulator/settings); reset goes back to them. */
  settings?: SeedSettings;
}

/** Switches of the emulator's own behaviour a seed may set (see docs/EMULATOR.md). */
export interface SeedSettings {
  autoApprove?: boolean;
  /** Id or username of who signs in. */
  loginUser?: string | null;
  /**
   * The identity URL (`/id/…`) answers only tokens with the `id`, `openid` or `full` scope
   * (Salesforce Help "Identity URLs"; unconfirmed whether other tokens are refused). Default true.
   */
  identityRequiresIdScope?: boolean;
}

/** Builds an org from a snapshot; the real one is `createOrg` in `emulator/org/create-org.ts`. */
export type OrgFactory = (snapshot: OrgSnapshot) => Org;

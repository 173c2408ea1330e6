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
}

/** A seed file: the org plus who may log in to it and its API allowance. */
export interface SeedFile extends OrgSnapshot {
  clients: ConnectedAppSeed[];
  limits?: { dailyApiRequests?: number };
}

/** Builds an org from a snapshot; the real one is `createOrg` in `emulator/org/create-org.ts`. */
export type OrgFactory = (snapshot: OrgSnapshot) => Org;

/** Reading and checking seed files, and matching redirect URIs against registered callback URLs. */
import type { OrgSnapshot } from '../org/types';
import type { ConnectedAppSeed, SeedFile } from './types';

export class SeedFileError extends Error {
  override name = 'SeedFileError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSnapshot(value: unknown, where: string): asserts value is OrgSnapshot {
  if (!isObject(value)) throw new SeedFileError(`${where}: expected a JSON object`);
  const org = value.org;
  if (!isObject(org) || typeof org.id !== 'string' || typeof org.name !== 'string' || typeof org.apiEnabled !== 'boolean') {
    throw new SeedFileError(`${where}: "org" needs id, name and apiEnabled`);
  }
  if (!Array.isArray(value.users) || value.users.length === 0) {
    throw new SeedFileError(`${where}: "users" must be a non-empty array`);
  }
  for (const user of value.users) {
    if (!isObject(user) || typeof user.Id !== 'string' || typeof user.Username !== 'string') {
      throw new SeedFileError(`${where}: every user needs Id and Username`);
    }
  }
  if (!isObject(value.records)) throw new SeedFileError(`${where}: "records" must be an object of arrays`);
  for (const [type, records] of Object.entries(value.records)) {
    if (!Array.isArray(records)) throw new SeedFileError(`${where}: records.${type} must be an array`);
  }
}

/** Validates parsed JSON as a seed file (an OrgSnapshot plus clients and optional limits). */
export function parseSeedFile(value: unknown, where = 'seed'): SeedFile {
  checkSnapshot(value, where);
  const seed = value as unknown as Record<string, unknown>;
  if (!Array.isArray(seed.clients) || seed.clients.length === 0) {
    throw new SeedFileError(`${where}: "clients" must list at least one connected app`);
  }
  for (const client of seed.clients) {
    if (
      !isObject(client) ||
      typeof client.name !== 'string' ||
      typeof client.consumerKey !== 'string' ||
      !Array.isArray(client.callbackUrls) ||
      !client.callbackUrls.every((url) => typeof url === 'string')
    ) {
      throw new SeedFileError(`${where}: every client needs name, consumerKey and callbackUrls (strings)`);
    }
  }
  if (seed.limits !== undefined) {
    const limits = seed.limits;
    if (!isObject(limits) || (limits.dailyApiRequests !== undefined && !isPositiveInteger(limits.dailyApiRequests))) {
      throw new SeedFileError(`${where}: limits.dailyApiRequests must be a positive integer`);
    }
  }
  return value as SeedFile;
}

/** Validates a --data file: the org snapshot alone. */
export function parseOrgSnapshot(value: unknown, where = 'data file'): OrgSnapshot {
  checkSnapshot(value, where);
  return value;
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Exact match, except that `*` matches one or more characters other than `/ ? # .`. */
export function callbackMatches(pattern: string, redirectUri: string): boolean {
  if (!pattern.includes('*')) return pattern === redirectUri;
  const source = pattern.split('*').map(escapeRegExp).join('[^/?#.]+');
  return new RegExp(`^${source}$`).test(redirectUri);
}

export function findClient(clients: ConnectedAppSeed[], consumerKey: string | null): ConnectedAppSeed | undefined {
  if (consumerKey === null) return undefined;
  return clients.find((client) => client.consumerKey === consumerKey);
}

export function isRegisteredCallback(client: ConnectedAppSeed, redirectUri: string): boolean {
  return client.callbackUrls.some((pattern) => callbackMatches(pattern, redirectUri));
}

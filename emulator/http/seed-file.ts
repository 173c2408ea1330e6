/** Reading and checking seed files, and matching redirect URIs against registered callback URLs. */
import { profilesOf } from '../org/access';
import type { DuplicateRuleSeed, OrgSnapshot, PermissionBundle } from '../org/types';
import type { ConnectedAppSeed, SeedFile, SeedSettings } from './types';

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
  for (const [key, prefix] of [['profiles', '00e'], ['permissionSets', '0PS']] as const) {
    const bundles = value[key];
    if (bundles === undefined) continue;
    if (!Array.isArray(bundles)) throw new SeedFileError(`${where}: "${key}" must be an array`);
    for (const bundle of bundles) checkPermissionBundle(bundle, prefix, `${where}: ${key}`);
  }
  if (value.duplicateRules !== undefined) {
    if (!Array.isArray(value.duplicateRules)) throw new SeedFileError(`${where}: "duplicateRules" must be an array`);
    for (const rule of value.duplicateRules) checkDuplicateRule(rule, `${where}: duplicateRules`);
  }
  if (value.translations !== undefined) checkTranslations(value.translations, `${where}: translations`);
  const statuses = value.records.TaskStatus;
  if (Array.isArray(statuses) && statuses.length > 0) checkTaskStatuses(statuses, `${where}: records.TaskStatus`);
  const profileIds = new Set([...profilesOf(value as Pick<OrgSnapshot, 'profiles'>)].map((p) => p.Id));
  const setIds = new Set(Array.isArray(value.permissionSets) ? value.permissionSets.map((set) => (isObject(set) ? set.Id : undefined)) : []);
  for (const user of value.users as Array<Record<string, unknown>>) {
    if (user.ProfileId !== undefined && !profileIds.has(user.ProfileId as string)) {
      throw new SeedFileError(`${where}: user ${String(user.Username)} has a ProfileId no profile has`);
    }
    if (user.PermissionSetIds !== undefined && !(Array.isArray(user.PermissionSetIds) && user.PermissionSetIds.every((id) => setIds.has(id)))) {
      throw new SeedFileError(`${where}: user ${String(user.Username)} lists a permission set the seed does not define`);
    }
  }
}

const PERMISSION_FLAGS = ['PermissionsViewAllData', 'PermissionsModifyAllData', 'PermissionsApiEnabled', 'PermissionsViewEditConvertedLeads'] as const;

/** A profile (00e…) or permission set (0PS…): flags, object and field permissions of booleans. */
export function checkPermissionBundle(value: unknown, prefix: '00e' | '0PS', where: string): asserts value is PermissionBundle {
  if (!isObject(value) || typeof value.Id !== 'string' || !value.Id.startsWith(prefix) || typeof value.Name !== 'string') {
    throw new SeedFileError(`${where}: each needs an Id starting with ${prefix} and a Name`);
  }
  for (const flag of PERMISSION_FLAGS) {
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean') throw new SeedFileError(`${where}: ${value.Name}.${flag} must be true or false`);
  }
  for (const key of ['objectPermissions', 'fieldPermissions'] as const) {
    const map = value[key];
    if (map === undefined) continue;
    if (!isObject(map)) throw new SeedFileError(`${where}: ${value.Name}.${key} must be an object`);
    for (const [name, grant] of Object.entries(map)) {
      if (key === 'fieldPermissions' && !/^\w+\.\w+$/.test(name)) throw new SeedFileError(`${where}: field permissions are named Object.Field, not ${name}`);
      if (!isObject(grant) || Object.values(grant).some((flag) => typeof flag !== 'boolean')) {
        throw new SeedFileError(`${where}: ${value.Name}.${key}.${name} must be an object of true/false`);
      }
    }
  }
}

export function checkDuplicateRule(value: unknown, where: string): asserts value is DuplicateRuleSeed {
  if (
    !isObject(value) ||
    typeof value.DeveloperName !== 'string' ||
    typeof value.SobjectType !== 'string' ||
    (value.action !== 'block' && value.action !== 'alert') ||
    !Array.isArray(value.matchOn) ||
    !value.matchOn.every((group) => Array.isArray(group) && group.length > 0 && group.every((field) => typeof field === 'string'))
  ) {
    throw new SeedFileError(`${where}: each rule needs DeveloperName, SobjectType, action ("block" or "alert") and matchOn (arrays of field names)`);
  }
  if (value.compareWith !== undefined && !(Array.isArray(value.compareWith) && value.compareWith.every((type) => typeof type === 'string'))) {
    throw new SeedFileError(`${where}: ${value.DeveloperName}.compareWith must list object names`);
  }
}

/** TaskStatus records: ApiName, IsClosed and IsDefault; exactly one default and at least one closed. */
export function checkTaskStatuses(value: unknown[], where: string): void {
  for (const status of value) {
    if (!isObject(status) || typeof status.ApiName !== 'string' || status.ApiName === '' || typeof status.IsClosed !== 'boolean' || typeof status.IsDefault !== 'boolean') {
      throw new SeedFileError(`${where}: each status needs ApiName, IsClosed and IsDefault`);
    }
  }
  const statuses = value as Array<{ ApiName: string; IsClosed: boolean; IsDefault: boolean }>;
  if (statuses.filter((s) => s.IsDefault).length !== 1) throw new SeedFileError(`${where}: exactly one status must be the default`);
  if (!statuses.some((s) => s.IsClosed)) throw new SeedFileError(`${where}: at least one status must close a Task`);
  if (new Set(statuses.map((s) => s.ApiName)).size !== statuses.length) throw new SeedFileError(`${where}: status names must be unique`);
}

const CLIENT_FLAGS = ['requirePkce', 'requireSecretForWebServerFlow', 'requireSecretForRefreshTokenFlow', 'refreshTokenRotation'] as const;

/** The settings of a connected app an admin may change (and a seed may set). */
export function checkClientOptions(value: Record<string, unknown>, where: string): void {
  for (const flag of CLIENT_FLAGS) {
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean') throw new SeedFileError(`${where}: ${flag} must be true or false`);
  }
  if (value.consumerSecret !== undefined && typeof value.consumerSecret !== 'string') throw new SeedFileError(`${where}: consumerSecret must be a string`);
  const needsSecret = value.requireSecretForWebServerFlow === true || value.requireSecretForRefreshTokenFlow === true;
  if (needsSecret && typeof value.consumerSecret !== 'string') throw new SeedFileError(`${where}: an app that requires its secret needs a consumerSecret`);
}

function checkSeedSettings(value: unknown, where: string): asserts value is SeedSettings {
  if (!isObject(value)) throw new SeedFileError(`${where}: "settings" must be an object`);
  for (const flag of ['autoApprove', 'identityRequiresIdScope'] as const) {
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean') throw new SeedFileError(`${where}: settings.${flag} must be true or false`);
  }
  if (value.loginUser !== undefined && value.loginUser !== null && typeof value.loginUser !== 'string') {
    throw new SeedFileError(`${where}: settings.loginUser must be a user id or username`);
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
    checkClientOptions(client, `${where}: client ${client.name}`);
  }
  if (seed.settings !== undefined) {
    checkSeedSettings(seed.settings, where);
    const login = seed.settings.loginUser;
    const users = (value as OrgSnapshot).users;
    if (typeof login === 'string' && !users.some((u) => u.Id === login || u.Username.toLowerCase() === login.toLowerCase())) {
      throw new SeedFileError(`${where}: settings.loginUser ${login} is not a user of the seed`);
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

/** Picklist translations: language → `Object.Field` → value → label, every label a non-empty string. */
export function checkTranslations(value: unknown, where: string): void {
  if (!isObject(value)) throw new SeedFileError(`${where} must be an object: language → "Object.Field" → value → label`);
  for (const [language, fields] of Object.entries(value)) {
    if (!isObject(fields)) throw new SeedFileError(`${where}.${language} must be an object of "Object.Field" keys`);
    for (const [field, labels] of Object.entries(fields)) {
      if (!/^\w+\.\w+$/.test(field)) throw new SeedFileError(`${where}.${language}: "${field}" is not Object.Field`);
      if (!isObject(labels) || !Object.values(labels).every((label) => typeof label === 'string' && label !== '')) {
        throw new SeedFileError(`${where}.${language}.${field} must map each value to a non-empty label`);
      }
    }
  }
}

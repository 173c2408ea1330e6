/**
 * The sidebar's settings: the user's own in the extension origin's IndexedDB (saved from the
 * options page through the background; content scripts can write `storage.sync` and
 * `storage.local`, so neither is read as the user's choice, #17), the company's in
 * `storage.managed` (enterprise policy, see public/managed_schema.json). A value the policy sets
 * wins and is shown locked; `lockedSettings` also locks a setting the policy leaves at its default.
 */
import { defineDbMap } from '../storage/extension-db';
import { onForgetMemory } from '../storage/worker-memory';
import * as v from 'valibot';
import { LOCAL_URL } from '../https-url';
import { SALESFORCE_HOST } from '../salesforce/hosts';
import type { EffectiveSettings, Policy, SettingName, Settings } from '../messaging/contract';

export const SETTING_NAMES: SettingName[] = [
  'loginHost',
  'consumerKey',
  'autoLogging',
  'logMissedCalls',
  'subjectTemplate',
  'internalNumbers',
  'defaultRegion',
  'objectPriority',
  'relatedTo',
  'relatedToDefault',
  'dialpadLogsCalls',
];

/** The demo org's connected app; only the test/demo build knows it. */
export const DEMO_CONSUMER_KEY = '3MVG9demo.SalesforceSidebarForDialpad';

export const DEFAULT_SETTINGS: Settings = {
  loginHost: 'login.salesforce.com',
  consumerKey: __E2E__ ? DEMO_CONSUMER_KEY : '',
  autoLogging: true,
  logMissedCalls: false,
  subjectTemplate: '',
  internalNumbers: [],
  defaultRegion: '',
  objectPriority: ['Contact', 'Lead'],
  relatedTo: 'opportunities-and-cases',
  relatedToDefault: true,
  dialpadLogsCalls: false,
};


export function loginUrlOf(host: string): string {
  return LOCAL_URL.test(host) ? host : `https://${host}`;
}

const hostSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.transform((host) => host.replace(/^https:\/\//, '').replace(/\/+$/, '')),
  v.check((host) => SALESFORCE_HOST.test(host) || (__E2E__ && LOCAL_URL.test(host)), 'Enter a Salesforce login host: login.salesforce.com, test.salesforce.com or your My Domain (acme.my.salesforce.com).'),
);

const numberEntry = v.pipe(v.string(), v.trim(), v.regex(/^\+?[\d\s().-]{3,30}\*?$/, 'Each internal number must be a phone number, or a prefix ending in * (for example +8150*).'));

/** What a subject template may name; the call log fills each in (lib/calllog/task-fields.ts). */
export const TEMPLATE_PLACEHOLDERS = ['direction', 'minutes', 'date', 'number', 'name'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** Unknown `{placeholders}` in a subject template. */
export function unknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  return names.filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
}

export const settingSchemas = {
  loginHost: hostSchema,
  consumerKey: v.pipe(v.string(), v.trim(), v.maxLength(256, 'The consumer key is at most 256 characters.'), v.regex(/^[A-Za-z0-9._-]*$/, 'A consumer key has only letters, digits, dots, underscores and hyphens.')),
  autoLogging: v.boolean(),
  logMissedCalls: v.boolean(),
  subjectTemplate: v.pipe(
    v.string(),
    v.maxLength(255, 'The subject template is at most 255 characters.'),
    v.check((template) => unknownPlaceholders(template).length === 0, 'The subject template may use only {direction}, {minutes}, {date}, {number} and {name}.'),
  ),
  internalNumbers: v.pipe(v.array(numberEntry), v.maxLength(500, 'At most 500 internal numbers.')),
  defaultRegion: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^(?:[A-Z]{2})?$/, 'The default region is a two-letter country code (US, JP, GB…), or empty.')),
  objectPriority: v.pipe(
    v.array(v.picklist(['Contact', 'Lead'])),
    v.minLength(1, 'Match at least one kind of record.'),
    v.check((list) => new Set(list).size === list.length, 'Name each kind of record once.'),
  ),
  relatedTo: v.picklist(['opportunities-and-cases', 'opportunities', 'none'], 'Related to is "opportunities-and-cases", "opportunities" or "none".'),
  relatedToDefault: v.boolean(),
  dialpadLogsCalls: v.boolean(),
} satisfies { [K in SettingName]: v.GenericSchema<unknown, Settings[K]> };

export type SettingErrors = Partial<Record<SettingName, string>>;

/** Validates what the options page (or a policy) gives; unknown names are errors too. */
export function validateSettings(input: Record<string, unknown>): { value: Partial<Settings>; errors: SettingErrors & { unknown?: string } } {
  const value: Partial<Settings> = {};
  const errors: SettingErrors & { unknown?: string } = {};
  for (const [name, raw] of Object.entries(input)) {
    if (!(SETTING_NAMES as string[]).includes(name)) {
      errors.unknown = `Unknown setting: ${name}`;
      continue;
    }
    const result = v.safeParse(settingSchemas[name as SettingName] as v.GenericSchema, raw);
    if (result.success) (value as Record<string, unknown>)[name] = result.output;
    else errors[name as SettingName] = result.issues[0]?.message ?? 'Invalid value.';
  }
  return { value, errors };
}

/** The user's own settings (background only): one entry, the validated values the user saved. */
const userSettingsMap = defineDbMap<Partial<Settings>>('settings');
const USER = 'user';

async function userSettings(): Promise<Partial<Settings>> {
  return (await userSettingsMap.get(USER)) ?? {};
}

const settingsListeners = new Set<() => void>();

/** Calls back when the user saves settings (the background tells the sidebars); returns the stop. */
export function onUserSettingsChange(listener: () => void): () => void {
  settingsListeners.add(listener);
  return () => settingsListeners.delete(listener);
}

async function storeUserSettings(values: Partial<Settings>): Promise<void> {
  await userSettingsMap.set(USER, values);
  await userSettingsMap.flush();
  for (const listener of settingsListeners) listener();
}

/** Replaces the user's settings with `values` (validated; e2e builds' test worlds start from a known state). */
export async function replaceUserSettings(values: Record<string, unknown>): Promise<void> {
  await storeUserSettings(validateSettings(values).value);
}

/**
 * Version 0.1 kept the user's settings in `storage.sync` (`settings`): copied here once when the
 * extension is updated (`lib/background/migrate.ts`), and only if nothing was saved here yet. That
 * one read trusts what was there (docs/ARCHITECTURE.md, threat model); storage.sync is never read again.
 */
export async function importLegacySettings(legacy: unknown): Promise<boolean> {
  if (!legacy || typeof legacy !== 'object' || (await userSettingsMap.get(USER))) return false;
  await storeUserSettings(validateSettings(legacy as Record<string, unknown>).value);
  return true;
}

/**
 * The policy as the background last read it: `storage.managed` is read once per worker run and
 * again when it changes (only the browser writes it), so the settings a view needs cost no
 * storage read (#18).
 */
let policyMemory: Promise<Policy> | null = null;
let followingPolicy = false;
onForgetMemory(() => {
  policyMemory = null;
  followingPolicy = false;
});
function policyNow(): Promise<Policy> {
  if (!followingPolicy && browser.storage?.onChanged) {
    followingPolicy = true;
    browser.storage.onChanged.addListener((_changes, area) => {
      if (area === 'managed') policyMemory = null;
    });
  }
  return (policyMemory ??= readPolicy().catch((error: unknown) => {
    policyMemory = null;
    throw error;
  }));
}

/** Reads the managed policy; a value that does not validate is ignored and reported, never used. */
export async function readPolicy(): Promise<Policy> {
  let raw: Record<string, unknown> = {};
  try {
    raw = (await browser.storage.managed.get()) as Record<string, unknown>;
  } catch {
    // No policy (or no managed storage, as in unit tests): nothing is managed.
  }
  const { dialpadSelectors, lockedSettings, ...rest } = raw;
  const { value, errors } = validateSettings(rest);
  const problems = Object.entries(errors).map(([name, message]) => `${name}: ${message}`);
  const locked = Array.isArray(lockedSettings) ? lockedSettings.filter((name): name is SettingName => (SETTING_NAMES as unknown[]).includes(name)) : [];
  const selectors =
    dialpadSelectors && typeof dialpadSelectors === 'object'
      ? Object.fromEntries(Object.entries(dialpadSelectors as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      : {};
  // A setting the policy names stays the admin's even when its value is invalid (#17): locked, at the
  // default, and reported — never left for the user (or a page) to set.
  const named = Object.keys(rest).filter((name): name is SettingName => (SETTING_NAMES as string[]).includes(name));
  return { settings: value, locked: [...new Set([...locked, ...named])], dialpadSelectors: selectors, problems };
}

export async function effectiveSettings(): Promise<EffectiveSettings> {
  const [user, policy] = await Promise.all([userSettings(), policyNow()]);
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const { value: validUser } = validateSettings(user as Record<string, unknown>);
  for (const name of SETTING_NAMES) {
    const chosen = policy.locked.includes(name) ? policy.settings[name] : (validUser[name] ?? policy.settings[name]);
    if (chosen !== undefined) (settings as unknown as Record<string, unknown>)[name] = chosen;
  }
  return { settings, locked: policy.locked, policy };
}

/** Saves the user's settings; locked ones and invalid ones are refused with a reason each. */
export async function saveUserSettings(input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: SettingErrors & { unknown?: string } }> {
  const { value, errors } = validateSettings(input);
  const policy = await readPolicy();
  for (const name of Object.keys(value) as SettingName[]) {
    if (policy.locked.includes(name)) errors[name] = 'Your administrator manages this setting.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  await storeUserSettings({ ...(await userSettings()), ...value });
  return { ok: true };
}

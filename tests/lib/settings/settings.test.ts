import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { markNothingToMigrate, migrateLegacyStores } from '../../../lib/background/migrate';
import { cachedOutcome, rememberedPick, relatedChoice } from '../../../lib/matching/match-store';
import { DEFAULT_SETTINGS, effectiveSettings, loginUrlOf, readPolicy, saveUserSettings, validateSettings } from '../../../lib/settings/settings';
import { defineDbMap, forgetExtensionDbMemory } from '../../../lib/storage/extension-db';

beforeEach(() => fakeBrowser.reset());

describe('validating settings', () => {
  it('normalizes what it accepts', () => {
    const { value, errors } = validateSettings({
      loginHost: ' https://Acme.my.salesforce.com/ ',
      defaultRegion: 'jp',
      internalNumbers: ['+81 50 1234 5678', '+8150*'],
      objectPriority: ['Lead', 'Contact'],
      subjectTemplate: 'Call {direction} ({minutes}) {name}',
    });
    expect(errors).toEqual({});
    expect(value).toEqual({
      loginHost: 'acme.my.salesforce.com',
      defaultRegion: 'JP',
      internalNumbers: ['+81 50 1234 5678', '+8150*'],
      objectPriority: ['Lead', 'Contact'],
      subjectTemplate: 'Call {direction} ({minutes}) {name}',
    });
  });

  it.each([
    ['loginHost', 'evil.example.com'],
    ['consumerKey', 'key with spaces'],
    ['subjectTemplate', 'Call {mins}'],
    ['internalNumbers', ['call me']],
    ['defaultRegion', 'Japan'],
    ['objectPriority', []],
    ['objectPriority', ['Contact', 'Contact']],
    ['autoLogging', 'yes'],
  ])('refuses %s = %j with a reason, and keeps nothing of it', (name, raw) => {
    const { value, errors } = validateSettings({ [name]: raw });
    expect(value).toEqual({});
    expect(errors[name as keyof typeof errors]).toMatch(/\w/);
  });

  it('names an unknown setting', () => {
    expect(validateSettings({ theme: 'dark' }).errors).toEqual({ unknown: 'Unknown setting: theme' });
  });

  it('turns a login host into the URL to sign in at', () => {
    expect(loginUrlOf('test.salesforce.com')).toBe('https://test.salesforce.com');
  });
});

describe('the user\'s settings and the company\'s policy', () => {
  it('gives the defaults when nothing is set', async () => {
    expect(await effectiveSettings()).toEqual({ settings: DEFAULT_SETTINGS, locked: [], policy: { settings: {}, locked: [], dialpadSelectors: {}, problems: [] } });
  });

  it('lets a policy value win and locks it; the user\'s own values fill the rest', async () => {
    await fakeBrowser.storage.managed.set({ loginHost: 'acme.my.salesforce.com', lockedSettings: ['autoLogging'] });
    expect(await saveUserSettings({ logMissedCalls: true, defaultRegion: 'GB' })).toEqual({ ok: true });
    const { settings, locked } = await effectiveSettings();
    expect(settings).toMatchObject({ loginHost: 'acme.my.salesforce.com', autoLogging: true, logMissedCalls: true, defaultRegion: 'GB' });
    expect(locked.sort()).toEqual(['autoLogging', 'loginHost']);
  });

  it('refuses to save what the policy locks, and saves nothing of that request', async () => {
    await fakeBrowser.storage.managed.set({ autoLogging: false });
    expect(await saveUserSettings({ autoLogging: true, defaultRegion: 'US' })).toEqual({ ok: false, errors: { autoLogging: 'Your administrator manages this setting.' } });
    expect((await effectiveSettings()).settings).toMatchObject({ autoLogging: false, defaultRegion: '' });
  });

  it('ignores a policy value that does not validate, reports it, and keeps the setting locked at its default (#17)', async () => {
    await fakeBrowser.storage.managed.set({ defaultRegion: 'Japan', lockedSettings: ['nonsense', 'consumerKey'], dialpadSelectors: { callbox: '.my-callbox', banner: 42 } });
    const policy = await readPolicy();
    expect(policy.settings).toEqual({});
    expect(policy.problems).toEqual([expect.stringMatching(/^defaultRegion: /)]);
    expect(policy.locked.sort()).toEqual(['consumerKey', 'defaultRegion']);
    expect(policy.dialpadSelectors).toEqual({ callbox: '.my-callbox' });
    // The admin meant to set it: the user cannot, and it stays at the default.
    expect(await saveUserSettings({ defaultRegion: 'US' })).toMatchObject({ ok: false, errors: { defaultRegion: expect.any(String) } });
    expect((await effectiveSettings()).settings.defaultRegion).toBe('');
  });

  it('does not let a stored value the rules now refuse through', async () => {
    // Written into the extension's database as an older version might have: the worker reads it on start.
    const stored = defineDbMap<object>('settings');
    await stored.set('user', { loginHost: 'evil.example.com', logMissedCalls: true });
    await stored.flush();
    forgetExtensionDbMemory();
    expect((await effectiveSettings()).settings).toMatchObject({ loginHost: DEFAULT_SETTINGS.loginHost, logMissedCalls: true });
  });

  it('never reads storage.sync, which content scripts can write (#17)', async () => {
    expect(await saveUserSettings({ autoLogging: true, loginHost: 'acme.my.salesforce.com' })).toEqual({ ok: true });
    await fakeBrowser.storage.sync.set({ settings: { autoLogging: false, loginHost: 'evil.my.salesforce.com', internalNumbers: ['+1*'] } });
    forgetExtensionDbMemory();
    expect((await effectiveSettings()).settings).toMatchObject({ autoLogging: true, loginHost: 'acme.my.salesforce.com', internalNumbers: [] });
  });
});

describe('moving the stores of version 0.1 (#17)', () => {
  const card = { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter', nextSteps: [], pastActivity: [] };
  const legacy = {
    'matching.cache': { entries: { 'c1|tel:+14155550100': { outcome: { kind: 'matched', card, candidates: [], picked: true }, storedAt: 5 } }, alias: { '*|tel:+14155550100': 'c1|tel:+14155550100' } },
    'matching.picks': { 'c1|tel:+14155550100': { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter', pickedAt: 5 } },
    'matching.related': { '003000000000001': { type: 'Opportunity', id: '006000000000001AAA', name: 'Renewal' } },
    'matching.who': { keys: {}, card },
  };

  it('moves settings, cache, picks and "Related to" once, on update, and erases the old copies in storage.local', async () => {
    await fakeBrowser.storage.local.set(legacy);
    await fakeBrowser.storage.sync.set({ settings: { autoLogging: false, defaultRegion: 'jp' } });
    expect(await migrateLegacyStores()).toBe(true);
    forgetExtensionDbMemory();
    expect((await effectiveSettings()).settings).toMatchObject({ autoLogging: false, defaultRegion: 'JP' });
    expect((await cachedOutcome({ exact: 'other|x', shared: '*|tel:+14155550100' }))?.outcome).toMatchObject({ kind: 'matched', card: { name: 'Ben Carter' } });
    expect(await rememberedPick({ exact: 'c1|tel:+14155550100', shared: '*|none' })).toMatchObject({ id: '003000000000001AAA' });
    expect(await relatedChoice('003000000000001AAA')).toMatchObject({ id: '006000000000001AAA' });
    expect(Object.keys(await fakeBrowser.storage.local.get()).filter((key) => key.startsWith('matching.'))).toEqual([]);

    // What a page writes there afterwards is never read again, even at the next update.
    await fakeBrowser.storage.local.set({ 'matching.picks': { 'c2|tel:+1': { type: 'Contact', id: '003000000000009AAA', name: 'Planted', pickedAt: 9 } } });
    await fakeBrowser.storage.sync.set({ settings: { autoLogging: true, loginHost: 'evil.my.salesforce.com' } });
    expect(await migrateLegacyStores()).toBe(false);
    forgetExtensionDbMemory();
    expect(await rememberedPick({ exact: 'c2|tel:+1', shared: '*|tel:+1' })).toBeNull();
    expect((await effectiveSettings()).settings).toMatchObject({ autoLogging: false, loginHost: DEFAULT_SETTINGS.loginHost });
  });

  it('reads nothing at a later update when the extension was installed new', async () => {
    await markNothingToMigrate();
    // Planted after the install, before an update.
    await fakeBrowser.storage.local.set(legacy);
    await fakeBrowser.storage.sync.set({ settings: { autoLogging: false } });
    expect(await migrateLegacyStores()).toBe(false);
    forgetExtensionDbMemory();
    expect((await effectiveSettings()).settings.autoLogging).toBe(true);
    expect(await cachedOutcome({ exact: 'c1|tel:+14155550100', shared: '*|tel:+14155550100' })).toBeNull();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS, effectiveSettings, loginUrlOf, readPolicy, saveUserSettings, validateSettings } from '../../../lib/settings/settings';

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
    await fakeBrowser.storage.sync.set({ settings: { loginHost: 'evil.example.com', logMissedCalls: true } });
    expect((await effectiveSettings()).settings).toMatchObject({ loginHost: DEFAULT_SETTINGS.loginHost, logMissedCalls: true });
  });
});

/**
 * Managed policy (S4), set the real way: Chromium on Linux reads /etc/chromium/policies/managed/*.json,
 * and the test build's fixed id makes the `3rdparty` entry addressable. The file is removed after.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { E2E_EXTENSION_ID, launchBrowser, type LaunchedBrowser } from './harness';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/sfsd-e2e-test.json`;

async function writePolicy(settings: Record<string, unknown>): Promise<void> {
  await mkdir(POLICY_DIR, { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [E2E_EXTENSION_ID]: settings } } }));
}

let launched: LaunchedBrowser;
let options: Page;

beforeAll(async () => {
  await writePolicy({
    autoLogging: false,
    subjectTemplate: 'Call {direction} {number}',
    lockedSettings: ['logMissedCalls'],
    loginHost: 'not a host!',
    dialpadSelectors: { callbox: '.acme-callbox' },
    // #19: "Related to" restricted to opportunities with no default, and Dialpad logging calls itself.
    relatedTo: 'opportunities',
    relatedToDefault: false,
    dialpadLogsCalls: true,
  });
  launched = await launchBrowser();
  options = await launched.browser.newPage();
  await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
});
afterAll(async () => {
  await launched?.close();
  await rm(POLICY_FILE, { force: true });
});

const fieldState = (page: Page, name: string) =>
  page.$eval(`[data-setting=${name}]`, (el) => {
    const control = el.querySelector('input, select, textarea') as HTMLInputElement;
    return { locked: el.getAttribute('data-locked'), disabled: control.disabled, value: control.type === 'checkbox' ? control.checked : control.value };
  });

describe('managed policy (S4)', () => {
  it('overrides and locks the fields it sets, locks the ones it names, and reports invalid values', async () => {
    await options.waitForSelector('[data-setting=autoLogging][data-locked=true]');
    expect(await fieldState(options, 'autoLogging')).toEqual({ locked: 'true', disabled: true, value: false });
    expect(await fieldState(options, 'subjectTemplate')).toEqual({ locked: 'true', disabled: true, value: 'Call {direction} {number}' });
    expect(await fieldState(options, 'logMissedCalls')).toEqual({ locked: 'true', disabled: true, value: false });
    expect(await fieldState(options, 'relatedTo')).toEqual({ locked: 'true', disabled: true, value: 'opportunities' });
    expect(await fieldState(options, 'relatedToDefault')).toEqual({ locked: 'true', disabled: true, value: false });
    expect(await fieldState(options, 'dialpadLogsCalls')).toEqual({ locked: 'true', disabled: true, value: true });
    // An invalid policy value is not used, but the setting stays the admin's (#17): locked at the
    // default, and the page says why.
    expect(await fieldState(options, 'loginHost')).toEqual({ locked: 'true', disabled: true, value: 'login.salesforce.com' });
    const alert = await options.$eval('[data-testid=settings-form] [role=alert]', (el) => el.textContent);
    expect(alert).toContain('loginHost');
  });

  it('refuses to save a locked setting even when asked directly', async () => {
    const reply = await options.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'saveSettings', settings: { autoLogging: true } }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('administrator') } });
  });

  it('applies a policy change live', async () => {
    await writePolicy({ autoLogging: true, lockedSettings: [] });
    await options.waitForSelector('[data-setting=autoLogging] input:checked', { timeout: 60_000 });
    expect(await fieldState(options, 'subjectTemplate')).toMatchObject({ locked: 'false', disabled: false });
  });
});

describe('the settings page', () => {
  it('sets each checkbox at the start of its label\'s line, locked or not', async () => {
    await options.waitForSelector('[data-setting=autoLogging] input[type=checkbox]');
    const boxes = await options.$$eval('[data-setting]', (fields) =>
      fields.flatMap((field) => {
        const box = field.querySelector('input[type=checkbox]');
        const label = field.querySelector('label');
        if (!box || !label) return [];
        const [b, l, f] = [box.getBoundingClientRect(), label.getBoundingClientRect(), field.getBoundingClientRect()];
        return [{ name: field.getAttribute('data-setting'), atStart: Math.round(b.left - f.left), beforeLabel: b.right <= l.left, middle: b.top + b.height / 2 >= l.top && b.top + b.height / 2 <= l.bottom }];
      }),
    );
    expect(boxes.map((box) => box.name).sort()).toEqual(['autoLogging', 'dialpadLogsCalls', 'logMissedCalls', 'relatedToDefault']);
    for (const box of boxes) expect(box).toEqual({ name: box.name, atStart: 0, beforeLabel: true, middle: true });
  });
});

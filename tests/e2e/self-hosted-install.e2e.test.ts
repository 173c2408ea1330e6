/**
 * The way companies install it: a signed CRX and its updates.xml on the company's own web server,
 * force-installed by policy into a fresh Chromium profile, configured by the same policy, and
 * updated from the same feed. Chromium reads the policy from /etc/chromium/policies/managed/
 * (private to this run through /work/tools/isolated in development, and removed afterwards).
 *
 * The package is the e2e build (it may reach the local emulator and stand-in) signed with a key made
 * here: a CRX's id is its signing key's, so the build's fixed manifest `key` is dropped and the
 * policy names the new id. Chromium's default DeveloperToolsAvailability (0) hides a force-installed
 * extension's pages and worker from DevTools, and so from this test: the policy allows DevTools (1),
 * which changes nothing else, so that the options page can be read.
 *
 * Measured on Chromium 150 (see docs/RELEASING.md): the extension is installed about 1–2 s after
 * start; its managed settings arrive about 2 s after that, so the test waits for the options page
 * to show them before the user clicks Connect (a click before then signs in to the built-in
 * login.salesforce.com, which a closed network cannot load).
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { defaultSeed } from '../../emulator/seed/default';
import { packSelfHosted } from '../../scripts/release/self-hosted';
import { updateManifestXml } from '../../scripts/release/update-manifest';
import { nextVersion } from '../../scripts/release/version';
import { startStandin } from '../../standin/server';
import { E2E_EXTENSION_DIR, launchBrowser, readSidebar, waitForSidebar, waitForSidebarElement, type LaunchedBrowser } from './harness';
import { connectFromSidebar } from './salesforce';

const POLICY_FILE = '/etc/chromium/policies/managed/sfsd-self-hosted-test.json';
/** The company's own connected app: not the demo key the test build falls back to, so a connection proves the policy's key was used. */
const CONSUMER_KEY = '3MVG9acme.SelfHostedRollout';
const SUBJECT_TEMPLATE = 'Acme call - {direction} ({minutes} min)';

/** The company's web server: whatever is published is served, and every request is remembered. */
function startFeed() {
  const files = new Map<string, { body: Buffer; type: string }>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push(pathname);
    const file = files.get(pathname);
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
  });
  return {
    files,
    requests,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type ExtensionInfo = { version: string; mustRemainInstalled: boolean; userMayModify: boolean; controlledBy: string | null; state: string };

/** What chrome://extensions knows of the extension (the page's own API), or null before it is installed. */
function extensionInfo(page: Page, id: string): Promise<ExtensionInfo | null> {
  return page.evaluate(
    (extensionId) =>
      new Promise<ExtensionInfo | null>((resolve) => {
        type Info = { version: string; mustRemainInstalled: boolean; userMayModify: boolean; controlledInfo?: { text: string }; state: string };
        const chrome = (globalThis as unknown as { chrome: { runtime: { lastError?: unknown }; developerPrivate: { getExtensionInfo(id: string, done: (info?: Info) => void): void } } }).chrome;
        chrome.developerPrivate.getExtensionInfo(extensionId, (info) => {
          void chrome.runtime.lastError;
          resolve(info ? { version: info.version, mustRemainInstalled: info.mustRemainInstalled, userMayModify: info.userMayModify, controlledBy: info.controlledInfo?.text ?? null, state: info.state } : null);
        });
      }),
    id,
  );
}

/** What chrome://extensions answers when the user asks to remove or switch off the extension. */
function tryAsUser(page: Page, id: string, action: 'uninstall' | 'disable'): Promise<string> {
  return page.evaluate(
    (extensionId, what) =>
      new Promise<string>((resolve) => {
        const chrome = (globalThis as unknown as {
          chrome: { runtime: { lastError?: { message?: string } }; management: { uninstall(id: string, o: object, done: () => void): void; setEnabled(id: string, on: boolean, done: () => void): void } };
        }).chrome;
        const done = () => resolve(chrome.runtime.lastError?.message ?? 'done');
        if (what === 'uninstall') chrome.management.uninstall(extensionId, { showConfirmDialog: false }, done);
        else chrome.management.setEnabled(extensionId, false, done);
      }),
    id,
    action,
  );
}

const feed = startFeed();
let feedUrl: string;
let signingKey: KeyObject;
let extensionId: string;
let firstVersion: string;
let emulator: RunningEmulator;
let standin: Awaited<ReturnType<typeof startStandin>>;
let launched: LaunchedBrowser;
let browser: Browser;
let extensions: Page;
let dialpad: Page;

/** Signs the e2e build as `version` and makes it the feed's current version, as `npm run release` output is published. */
async function publish(version: string): Promise<void> {
  const updateUrl = `${feedUrl}/updates.xml`;
  const pkg = await packSelfHosted(E2E_EXTENSION_DIR, signingKey, { updateUrl, changeManifest: ({ key: _fixedTestId, ...manifest }) => ({ ...manifest, version }) });
  const crxName = `/salesforce-sidebar-for-dialpad-${version}.crx`;
  feed.files.set(crxName, { body: pkg.crx, type: 'application/x-chrome-extension' });
  const xml = updateManifestXml([{ id: pkg.id, version, codebase: `${feedUrl}${crxName}`, sha256: createHash('sha256').update(pkg.crx).digest('hex') }]);
  feed.files.set('/updates.xml', { body: Buffer.from(xml), type: 'text/xml' });
  extensionId = pkg.id;
}

beforeAll(async () => {
  feedUrl = await feed.listen();
  signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  firstVersion = (JSON.parse(await readFile(path.join(E2E_EXTENSION_DIR, 'manifest.json'), 'utf8')) as { version: string }).version;
  await publish(firstVersion);
  // The org's connected app lists exactly this install's callback URL, as docs/ADMIN.md tells admins to.
  emulator = await startEmulator({
    port: 0,
    seed: { ...defaultSeed(), clients: [{ name: 'Salesforce Sidebar for Dialpad', consumerKey: CONSUMER_KEY, callbackUrls: [`https://${extensionId}.chromiumapp.org/`] }] },
  });
  standin = await startStandin({ port: 0 });
  await mkdir(path.dirname(POLICY_FILE), { recursive: true });
  await writeFile(
    POLICY_FILE,
    JSON.stringify({
      DeveloperToolsAvailability: 1,
      ExtensionSettings: { [extensionId]: { installation_mode: 'force_installed', update_url: `${feedUrl}/updates.xml` } },
      '3rdparty': { extensions: { [extensionId]: { loginHost: emulator.url, consumerKey: CONSUMER_KEY, defaultRegion: 'US', subjectTemplate: SUBJECT_TEMPLATE, lockedSettings: ['autoLogging'] } } },
    }),
  );
  launched = await launchBrowser({ extension: false, managedInstall: true });
  browser = launched.browser;
  extensions = await browser.newPage();
  await extensions.goto('chrome://extensions');
});

afterAll(async () => {
  await launched?.close();
  await rm(POLICY_FILE, { force: true });
  await standin?.close();
  await emulator?.close();
  await feed.close();
});

describe('self-hosted force-install', () => {
  it('installs the signed package from the feed into a fresh profile, where the user cannot remove or switch it off', async () => {
    await expect.poll(() => extensionInfo(extensions, extensionId).then((info) => info?.version), { timeout: 60_000, interval: 200 }).toBe(firstVersion);
    expect(feed.requests).toEqual(expect.arrayContaining(['/updates.xml', `/salesforce-sidebar-for-dialpad-${firstVersion}.crx`]));
    const info = await extensionInfo(extensions, extensionId);
    expect(info).toMatchObject({ state: 'ENABLED', mustRemainInstalled: true, userMayModify: false });
    expect(info?.controlledBy).toMatch(/policy|administrator/i);
    expect(await tryAsUser(extensions, extensionId, 'uninstall')).toMatch(/cannot be modified by user/);
    expect(await tryAsUser(extensions, extensionId, 'disable')).toMatch(/cannot be modified by user/);
    expect((await extensionInfo(extensions, extensionId))?.state).toBe('ENABLED');
  });

  it('is configured by policy: the user connects to the company org and calls are logged with the company subject, no setting touched', async () => {
    const options = await browser.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.waitForSelector('[data-setting=loginHost][data-locked=true]', { timeout: 60_000 });
    const setting = (name: string) =>
      options.$eval(`[data-setting=${name}]`, (el) => {
        const control = el.querySelector('input, select, textarea') as HTMLInputElement;
        return { locked: el.getAttribute('data-locked'), value: control.type === 'checkbox' ? control.checked : control.value };
      });
    expect(await setting('loginHost')).toEqual({ locked: 'true', value: emulator.url });
    expect(await setting('consumerKey')).toEqual({ locked: 'true', value: CONSUMER_KEY });
    expect(await setting('autoLogging')).toEqual({ locked: 'true', value: true });
    await options.close();

    dialpad = await browser.newPage();
    await dialpad.goto(standin.url);
    await waitForSidebarElement(dialpad, 'aside');
    // Login host and consumer key come from the policy only: the emulator knows no other app.
    await connectFromSidebar(dialpad, browser, extensionId);
    await dialpad.evaluate(() => window.dialpadStandin.useManualClock());
    await dialpad.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    const live = await dialpad.evaluate(() => window.dialpadStandin.answer());
    await dialpad.evaluate(() => window.dialpadStandin.advance(95));
    await waitForSidebar(dialpad, (root) => root.querySelector('[data-testid=live-call][data-call-state=connected][data-elapsed="95"]'));
    await dialpad.evaluate(() => window.dialpadStandin.hangUp());
    // The call's history row gives it Dialpad's id (the page shows none during the call).
    await dialpad.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    const tasks = () => (emulator.emulator.control.records('Task') as Array<Record<string, unknown>>).filter((task) => task.CallObject === live.callId);
    await expect.poll(() => tasks().length, { timeout: 20_000, interval: 100 }).toBe(1);
    expect(tasks()[0]!.Subject).toBe('Acme call - Inbound (2 min)');
  });

  it('takes the next version published on the same feed when Chromium checks it, and the user stays connected', async () => {
    const secondVersion = nextVersion(firstVersion, 'patch');
    await publish(secondVersion);
    // chrome://extensions' "Update" button (developer mode) asks every update URL at once; without it
    // Chromium asks on its own schedule (about every five hours), see docs/RELEASING.md.
    await extensions.evaluate(
      () => new Promise<void>((resolve) => (globalThis as unknown as { chrome: { developerPrivate: { autoUpdate(done: () => void): void } } }).chrome.developerPrivate.autoUpdate(resolve)),
    );
    await expect.poll(() => extensionInfo(extensions, extensionId).then((info) => info?.version), { timeout: 60_000, interval: 200 }).toBe(secondVersion);
    expect(feed.requests).toContain(`/salesforce-sidebar-for-dialpad-${secondVersion}.crx`);
    expect(await extensionInfo(extensions, extensionId)).toMatchObject({ state: 'ENABLED', mustRemainInstalled: true });

    // The updated extension's sidebar, in a reloaded Dialpad tab, is still signed in and reads Salesforce.
    await dialpad.reload();
    await waitForSidebar(dialpad, (root) => root.querySelector('[data-testid=connection] [data-state=connected]'));
    await dialpad.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
    await waitForSidebar(dialpad, (root) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === 'Ben Carter');
    expect(await readSidebar(dialpad, (root) => root.querySelector('[data-testid=past-activity] [data-field=subject]')?.textContent)).toBe('Acme call - Inbound (2 min)');
  });
});

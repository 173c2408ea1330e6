/**
 * End-to-end harness: real Chromium (Debian's) driven by puppeteer-core, optionally with the built
 * extension loaded; the sidebar's closed shadow root is reached through `sidebar-access.ts`.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';
import extensionKey from './extension-key.json' with { type: 'json' };
import { browserForTests } from '../../scripts/browser/find-browser';

export { clickInSidebar, evaluateInContentScript, evaluateInWorld, readSidebar, SIDEBAR_TAG, SidebarElement, waitForSidebar, waitForSidebarElement, waitForSidebarValue } from './sidebar-access';

export const ROOT_DIR = path.resolve(import.meta.dirname, '../..');
/** Where `wxt build` writes (SFSD_OUT_DIR lets parallel checkouts of work build side by side). */
export const OUTPUT_DIR = path.resolve(ROOT_DIR, process.env.SFSD_OUT_DIR ?? '.output');
export const E2E_EXTENSION_DIR = path.join(OUTPUT_DIR, 'chrome-mv3-e2e');
export const PRODUCTION_EXTENSION_DIR = path.join(OUTPUT_DIR, 'chrome-mv3');
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-output/screenshots');
/** The e2e build's fixed id (from the manifest `key` in tests/e2e/extension-key.json). */
export const E2E_EXTENSION_ID = extensionKey.id;

/**
 * Flags that keep Chromium from hanging or phoning home on a closed network (TOOLCHAIN.md).
 * `--disable-background-networking` also stops every policy install and extension update check
 * (measured on Chromium 150: no request reaches the update feed); `--disable-component-update`
 * does not touch extensions. A browser that installs the extension by policy drops the first.
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export interface LaunchOptions {
  /** Load the e2e build (true), another unpacked build (a path), or none (false). Default true. */
  extension?: boolean | string;
  /** Reuse a profile (e.g. to prove state survives a browser restart); a fresh one otherwise. */
  userDataDir?: string;
  /** Browser UI language, e.g. 'ja'. */
  lang?: string;
  width?: number;
  height?: number;
  /** Headless unless false (the demo opens a window when a display exists). */
  headless?: boolean;
  /**
   * The extension comes from enterprise policy (a force-install from an update feed), not from the
   * command line: extensions stay enabled and background networking on, which policy installs and
   * update checks need. Use with `extension: false`.
   */
  managedInstall?: boolean;
}

export interface LaunchedBrowser {
  browser: Browser;
  userDataDir: string;
  /** Closes the browser; removes the profile unless it was given by the caller. */
  close(): Promise<void>;
}

const openBrowsers = new Set<Browser>();

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'sfsd-profile-')));
  const extensionDir =
    options.extension === false ? undefined : typeof options.extension === 'string' ? options.extension : E2E_EXTENSION_DIR;
  const width = options.width ?? 1280;
  const height = options.height ?? 800;
  const flags = options.managedInstall ? CHROMIUM_FLAGS.filter((flag) => flag !== '--disable-background-networking') : CHROMIUM_FLAGS;
  const args = [...flags, `--window-size=${width},${height}`];
  if (extensionDir) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  if (options.lang) args.push(`--lang=${options.lang}`, `--accept-lang=${options.lang}`);

  const browser = await puppeteer.launch({
    executablePath: browserForTests().path,
    headless: options.headless ?? true,
    userDataDir,
    args,
    // puppeteer's defaults disable extensions and background networking.
    ignoreDefaultArgs: [...(extensionDir || options.managedInstall ? ['--disable-extensions'] : []), ...(options.managedInstall ? ['--disable-background-networking'] : [])],
    defaultViewport: { width, height },
    env: { ...process.env, ...(options.lang ? { LANGUAGE: options.lang, LANG: `${options.lang}.UTF-8` } : {}) },
  });
  openBrowsers.add(browser);
  return {
    browser,
    userDataDir,
    async close() {
      openBrowsers.delete(browser);
      await browser.close().catch(() => undefined);
      if (ownProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker, once its script has run (the target appears earlier). */
export async function extensionWorker(browser: Browser, extensionId = E2E_EXTENSION_ID): Promise<WebWorker> {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
  );
  const worker = await target.worker();
  if (!worker) throw new Error('The extension service worker target has no worker.');
  // Until the worker's script has run, even its timers may be missing: poll from here.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await worker
      .evaluate(() => typeof (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id === 'string' && typeof setTimeout === 'function')
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('The extension service worker did not start within 20 s.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return worker;
}

/**
 * Stops the extension's service worker, as Chrome does when it idles one out or kills a long
 * task, through chrome://serviceworker-internals; the next event starts it again. Puppeteer's
 * session to the worker is detached first: a worker with a DevTools session attached never starts
 * again (puppeteer#9995), which is why the DevTools protocol's own stop cannot be used. After
 * this, `extensionWorker()` cannot be used on this browser.
 */
export async function stopExtensionWorker(browser: Browser, extensionId = E2E_EXTENSION_ID): Promise<void> {
  const scope = `chrome-extension://${extensionId}/`;
  const target = browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(scope));
  if (target) await (await target.worker())?.client.detach().catch(() => undefined);
  const internals = await browser.newPage();
  try {
    await internals.goto('chrome://serviceworker-internals/');
    // The page lists each registration as an item with its scope, running status and a Stop button.
    await internals.waitForFunction((s) => [...document.querySelectorAll('.serviceworker-item')].some((el) => el.textContent?.includes(s)), { polling: 50, timeout: 10_000 }, scope);
    // (chrome:// pages forbid eval: each step is a plain function.)
    const status = () =>
      internals.evaluate((s) => {
        const item = [...document.querySelectorAll('.serviceworker-item')].find((el) => el.textContent?.includes(s));
        return item?.querySelector('.serviceworker-running-status .value')?.textContent?.trim() ?? 'missing';
      }, scope);
    const pressStop = () =>
      internals.evaluate((s) => {
        const item = [...document.querySelectorAll('.serviceworker-item')].find((el) => el.textContent?.includes(s));
        (item?.querySelector('[data-command="stop"]') as HTMLElement | null)?.click();
      }, scope);
    if ((await status()) !== 'RUNNING') return;
    // The worker may start again at once (a tab's next message): press Stop until it is seen stopped.
    const deadline = Date.now() + 10_000;
    for (let pressedAt = 0; ; ) {
      const now = await status();
      if (now === 'STOPPED') return;
      if (Date.now() > deadline) throw new Error(`The extension's worker did not stop (status ${now}).`);
      if (now === 'RUNNING' && Date.now() - pressedAt > 500) {
        await pressStop();
        pressedAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await internals.close();
  }
}

/** Saves a screenshot of every open page of every browser this process launched (failed tests). */
export async function screenshotOpenPages(testName: string): Promise<string[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const base = testName.replace(/[^\w.-]+/g, '_').slice(0, 120);
  const saved: string[] = [];
  for (const browser of openBrowsers) {
    const pages = await browser.pages().catch(() => [] as Page[]);
    for (const [index, page] of pages.entries()) {
      const file = path.join(SCREENSHOT_DIR, `${base}-${saved.length}-${index}.png`);
      try {
        // A page stuck in a dialog or mid-navigation must not hang the failure report.
        await Promise.race([page.screenshot({ path: file as `${string}.png` }), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5_000))]);
        saved.push(file);
      } catch {
        // A page that is closing cannot be captured; the others still are.
      }
    }
  }
  return saved;
}

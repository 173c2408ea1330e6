/**
 * End-to-end helpers for the Salesforce side: point the extension at a running emulator, approve
 * the emulator's consent page the way a user would, and connect from the sidebar.
 */
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import type { RunningEmulator } from '../../emulator/server';
import { clickInSidebar, E2E_EXTENSION_ID, extensionWorker, waitForSidebar } from './harness';

/** What the e2e build's worker offers tests (entrypoints/background.ts, `__E2E__` only). */
export interface WorkerTestHooks {
  replaceUserSettings(settings: Record<string, unknown>): Promise<void>;
  clearMatchingData(): Promise<void>;
  matchingCounts(): Promise<{ cache: number; alias: number; picks: number; related: number }>;
  flushMatchingData(): Promise<void>;
}

type WithHooks = { sfsdTest: WorkerTestHooks };

/** The e2e build's hooks in the worker, each one evaluation there. */
export function workerHooks(worker: WebWorker): WorkerTestHooks {
  return {
    replaceUserSettings: (settings) => worker.evaluate((values) => (globalThis as unknown as WithHooks).sfsdTest.replaceUserSettings(values), settings),
    clearMatchingData: () => worker.evaluate(() => (globalThis as unknown as WithHooks).sfsdTest.clearMatchingData()),
    matchingCounts: () => worker.evaluate(() => (globalThis as unknown as WithHooks).sfsdTest.matchingCounts()),
    flushMatchingData: () => worker.evaluate(() => (globalThis as unknown as WithHooks).sfsdTest.flushMatchingData()),
  };
}

/**
 * The user's settings, saved where the options page saves them (the background's database, #17):
 * the whole set replaced, as a fresh profile's.
 */
export async function useEmulator(worker: WebWorker, emulator: RunningEmulator, extra: Record<string, unknown> = {}): Promise<void> {
  await workerHooks(worker).replaceUserSettings({ loginHost: emulator.url, consumerKey: emulator.consumerKey, ...extra });
}

/** Waits for the consent page that launchWebAuthFlow opened and clicks Allow (or Deny). */
export async function answerConsent(browser: Browser, decision: 'allow' | 'deny' = 'allow'): Promise<void> {
  const target = await browser.waitForTarget((t) => t.type() === 'page' && t.url().includes('/services/oauth2/authorize'), { timeout: 20_000 });
  const page = await target.page();
  if (!page) throw new Error('The consent window has no page');
  const button = await page.waitForSelector(`button.${decision}`);
  await button!.click();
}

/**
 * Clicks Connect (or Reconnect) in the sidebar, which opens the options page (a Dialpad page may
 * not connect by itself, #17), clicks Connect there, approves, and waits until the sidebar shows
 * the connected user. `extensionId`: the installed extension's (a self-hosted install has its own).
 */
export async function connectFromSidebar(page: Page, browser: Browser, extensionId = E2E_EXTENSION_ID): Promise<void> {
  await clickInSidebar(page, '[data-testid=connect]');
  const target = await browser.waitForTarget((t) => t.type() === 'page' && t.url().startsWith(`chrome-extension://${extensionId}/options.html`), { timeout: 20_000 });
  const options = await target.page();
  if (!options) throw new Error('The options page did not open');
  const connect = await options.waitForSelector('[data-testid=options-connect]');
  await connect!.click();
  await answerConsent(browser);
  await options.waitForSelector('[data-testid=options-connection][data-state=connected]');
  await options.close();
  // A tab in the background paints no frames: the sidebar's waits need it in front again.
  await page.bringToFront();
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=connected]'));
}

export async function worker(browser: Browser): Promise<WebWorker> {
  return extensionWorker(browser);
}

/** Everything in the extension's storage areas, as the worker sees it. */
export async function storageDump(worker: WebWorker): Promise<{ local: Record<string, unknown>; session: Record<string, unknown>; sync: Record<string, unknown> }> {
  return worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session' | 'sync', { get(): Promise<Record<string, unknown>> }> } }).chrome;
    return { local: await chrome.storage.local.get(), session: await chrome.storage.session.get(), sync: await chrome.storage.sync.get() };
  });
}

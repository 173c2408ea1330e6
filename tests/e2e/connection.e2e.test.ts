import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startStandin } from '../../standin/server';
import { extensionWorker, launchBrowser, readSidebar, waitForSidebarElement, type LaunchedBrowser } from './harness';
import { connectFromSidebar, storageDump, useEmulator } from './salesforce';

type Standin = Awaited<ReturnType<typeof startStandin>>;

let emulator: RunningEmulator;
let standin: Standin;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  standin = await startStandin({ port: 0 });
});
afterAll(async () => {
  await standin?.close();
  await emulator?.close();
});

async function openDialpad(launched: LaunchedBrowser): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(standin.url);
  await waitForSidebarElement(page, 'aside');
  return page;
}

describe('connecting to Salesforce (S1, S3)', () => {
  let launched: LaunchedBrowser;
  beforeAll(async () => {
    launched = await launchBrowser();
    await useEmulator(await extensionWorker(launched.browser), emulator);
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('connects through the consent page and shows who is connected', async () => {
    const page = await openDialpad(launched);
    await connectFromSidebar(page, launched.browser);
    const who = await readSidebar(page, (root) => root.querySelector('[data-testid=connected-user]')?.textContent);
    expect(who).toBe(`Alex Morgan (alex.morgan@brightwave.example) on ${new URL(emulator.url).host}`);
    const stored = await storageDump(await extensionWorker(launched.browser));
    expect(Object.keys(stored.session)).toContain('salesforce.access');
    expect(JSON.stringify(stored.sync)).not.toContain('token');
    await page.close();
  });
});

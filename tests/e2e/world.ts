/**
 * The whole test world for one scenario: the emulator's demo org, the Dialpad stand-in, Chromium
 * with the extension pointed at the org, and a Dialpad tab already connected to Salesforce.
 */
import type { Page } from 'puppeteer-core';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startStandin } from '../../standin/server';
import type { StandinSeed } from '../../standin/types';
import { extensionWorker, launchBrowser, waitForSidebarElement, type LaunchedBrowser, type LaunchOptions } from './harness';
import { connectFromSidebar, useEmulator } from './salesforce';

export interface World {
  emulator: RunningEmulator;
  standin: Awaited<ReturnType<typeof startStandin>>;
  launched: LaunchedBrowser;
  page: Page;
  close(): Promise<void>;
}

export interface WorldOptions extends Pick<LaunchOptions, 'userDataDir' | 'lang'> {
  latencyMs?: number;
  seed?: StandinSeed;
  /** Leave the stand-in's clock running (default: manual, moved with advance()). */
  realClock?: boolean;
  /** Sets up the org before the sidebar connects (who signs in, what their profile lets them see, …). */
  configure?: (emulator: RunningEmulator) => void;
}

export async function startConnectedWorld(options: WorldOptions = {}): Promise<World> {
  // The emulator's strict default: the demo org's standard-profile rep signs in.
  const emulator = await startEmulator({ port: 0, latencyMs: options.latencyMs ?? 0 });
  options.configure?.(emulator);
  const standin = await startStandin({ port: 0, ...(options.seed ? { seed: options.seed } : {}) });
  const launched = await launchBrowser({ ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}), ...(options.lang ? { lang: options.lang } : {}) });
  await useEmulator(await extensionWorker(launched.browser), emulator, { defaultRegion: 'US' });
  const page = await launched.browser.newPage();
  await page.goto(standin.url);
  await waitForSidebarElement(page, 'aside');
  await connectFromSidebar(page, launched.browser);
  if (!options.realClock) await page.evaluate(() => window.dialpadStandin.useManualClock());
  const world: World = {
    emulator,
    standin,
    launched,
    page,
    async close() {
      await world.launched.close();
      await standin.close();
      await emulator.close();
    },
  };
  return world;
}

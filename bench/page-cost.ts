/**
 * P4 and P5: what the extension costs the browser — the size of what it ships, its worker's cold
 * start, and the main-thread script time it adds to the Dialpad page while the page churns its DOM.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { startStandin } from '../standin/server';
import { E2E_EXTENSION_ID, launchBrowser, stopExtensionWorker, waitForSidebarElement } from '../tests/e2e/harness';
import type { Figure } from './figures';
import { percentile, round } from './figures';

export async function bundleSizes(productionDir: string): Promise<Figure[]> {
  const gz = async (file: string) => gzipSync(await readFile(path.join(productionDir, file))).length / 1024;
  const content = await gz('content-scripts/dialpad.js');
  const background = await gz('background.js');
  // What the content script imports after the sidebar's first paint (entrypoints/dialpad.content/parts.ts).
  const parts = await Promise.all(['sidebar-dialpad.js', 'sidebar-ui.js'].map(async (file) => `${file} ${round(await gz(file), 1)} KB`));
  return [
    { id: 'P4a', name: 'content script, gzip', value: round(content, 1), unit: 'KB', target: 20, compare: '<=', detail: `what the page loads before the sidebar's first paint; after it, from the extension: ${parts.join(', ')}` },
    { id: 'P4b', name: 'background, gzip', value: round(background, 1), unit: 'KB', target: 150, compare: '<=', detail: 'jsforce core on the built-ins of Chrome and Edge (scripts/build/lean-jsforce.ts)' },
  ];
}

async function scriptSeconds(page: Page, run: () => Promise<unknown>): Promise<number> {
  const session = await page.createCDPSession();
  await session.send('Performance.enable');
  const read = async () => {
    const { metrics } = await session.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0;
  };
  const before = await read();
  await run();
  const after = await read();
  await session.detach();
  return after - before;
}

/**
 * P5 and P5ms: the page's main-thread script time during heavy churn, with the extension and
 * without, in alternating rounds of the same run, for churn of the left bar and of the main view
 * separately (the stand-in's `churn({region})`). P5 is the median ratio; P5ms the median of what the
 * extension adds, in ms of script time per second of churn. The page shows a contact (the reader
 * then watches the contact view and the call regions, as during a working day).
 */
export async function churnCost(options: { seconds: number; rounds: number; mutationsPerSecond: number }): Promise<Figure[]> {
  const standin = await startStandin({ port: 0 });
  const withExtension = await launchBrowser();
  const without = await launchBrowser({ extension: false });
  try {
    const open = async (page: Page) => {
      await page.goto(standin.url);
      await page.waitForFunction(() => Boolean(window.dialpadStandin));
      await page.evaluate(() => window.dialpadStandin.showContact(window.dialpadStandin.state().contacts[0]!.id));
    };
    const pageWith = await withExtension.browser.newPage();
    await open(pageWith);
    await waitForSidebarElement(pageWith, 'aside');
    const pageWithout = await without.browser.newPage();
    await open(pageWithout);

    const figures: Figure[] = [];
    for (const region of ['leftbar', 'main'] as const) {
      const churn = (page: Page) => () =>
        page.evaluate((o) => window.dialpadStandin.churn(o), { mutationsPerSecond: options.mutationsPerSecond, seconds: options.seconds, region });
      const ratios: number[] = [];
      const added: number[] = [];
      const samples: string[] = [];
      for (let round = 0; round < options.rounds; round++) {
        const a = await scriptSeconds(pageWithout, churn(pageWithout));
        const b = await scriptSeconds(pageWith, churn(pageWith));
        ratios.push(b / a);
        added.push(((b - a) * 1000) / options.seconds);
        samples.push(`${(b * 1000).toFixed(0)}/${(a * 1000).toFixed(0)} ms`);
      }
      const where = region === 'leftbar' ? 'the left bar' : 'the main view';
      const suffix = region === 'leftbar' ? '' : '-main';
      const detail = `churn of ${where}, ~${options.mutationsPerSecond} mutations/s; median of ${options.rounds} alternating rounds of ${options.seconds} s; with/without: ${samples.join(', ')}`;
      figures.push(
        { id: `P5${suffix}`, name: `page script time, churn of ${where}: with ÷ without`, value: round(percentile(ratios, 50), 3), unit: '×', target: 1.05, compare: '<=', detail },
        {
          id: `P5ms${suffix}`,
          name: `main-thread time the extension adds, churn of ${where}`,
          value: round(percentile(added, 50), 2),
          unit: 'ms/s',
          target: 1,
          compare: '<=',
          detail: `script ms added per second of churn; rounds: ${added.map((ms) => ms.toFixed(2)).join(', ')} (negative: the page alone was slower that round)`,
        },
      );
    }
    return figures;
  } finally {
    await withExtension.close();
    await without.close();
    await standin.close();
  }
}

/**
 * P4c: the worker's cold start — the worker is stopped (as Chrome stops an idle one), then an
 * extension page sends a message; the time to its answer includes starting the worker and loading
 * its script. Measured in the page with performance.now(), a warm answer alongside for scale.
 */
export async function coldStart(options: { rounds: number; extensionDir?: string }): Promise<Figure> {
  const launched = await launchBrowser(options.extensionDir ? { extension: options.extensionDir } : {});
  try {
    const page = await launched.browser.newPage();
    await page.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    const ask = () =>
      page.evaluate(async () => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime;
        const started = performance.now();
        await runtime.sendMessage({ type: 'getStatus' });
        return performance.now() - started;
      });
    await ask();
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      warm.push(await ask());
      await stopExtensionWorker(launched.browser);
      await page.bringToFront();
      cold.push(await ask());
    }
    return {
      id: 'P4c',
      name: 'worker cold start → first answered message, p95',
      value: Math.round(percentile(cold, 95)),
      unit: 'ms',
      target: 150,
      compare: '<=',
      detail: `p50 ${Math.round(percentile(cold, 50))} ms, p95 ${Math.round(percentile(cold, 95))} ms over ${cold.length} stops (chrome://serviceworker-internals); a warm worker answers in ${round(percentile(warm, 50), 1)} ms`,
    };
  } finally {
    await launched.close();
  }
}

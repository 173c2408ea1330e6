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
  return [
    { id: 'P4a', name: 'content script, gzip', value: round(content, 1), unit: 'KB', target: 20, compare: '<=' },
    { id: 'P4b', name: 'background, gzip', value: round(background, 1), unit: 'KB', target: 150, compare: '<=', detail: 'no target in the issue; jsforce is most of it' },
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
 * P5: the page's script time during heavy churn, with the extension divided by without, measured
 * in alternating rounds in the same run (the median ratio is reported).
 */
export async function churnCost(options: { seconds: number; rounds: number; mutationsPerSecond: number }): Promise<Figure> {
  const standin = await startStandin({ port: 0 });
  const withExtension = await launchBrowser();
  const without = await launchBrowser({ extension: false });
  try {
    const pageWith = await withExtension.browser.newPage();
    await pageWith.goto(standin.url);
    await waitForSidebarElement(pageWith, 'aside');
    const pageWithout = await without.browser.newPage();
    await pageWithout.goto(standin.url);
    await pageWithout.waitForFunction(() => Boolean(window.dialpadStandin));

    const churn = (page: Page) => () =>
      page.evaluate((o) => window.dialpadStandin.churn(o), { mutationsPerSecond: options.mutationsPerSecond, seconds: options.seconds });
    const ratios: number[] = [];
    const samples: string[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const a = await scriptSeconds(pageWithout, churn(pageWithout));
      const b = await scriptSeconds(pageWith, churn(pageWith));
      ratios.push(b / a);
      samples.push(`${(b * 1000).toFixed(0)}/${(a * 1000).toFixed(0)} ms`);
    }
    ratios.sort((x, y) => x - y);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    return {
      id: 'P5',
      name: `page script time during churn (~${options.mutationsPerSecond} mutations/s), with ÷ without`,
      value: round(median, 3),
      unit: '×',
      target: 1.02,
      compare: '<=',
      detail: `median of ${options.rounds} rounds of ${options.seconds} s; with/without: ${samples.join(', ')}`,
    };
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
      name: 'worker cold start → first answered message',
      value: Math.round(percentile(cold, 50)),
      unit: 'ms',
      target: 150,
      compare: '<=',
      detail: `p50 ${Math.round(percentile(cold, 50))} ms, p95 ${Math.round(percentile(cold, 95))} ms over ${cold.length} stops (chrome://serviceworker-internals); a warm worker answers in ${round(percentile(warm, 50), 1)} ms`,
    };
  } finally {
    await launched.close();
  }
}

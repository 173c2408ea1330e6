/**
 * P4 and P5: what the extension costs the browser — the size of what it ships, and the main-thread
 * script time it adds to the Dialpad page while the page churns its DOM.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { startStandin } from '../standin/server';
import { launchBrowser, waitForSidebarElement } from '../tests/e2e/harness';
import type { Figure } from './figures';
import { round } from './figures';

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

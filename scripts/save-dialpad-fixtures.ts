/**
 * Saves the Dialpad stand-in's markup for every view the reader reads, as HTML fixtures for the
 * selector unit tests (tests/fixtures/dialpad/*.html). Run: `npx tsx scripts/save-dialpad-fixtures.ts`.
 * The first line of each file is a comment with the URL the page was at.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { startStandin } from '../standin/server';
import { launchBrowser, ROOT_DIR } from '../tests/e2e/harness';

const OUT = path.join(ROOT_DIR, 'tests/fixtures/dialpad');

async function save(page: Page, name: string): Promise<void> {
  const { url, html } = await page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    for (const node of clone.querySelectorAll('script, #standin-seed, [data-standin-drawer]')) node.remove();
    return { url: location.pathname, html: clone.outerHTML };
  });
  await writeFile(path.join(OUT, `${name}.html`), `<!-- url: ${url} -->\n<!doctype html>\n${html}\n`);
  console.log(`  ${name}.html  (${url})`);
}

const standin = await startStandin({ port: 0 });
const launched = await launchBrowser({ extension: false });
try {
  const page = await launched.browser.newPage();
  await page.goto(standin.url);
  const api = <T>(fn: () => T | Promise<T>) => page.evaluate(fn);
  await api(() => window.dialpadStandin.useManualClock());

  await api(() => window.dialpadStandin.showContact('5629499534213120'));
  await save(page, 'contact');
  await api(() => window.dialpadStandin.showCoworker('6473924464345088'));
  await save(page, 'coworker');

  await api(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
  await save(page, 'ringing');
  await api(() => window.dialpadStandin.answer());
  await api(() => window.dialpadStandin.advance(95));
  await save(page, 'connected');
  await api(() => window.dialpadStandin.hold());
  await save(page, 'on-hold');
  await api(() => window.dialpadStandin.unhold());
  await api(() => window.dialpadStandin.hangUp());
  await save(page, 'ended');

  await api(() => window.dialpadStandin.outgoingCall({ number: '+81312345678' }));
  await save(page, 'dialing');
  await api(() => window.dialpadStandin.hangUp());

  await api(() => window.dialpadStandin.incomingCall({ number: '+16465550142', name: 'Dana Whitfield' }));
  await api(() => window.dialpadStandin.missCall());
  await save(page, 'missed');
  await api(() => window.dialpadStandin.incomingCall({ number: '+81312345678' }));
  await api(() => window.dialpadStandin.leaveVoicemail());
  await save(page, 'voicemail');

  await api(() => window.dialpadStandin.navigate('/app/history/all'));
  await save(page, 'history');
} finally {
  await launched.close();
  await standin.close();
}

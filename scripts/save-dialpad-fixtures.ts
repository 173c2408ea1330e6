/**
 * Saves the Dialpad stand-in's markup for every view the reader reads, in every Dialtone generation
 * and language, as HTML fixtures for the selector unit tests:
 * tests/fixtures/dialpad/<2024|2023>-<ja|en>/<view>.html. Run: `npx tsx scripts/save-dialpad-fixtures.ts`.
 * The first line of each file is a comment with the URL the page was at.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { startStandin } from '../standin/server';
import { LANGS, MARKUPS } from '../standin/types';
import { launchBrowser, ROOT_DIR } from '../tests/e2e/harness';

const OUT = path.join(ROOT_DIR, 'tests/fixtures/dialpad');

async function save(page: Page, dir: string, name: string): Promise<void> {
  const { url, html } = await page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    for (const node of clone.querySelectorAll('script, #standin-seed, #standin-config, [data-standin-control]')) node.remove();
    return { url: location.pathname, html: clone.outerHTML };
  });
  await writeFile(path.join(dir, `${name}.html`), `<!-- url: ${url} -->\n<!doctype html>\n${html}\n`);
  console.log(`  ${path.relative(OUT, dir)}/${name}.html  (${url})`);
}

const launched = await launchBrowser({ extension: false });
try {
  for (const markup of MARKUPS) {
    for (const lang of LANGS) {
      const dir = path.join(OUT, `${markup}-${lang}`);
      await mkdir(dir, { recursive: true });
      const standin = await startStandin({ port: 0, markup, lang });
      const page = await launched.browser.newPage();
      try {
        await page.goto(standin.url);
        await page.waitForSelector('html[data-standin-ready=true]');
        const api = <T>(fn: () => T | Promise<T>) => page.evaluate(fn);
        await api(() => window.dialpadStandin.useManualClock());

        await api(() => window.dialpadStandin.showContact('5629499534213120'));
        await save(page, dir, 'contact');
        await api(() => window.dialpadStandin.showContact('5348024557502465'));
        await save(page, dir, 'contact-extension');
        await api(() => window.dialpadStandin.showCoworker('6473924464345088'));
        await save(page, dir, 'coworker');

        await api(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
        await save(page, dir, 'ringing');
        await api(() => window.dialpadStandin.answer());
        await api(() => window.dialpadStandin.advance(95));
        await save(page, dir, 'connected');
        await api(() => window.dialpadStandin.hold());
        await api(() => window.dialpadStandin.advance(8));
        await save(page, dir, 'on-hold');
        await api(() => window.dialpadStandin.unhold());
        await api(() => window.dialpadStandin.hangUp());
        await save(page, dir, 'ended');

        await api(() => window.dialpadStandin.outgoingCall({ number: '+81312345678' }));
        await save(page, dir, 'dialing');
        await api(() => window.dialpadStandin.hangUp());

        await api(() => window.dialpadStandin.incomingCall({ number: '+1 415-555-0142' }));
        await save(page, dir, 'ringing-coworker');
        await api(() => window.dialpadStandin.decline());

        await api(() => window.dialpadStandin.incomingCall({ number: '+1 415-555-0186 ext. 12' }));
        await api(() => window.dialpadStandin.answer());
        await save(page, dir, 'connected-extension');
        await api(() => window.dialpadStandin.hangUp());

        await api(() => window.dialpadStandin.incomingCall({ number: '+16465550142', name: 'Dana Whitfield' }));
        await api(() => window.dialpadStandin.missCall());
        await save(page, dir, 'missed');
        await api(() => window.dialpadStandin.incomingCall({ number: '+81312345678' }));
        await api(() => window.dialpadStandin.leaveVoicemail());
        await save(page, dir, 'voicemail');

        await page.evaluate((title) => window.dialpadStandin.startMeeting({ title, participants: 3 }), lang === 'ja' ? '週次定例' : 'Weekly sync');
        await api(() => window.dialpadStandin.advance(61));
        await save(page, dir, 'meeting');
        await api(() => window.dialpadStandin.endMeeting());

        await api(() => window.dialpadStandin.addHistoryCall({ number: '+1 415-555-0100', direction: 'inbound', entryPointId: '4000000000000042', durationSeconds: 192, device: 'Dialpad web' }));
        await api(() => window.dialpadStandin.navigate('/app/history/all'));
        await save(page, dir, 'history');

        const second = await launched.browser.newPage();
        await second.goto(standin.url);
        await second.waitForSelector('html[data-standin-ready=true]');
        await save(second, dir, 'second-tab');
        await second.close();
      } finally {
        await page.close();
        await standin.close();
      }
    }
  }
} finally {
  await launched.close();
}

/**
 * `npm run demo`: builds the extension, starts the Salesforce demo org (emulator) and the Dialpad
 * stand-in, and launches Chromium with the extension loaded.
 *   - With a display: a window to click around in; Ctrl+C (or closing the browser) ends the demo.
 *   - Without one, or with --headless: a scripted walkthrough that writes screenshots to
 *     demo-output/ and prints what happened, then the card gallery: one person's whole card in
 *     English and Japanese, light and dark, at 1280×800 and 1920×1080, each checked to fit above
 *     the fold.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { startEmulator } from '../emulator/server';
import { startStandin } from '../standin/server';
import type { RunningEmulator } from '../emulator/server';
import { ROOT_DIR, extensionWorker, launchBrowser, readSidebar, waitForSidebar, waitForSidebarElement } from '../tests/e2e/harness';
import { connectFromSidebar, useEmulator } from '../tests/e2e/salesforce';
import { BrowserNotFound, browserForTests } from './browser/find-browser';

const OUTPUT_DIR = path.join(ROOT_DIR, 'demo-output');
const DATA_FILE = path.join(ROOT_DIR, '.emulator-data/demo-org.json');

function parseArgs(argv: string[]) {
  const known = new Set(['--headless', '--no-build', '--help']);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length || argv.includes('--help')) {
    console.error('Usage: npm run demo -- [--headless] [--no-build]');
    process.exit(unknown.length ? 2 : 0);
  }
  return { headless: argv.includes('--headless') || !process.env.DISPLAY, build: !argv.includes('--no-build') };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Before building: without a browser that loads unpacked extensions there is no demo.
  console.log(`Browser: ${browserForTests().path} (${browserForTests().source})`);
  if (options.build) {
    console.log('Building the extension (test build: it may also run on 127.0.0.1)…');
    execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build', '--mode', 'e2e'], { cwd: ROOT_DIR, stdio: 'pipe' });
  }
  await mkdir(path.dirname(DATA_FILE), { recursive: true });
  const salesforce = await startEmulator({ port: 0, dataPath: DATA_FILE });
  const dialpad = await startStandin({ port: 0 });
  console.log(`Salesforce demo org: ${salesforce.url} (consumer key ${salesforce.consumerKey})`);
  console.log(`Dialpad stand-in:    ${dialpad.url}`);

  const launched = await launchBrowser({ headless: options.headless, width: 1440, height: 900 });
  // The extension signs in to the demo org (the settings a user or an admin would enter).
  await useEmulator(await extensionWorker(launched.browser), salesforce, { defaultRegion: 'US' });
  const stop = async () => {
    await launched.close();
    await dialpad.close();
    await salesforce.close();
  };
  try {
    const page = (await launched.browser.pages())[0] ?? (await launched.browser.newPage());
    await page.goto(dialpad.url);
    await waitForSidebarElement(page, 'aside');
    if (options.headless) {
      await walkThrough(page, launched.browser, salesforce);
      await stop();
      await shootGallery();
    } else {
      console.log('\nThe browser is open. Close it or press Ctrl+C to end the demo.');
      process.once('SIGINT', () => void stop().then(() => process.exit(0)));
      await new Promise<void>((resolve) => launched.browser.once('disconnected', () => resolve()));
      await dialpad.close();
      await salesforce.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function walkThrough(page: Page, browser: import('puppeteer-core').Browser, salesforce: RunningEmulator): Promise<void> {
  await rm(OUTPUT_DIR, { recursive: true, force: true });
  await mkdir(OUTPUT_DIR, { recursive: true });
  let step = 0;
  const shoot = async (name: string, what: string) => {
    step += 1;
    const file = path.join(OUTPUT_DIR, `${String(step).padStart(2, '0')}-${name}.png`) as `${string}.png`;
    await page.screenshot({ path: file });
    console.log(`  ${step}. ${what} → ${path.relative(ROOT_DIR, file)}`);
  };

  console.log('\nScripted walkthrough (headless):');
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state]:not([data-state=checking])'));
  await shoot('sidebar', 'The sidebar beside Dialpad, not yet connected');

  await connectFromSidebar(page, browser);
  await shoot('connected', 'Connected to the demo org through its consent page (OAuth with PKCE)');

  const cardName = (name: string) => waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === n, name);
  await page.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
  await cardName('Ben Carter');
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false]'));
  await shoot('card', "Ben Carter's Salesforce card: owner, title, company, stage, next steps, past activity");

  await page.evaluate(() => window.dialpadStandin.showContact('4573968371548160'));
  await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=candidates] button').length > 1);
  await shoot('several', "Northwind's main line: several Salesforce matches to pick from");

  await page.evaluate(() => window.dialpadStandin.showContact('6192449487634432'));
  await cardName('山田 太郎');
  await shoot('japanese', 'A number stored in another format (03-1234-5678) still matches');

  await page.evaluate(() => window.dialpadStandin.useManualClock());
  const fate = (which: string) => readSidebar(page, (root, id) => root.querySelector(`[data-testid=${id}] [data-testid=call-fate]`)?.textContent ?? '', which);
  const fateSettled = (which: string) => waitForSidebar(page, (root, id) => root.querySelector(`[data-testid=${id}] [data-testid=call-fate]:not([data-fate=looking-up])`), which);
  await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
  await fateSettled('live-call');
  await shoot('ringing', `An incoming call rings; the call strip says: "${(await fate('live-call')) ?? ''}"`);
  const live = await page.evaluate(() => window.dialpadStandin.answer());
  await page.evaluate(() => window.dialpadStandin.advance(95));
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="95"]'));
  await shoot('connected-call', `The call is answered and running (1:35), the note one click away: "${(await fate('live-call')) ?? ''}"`);
  await page.evaluate(() => window.dialpadStandin.hangUp());
  // The live call shows no id; its row in the call history gives it one, and the Task is logged under it.
  await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
  const deadline = Date.now() + 20_000;
  let task: Record<string, unknown> | undefined;
  while (!task && Date.now() < deadline) {
    task = (salesforce.emulator.control.records('Task') as Array<Record<string, unknown>>).find((t) => t.CallObject === live.callId);
    if (!task) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await page.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
  await cardName('Ben Carter');
  const past = await readSidebar(page, (root) => root.querySelector('[data-testid=past-activity] [data-field=subject]')?.textContent);
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-fate=logged]'));
  await shoot('logged', `The call was logged as a Task: "${String(task?.Subject ?? 'not yet')}" (${String(task?.CallDurationInSeconds ?? '?')} s); the strip says "${(await fate('last-call')) ?? ''}", with a link to it; first in Past activity: "${past ?? ''}"`);

  const collapse = await waitForSidebarElement(page, '[data-testid=collapse]');
  await collapse.click();
  await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=true]'));
  await shoot('collapsed', 'The sidebar collapsed to a rail (Alt+Shift+S toggles it)');
  const expand = await waitForSidebarElement(page, '[data-testid=expand]');
  await expand.click();
  console.log(`\nScreenshots are in ${path.relative(ROOT_DIR, OUTPUT_DIR)}/.`);
}

const GALLERY_PEOPLE = {
  en: { contactId: '5629499534213120', name: 'Ben Carter', number: '+14155550100' },
  ja: { contactId: '6192449487634432', name: '山田 太郎', number: '+81312345678' },
} as const;
/** The README's picture: the call strip above the whole card, on a laptop screen. */
const README_SHOT = 'call-en-light-1280x800.png';
const GALLERY_SIZES = [
  [1280, 800],
  [1920, 1080],
] as const;

/**
 * The card of a person with two next steps and three past activities, on a fresh demo org, in every
 * language, theme and screen size the sidebar is made for. Each shot says whether the whole card is
 * above the fold (the sidebar's body does not scroll).
 */
async function shootGallery(): Promise<void> {
  console.log('\nThe card, in English and Japanese, light and dark, at 1280×800 and 1920×1080, then during and after a call:');
  const salesforce = await startEmulator({ port: 0 });
  try {
    for (const lang of ['en', 'ja'] as const) {
      // Dialpad in the browser's language, as a user sees it: an English sidebar beside English Dialpad.
      const dialpad = await startStandin({ port: 0, lang });
      const launched = await launchBrowser({ lang, width: GALLERY_SIZES[0][0], height: GALLERY_SIZES[0][1] });
      try {
        await useEmulator(await extensionWorker(launched.browser), salesforce, { defaultRegion: lang === 'ja' ? 'JP' : 'US' });
        const page = (await launched.browser.pages())[0] ?? (await launched.browser.newPage());
        await page.goto(dialpad.url);
        // The stand-in's own test controls are not Dialpad's.
        await page.addStyleTag({ content: '[data-standin-control] { display: none !important; }' });
        await waitForSidebarElement(page, 'aside');
        await connectFromSidebar(page, launched.browser);
        const person = GALLERY_PEOPLE[lang];
        await page.evaluate((id) => window.dialpadStandin.showContact(id), person.contactId);
        await waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === n, person.name);
        for (const theme of ['light', 'dark'] as const) {
          await page.evaluate((th) => window.dialpadStandin.setTheme(th), theme);
          for (const [width, height] of GALLERY_SIZES) {
            await page.setViewport({ width, height });
            await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
            await shootFitting(page, `card-${lang}-${theme}-${width}x${height}.png`, `${person.name}, ${lang}, ${theme}, ${width}×${height}`);
          }
        }
        // The call strip above the card: what will happen during the call, what happened after it.
        await page.evaluate(() => window.dialpadStandin.setTheme('light'));
        await page.setViewport({ width: GALLERY_SIZES[0][0], height: GALLERY_SIZES[0][1] });
        await page.evaluate(() => window.dialpadStandin.useManualClock());
        await page.evaluate((p) => window.dialpadStandin.incomingCall({ number: p.number, name: p.name }), person);
        await page.evaluate(() => window.dialpadStandin.answer());
        await page.evaluate(() => window.dialpadStandin.advance(170));
        await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="170"] [data-fate=will-log]'));
        await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false]'));
        await shootFitting(page, `call-${lang}-light-1280x800.png`, `${person.name}, ${lang}, light, during a call`);
        await page.evaluate(() => window.dialpadStandin.hangUp());
        await waitForSidebarElement(page, '[data-testid=last-call]');
        // The call's history row gives it Dialpad's id (the page shows none live), and it is logged at once.
        await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
        await waitForSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-fate=logged]'));
        await page.evaluate(() => window.dialpadStandin.setTheme('dark'));
        await page.evaluate((id) => window.dialpadStandin.showContact(id), person.contactId);
        await waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === n, person.name);
        await shootFitting(page, `logged-${lang}-dark-1280x800.png`, `${person.name}, ${lang}, dark, the call logged`);
      } finally {
        await launched.close();
        await dialpad.close();
      }
    }
  } finally {
    await salesforce.close();
  }
  await copyFile(path.join(OUTPUT_DIR, README_SHOT), path.join(ROOT_DIR, 'docs/assets/sidebar.png'));
  console.log(`  The README's picture, docs/assets/sidebar.png, is ${README_SHOT}.`);
}

/** A screenshot, and whether the whole card shows above the fold (the sidebar's body does not scroll). */
async function shootFitting(page: Page, name: string, what: string): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const fit = await readSidebar(page, (root) => {
    const body = root.querySelector('.sfsd-body')!;
    const card = root.querySelector('[data-testid=record-card]:not([data-partial])')!;
    return { fits: body.scrollHeight <= body.clientHeight && card.getBoundingClientRect().bottom <= window.innerHeight, bottom: Math.round(card.getBoundingClientRect().bottom) };
  });
  const file = path.join(OUTPUT_DIR, name) as `${string}.png`;
  await page.screenshot({ path: file });
  const verdict = fit?.fits ? 'the whole card is above the fold' : `THE CARD DOES NOT FIT (it ends at ${fit?.bottom ?? '?'} px)`;
  console.log(`  ${what}: ${verdict} → ${path.relative(ROOT_DIR, file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof BrowserNotFound ? error.message : error instanceof Error ? error.stack : error);
  process.exit(1);
});

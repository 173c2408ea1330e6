/**
 * `npm run demo`: builds the extension, starts the Salesforce demo org (emulator) and the Dialpad
 * stand-in, and launches Chromium with the extension loaded.
 *   - With a display: a window to click around in; Ctrl+C (or closing the browser) ends the demo.
 *   - Without one, or with --headless: a scripted walkthrough that writes screenshots to
 *     demo-output/ and prints what happened.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { startEmulator } from '../emulator/server';
import { startStandin } from '../standin/server';
import { ROOT_DIR, launchBrowser, waitForSidebar, waitForSidebarElement } from '../tests/e2e/harness';

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
      await walkThrough(page);
      await stop();
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

async function walkThrough(page: Page): Promise<void> {
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
  await shoot('sidebar', 'The sidebar beside Dialpad, with the Salesforce connection state');

  const contactId = await page.evaluate(() => window.dialpadStandin.state().contacts[0]?.id);
  if (contactId) {
    await page.evaluate((id) => window.dialpadStandin.showContact(id), contactId);
    await shoot('contact', 'A Dialpad contact in view');
  }

  await page.evaluate(() => window.dialpadStandin.useManualClock());
  await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
  await shoot('ringing', 'An incoming call rings');
  await page.evaluate(() => window.dialpadStandin.answer());
  await page.evaluate(() => window.dialpadStandin.advance(95));
  await shoot('connected', 'The call is answered and running (1:35)');
  await page.evaluate(() => window.dialpadStandin.hold());
  await shoot('on-hold', 'The call is on hold');
  await page.evaluate(() => window.dialpadStandin.unhold());
  await page.evaluate(() => window.dialpadStandin.hangUp());
  await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
  const history = await page.evaluate(() => window.dialpadStandin.history());
  await shoot('history', `Call history: the call just made has id ${history[0]?.callId ?? '?'}`);

  const collapse = await waitForSidebarElement(page, '[data-testid=collapse]');
  await collapse.click();
  await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=true]'));
  await shoot('collapsed', 'The sidebar collapsed to a rail (Alt+Shift+S toggles it)');
  const expand = await waitForSidebarElement(page, '[data-testid=expand]');
  await expand.click();
  console.log(`\nScreenshots are in ${path.relative(ROOT_DIR, OUTPUT_DIR)}/.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

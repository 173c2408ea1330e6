/**
 * `npm run screenshots`: the Chrome Web Store / Edge Add-ons screenshots (1280×800), in English and
 * Japanese, taken from the real extension on the demo org and the Dialpad stand-in, into
 * docs/store/screenshots/<lang>/ (or `--out <dir>`, as CI does to keep the script working). Run it
 * again whenever the sidebar's look changes, and commit the images.
 *
 * Staging, and only this: the stand-in's own test controls are hidden, and the demo org's local
 * address (127.0.0.1:port) is shown as the My Domain host a real org has.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { startStandin } from '../standin/server';
import { ROOT_DIR, clickInSidebar, evaluateInWorld, extensionWorker, launchBrowser, waitForSidebar, waitForSidebarElement, SIDEBAR_TAG } from '../tests/e2e/harness';
import { connectFromSidebar, useEmulator } from '../tests/e2e/salesforce';
import { BrowserNotFound, browserForTests } from './browser/find-browser';

const DEFAULT_OUT_DIR = path.join(ROOT_DIR, 'docs/store/screenshots');
const SHOWN_HOST = 'brightwave.my.salesforce.com';
const BEN = '5629499534213120';
const NORTHWIND = '4573968371548160';
const YAMADA = '6192449487634432';
const LANGUAGES = ['en', 'ja'] as const;
type Language = (typeof LANGUAGES)[number];

const TODO: Record<Language, { subject: string; note: string }> = {
  en: { subject: 'Send the signed quote', note: 'Ben wants the fleet pricing before Friday.' },
  ja: { subject: '署名済みの見積書を送付', note: '金曜までにフリート価格の提示を希望。' },
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf('--out');
  const outDir = outAt >= 0 && argv[outAt + 1] ? path.resolve(argv[outAt + 1]!) : DEFAULT_OUT_DIR;
  const known = argv.filter((a, i) => a === '--no-build' || (outAt >= 0 && (i === outAt || i === outAt + 1)));
  if (known.length !== argv.length || (outAt >= 0 && !argv[outAt + 1])) {
    console.error('Usage: npm run screenshots -- [--no-build] [--out <dir>]');
    process.exit(2);
  }
  console.log(`Browser: ${browserForTests().path}`);
  if (!argv.includes('--no-build')) {
    console.log('Building the extension (test build: it may also run on 127.0.0.1)…');
    execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build', '--mode', 'e2e'], { cwd: ROOT_DIR, stdio: 'pipe' });
  }
  for (const lang of LANGUAGES) {
    // A fresh org per language: the same records, no calls logged by the other run.
    const salesforce = await startEmulator({ port: 0 });
    // Dialpad in the same language as the browser: today's Dialtone.
    const dialpad = await startStandin({ port: 0, markup: '2024', lang: lang === 'ja' ? 'ja' : 'en' });
    try {
      await shootLanguage(lang, salesforce, dialpad.url, path.join(outDir, lang));
    } finally {
      await dialpad.close();
      await salesforce.close();
    }
  }
  console.log(`Screenshots are in ${path.relative(ROOT_DIR, outDir)}/.`);
}

async function shootLanguage(lang: Language, salesforce: RunningEmulator, dialpadUrl: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const launched = await launchBrowser({ lang, width: 1280, height: 800 });
  try {
    const browser = launched.browser;
    await useEmulator(await extensionWorker(browser), salesforce, { defaultRegion: lang === 'ja' ? 'JP' : 'US' });
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(dialpadUrl);
    await page.addStyleTag({ content: '[data-standin-control] { display: none !important; }' });
    await waitForSidebarElement(page, 'aside');
    await connectFromSidebar(page, browser);
    const localHost = new URL(salesforce.url).host;
    let step = 0;
    const shoot = async (target: Page, name: string) => {
      step += 1;
      await showRealHost(target, localHost);
      const file = path.join(dir, `${String(step).padStart(2, '0')}-${name}.png`) as `${string}.png`;
      await target.screenshot({ path: file });
      console.log(`  ${lang} ${path.relative(ROOT_DIR, file)}`);
    };
    const cardOf = async (contactId: string, name: string) => {
      await page.evaluate((id) => window.dialpadStandin.showContact(id), contactId);
      await waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === n, name);
      await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false]'));
    };

    await cardOf(lang === 'ja' ? YAMADA : BEN, lang === 'ja' ? '山田 太郎' : 'Ben Carter');
    await shoot(page, 'card');

    await page.evaluate((id) => window.dialpadStandin.showContact(id), NORTHWIND);
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=candidates] button').length > 1);
    await shoot(page, 'several-matches');

    await cardOf(BEN, 'Ben Carter');
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(95));
    // The call strip says where the call goes; its Add note opens the ToDo form on the call.
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="95"] [data-fate=will-log]'));
    await clickInSidebar(page, '[data-testid=live-call] [data-testid=call-note]');
    const form = await waitForSidebarElement(page, '[data-testid=todo-form]');
    await (await form.$('[name=subject]'))!.type(TODO[lang].subject);
    await (await form.$('[name=note]'))!.type(TODO[lang].note);
    await shoot(page, 'note-during-call');

    await clickInSidebar(page, '[data-testid=todo-save]');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=todo-saved]'));
    await clickInSidebar(page, '[data-testid=todo-close]');
    await page.evaluate(() => window.dialpadStandin.hangUp());
    // The call's history row gives it Dialpad's id (the page shows none during the call).
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    // The note and the call become one Task in the org; Ben's card then lists it under Past activity.
    const tasks = () => salesforce.emulator.control.records('Task') as Array<Record<string, unknown>>;
    for (const deadline = Date.now() + 20_000; !tasks().some((task) => task.Subject === TODO[lang].subject); ) {
      if (Date.now() > deadline) throw new Error('The call was not logged within 20 s.');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await cardOf(BEN, 'Ben Carter');
    await waitForSidebar(page, (root, subject) => root.querySelector('[data-testid=past-activity] [data-field=subject]')?.textContent === subject, TODO[lang].subject);
    // The strip above the card says so too, with a link to the Task; the new Task heads Past activity.
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-fate=logged]'));
    await shoot(page, 'call-logged');

    const options = await browser.newPage();
    await options.setViewport({ width: 1280, height: 800 });
    await options.goto(`chrome-extension://${(await extensionId(browser))}/options.html`);
    await options.waitForSelector('[data-setting=loginHost]');
    await shoot(options, 'settings');
  } finally {
    await launched.close();
  }
}

async function extensionId(browser: Browser): Promise<string> {
  const worker = await extensionWorker(browser);
  return worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { id: string } } }).chrome.runtime.id);
}

/** The demo org runs on 127.0.0.1: show the host a real org has, in the page and in the sidebar. */
async function showRealHost(page: Page, localHost: string): Promise<void> {
  // The same walk over the page, and over the sidebar's closed root from the content script's world.
  const replaceIn = (root: Document | ShadowRoot, from: string, to: string) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue?.includes(from)) node.nodeValue = node.nodeValue.split(from).join(to);
    }
    for (const input of root.querySelectorAll('input')) {
      // The login host field holds the org's URL; a My Domain is entered as its bare host.
      if (input.value.includes(from)) input.value = to;
    }
  };
  await page.evaluate(`(${replaceIn.toString()})(document, ${JSON.stringify(localHost)}, ${JSON.stringify(SHOWN_HOST)})`);
  if (!page.url().startsWith('chrome-extension://')) {
    await evaluateInWorld(page, `(${replaceIn.toString()})(chrome.dom.openOrClosedShadowRoot(document.querySelector(${JSON.stringify(SIDEBAR_TAG)})), ${JSON.stringify(localHost)}, ${JSON.stringify(SHOWN_HOST)})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BrowserNotFound ? error.message : error instanceof Error ? error.stack : error);
  process.exit(1);
});

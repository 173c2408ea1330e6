import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startStandin } from '../../standin/server';
import { clickInSidebar, E2E_EXTENSION_ID, extensionWorker, launchBrowser, readSidebar, waitForSidebar, waitForSidebarElement, type LaunchedBrowser } from './harness';
import { connectFromSidebar, storageDump, useEmulator, workerHooks } from './salesforce';

type Standin = Awaited<ReturnType<typeof startStandin>>;
const BEN = '5629499534213120';
const YAMADA = '6192449487634432';
const DANA = '5910974510923776';

let emulator: RunningEmulator;
let standin: Standin;
let profile: string;
let launched: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  standin = await startStandin({ port: 0 });
  profile = await mkdtemp(path.join(tmpdir(), 'sfsd-connection-'));
  launched = await launchBrowser({ userDataDir: profile });
  await useEmulator(await extensionWorker(launched.browser), emulator, { defaultRegion: 'US' });
  page = await openDialpad();
});
afterAll(async () => {
  await launched?.close();
  await rm(profile, { recursive: true, force: true });
  await standin?.close();
  await emulator?.close();
});

async function openDialpad(): Promise<Page> {
  const p = await launched.browser.newPage();
  await p.goto(standin.url);
  await waitForSidebarElement(p, 'aside');
  return p;
}

async function cardOf(p: Page, contactId: string, name: string): Promise<void> {
  await p.evaluate((id) => window.dialpadStandin.showContact(id), contactId);
  await waitForSidebar(p, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === n, name);
}

const refreshGrants = (mark: number) => emulator.emulator.control.requestsSince(mark).requests.filter((r) => r.grantType === 'refresh_token').length;

describe('the Salesforce connection end to end (S1, S3)', () => {
  it('connects through the consent page and shows who is connected, with tokens only where they belong', async () => {
    await connectFromSidebar(page, launched.browser);
    // Who is connected sits behind the header's connection button.
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    const who = await readSidebar(page, (root) => root.querySelector('[data-testid=connected-user]')?.textContent);
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    expect(who).toBe(`Alex Morgan (alex.morgan@brightwave.example) on ${new URL(emulator.url).host}`);
    const stored = await storageDump(await extensionWorker(launched.browser));
    const access = (stored.session['salesforce.access'] as { accessToken: string }).accessToken;
    expect(access).toBeTruthy();
    // The access token is in session storage only; the refresh token is stored sealed.
    expect(JSON.stringify(stored.local)).not.toContain(access);
    expect(JSON.stringify(stored.sync)).not.toContain(access);
    const connection = stored.local['salesforce.connection'] as { refreshToken: { iv: string; data: string } };
    expect(Object.keys(connection.refreshToken).sort()).toEqual(['data', 'iv']);
  });

  it('never lets a token into the page or into a reply the page can receive', async () => {
    await cardOf(page, BEN, 'Ben Carter');
    const worker = await extensionWorker(launched.browser);
    const access = ((await storageDump(worker)).session['salesforce.access'] as { accessToken: string }).accessToken;
    const pageText = (await page.evaluate(() => document.documentElement.outerHTML)) + ((await readSidebar(page, (root) => root.innerHTML)) ?? '');
    expect(pageText).not.toContain(access);
    // Every request type a content script may send, answered by the real background.
    const options = await launched.browser.newPage();
    await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    const replies = await options.evaluate(async () => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime;
      const send = (message: object) => runtime.sendMessage(message);
      const person = { phones: ['+14155550100'], dialpadContactId: null };
      return JSON.stringify([
        await send({ type: 'getStatus' }),
        await send({ type: 'getSettings' }),
        await send({ type: 'matchPerson', person, mode: 'cached' }),
        await send({ type: 'matchPerson', person, mode: 'fresh' }),
        await send({ type: 'getOutbox' }),
        await send({ type: 'nonsense' }),
      ]);
    });
    expect(replies).toContain('Ben Carter');
    expect(replies).not.toContain(access);
    expect(replies).not.toMatch(/refresh_?token"\s*:/i);
    await options.close();
  });

  it('refreshes an expired session silently, once', async () => {
    emulator.emulator.control.expireAccessTokens();
    const mark = emulator.emulator.control.mark();
    await cardOf(page, YAMADA, '山田 太郎');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false]'));
    expect(refreshGrants(mark)).toBe(1);
  });

  it('survives a browser restart on the same profile, with the pick among several matches', async () => {
    await page.evaluate(() => window.dialpadStandin.showContact('4573968371548160'));
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=candidates] button[data-record-id]').length === 3);
    const second = await waitForSidebarElement(page, '[data-testid=candidates] li:nth-child(2) button[data-record-id]');
    const picked = await second.evaluate((button) => button.querySelector('.sfsd-candidate__name')!.textContent!);
    await second.click();
    await waitForSidebar(page, (root, name) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === name, picked);
    await launched.close();
    launched = await launchBrowser({ userDataDir: profile });
    page = await openDialpad();
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=connected]'));
    // Session storage is gone: the first request refreshes with the sealed refresh token.
    const mark = emulator.emulator.control.mark();
    await page.evaluate((id) => window.dialpadStandin.showContact(id), DANA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=no-match]'));
    expect(refreshGrants(mark)).toBe(1);
    await page.evaluate(() => window.dialpadStandin.showContact('4573968371548160'));
    await waitForSidebar(page, (root, name) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === name, picked);
  });

  it("says 'needs reconnect' when the refresh token is revoked, and reconnects from the sidebar's button", async () => {
    emulator.emulator.control.revokeRefreshTokens();
    // Someone the sidebar must ask Salesforce about: "nobody" is cached for a minute too (#17), so
    // the cache is emptied first.
    await workerHooks(await extensionWorker(launched.browser)).clearMatchingData();
    await page.evaluate((id) => window.dialpadStandin.showContact(id), DANA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=needs-reconnect]'));
    await connectFromSidebar(page, launched.browser);
    await cardOf(page, BEN, 'Ben Carter');
  });

  it('disconnects: revoked at Salesforce, and no token or cached record left in the browser', async () => {
    const options = await launched.browser.newPage();
    options.on('dialog', (dialog) => void dialog.accept());
    await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    const mark = emulator.emulator.control.mark();
    await (await options.waitForSelector('[data-testid=options-disconnect]'))!.click();
    await options.waitForSelector('[data-testid=options-connection][data-state=disconnected]');
    const revokes = emulator.emulator.control.requestsSince(mark).requests.filter((r) => r.path === '/services/oauth2/revoke');
    expect(revokes).toMatchObject([{ method: 'POST', status: 200 }]);
    const stored = await storageDump(await extensionWorker(launched.browser));
    expect(Object.keys(stored.session)).not.toContain('salesforce.access');
    expect(Object.keys(stored.local).filter((key) => /salesforce\.connection|matching\./.test(key))).toEqual([]);
    // Matching's cache, picks and "Related to" (the extension's database) are empty too (#17).
    expect(await workerHooks(await extensionWorker(launched.browser)).matchingCounts()).toEqual({ cache: 0, alias: 0, picks: 0, related: 0 });
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=disconnected]'));
    await options.close();
  });

  it('opens Settings from the header menu, and Disconnect there continues on the settings page (S3)', async () => {
    await connectFromSidebar(page, launched.browser);
    const optionsPage = async () => {
      const target = await launched.browser.waitForTarget((t) => t.type() === 'page' && t.url() === `chrome-extension://${E2E_EXTENSION_ID}/options.html`, { timeout: 15_000 });
      return (await target.page())!;
    };
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    await clickInSidebar(page, '[data-testid=open-settings]');
    await (await optionsPage()).close();
    await page.bringToFront();
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    await clickInSidebar(page, '[data-testid=disconnect]');
    // A Dialpad page may not disconnect by itself: the settings page asks, and does it.
    const options = await optionsPage();
    options.on('dialog', (dialog) => void dialog.accept());
    const mark = emulator.emulator.control.mark();
    await (await options.waitForSelector('[data-testid=options-disconnect]'))!.click();
    await options.waitForSelector('[data-testid=options-connection][data-state=disconnected]');
    expect(emulator.emulator.control.requestsSince(mark).requests.filter((r) => r.path === '/services/oauth2/revoke')).toHaveLength(1);
    await options.close();
    await page.bringToFront();
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=disconnected]'));
    // The full block is back, with its Connect button.
    await waitForSidebarElement(page, '[data-testid=connection-panel] [data-testid=connect]');
  });
});

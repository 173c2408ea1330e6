/**
 * What a hostile Dialpad page, or a compromised renderer running as our content script, can do
 * (#17; the threat model is in docs/ARCHITECTURE.md), tried in Chromium against the real background.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { RunningEmulator } from '../../emulator/server';
import { evaluateInContentScript, waitForSidebar } from './harness';
import { startConnectedWorld, type World } from './world';

const DANA = '5910974510923776';

let world: World;
let emulator: RunningEmulator;
let page: Page;
/** A server that stands for someone else's host: it must never see a request. */
let elsewhere: Server;
let elsewhereUrl: string;
const elsewhereRequests: string[] = [];

beforeAll(async () => {
  world = await startConnectedWorld();
  ({ emulator, page } = world);
  elsewhere = createServer((request, response) => {
    elsewhereRequests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => elsewhere?.close(resolve));
});

describe('tokens bound to their hosts', () => {
  it('a content script that rewrites where the sign-in goes gets it refused, and no token leaves', async () => {
    // The content script can write storage.local: it points the stored connection elsewhere.
    await evaluateInContentScript(
      page,
      async (url) => {
        const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, Record<string, unknown>>>; set(v: object): Promise<void> } } } }).chrome;
        const stored = (await chrome.storage.local.get('salesforce.connection'))['salesforce.connection']!;
        await chrome.storage.local.set({ 'salesforce.connection': { ...stored, loginUrl: url, instanceUrl: url } });
      },
      elsewhereUrl,
    );
    // The next request needs a refresh, which would carry the refresh token to the login host.
    emulator.emulator.control.expireAccessTokens();
    await page.evaluate((id) => window.dialpadStandin.showContact(id), DANA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=needs-reconnect]'));
    expect(elsewhereRequests).toEqual([]);
  });
});

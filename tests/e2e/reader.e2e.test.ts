import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startStandin } from '../../standin/server';
import { E2E_EXTENSION_ID, launchBrowser, readSidebar, waitForSidebar, waitForSidebarElement, type LaunchedBrowser } from './harness';

type Standin = Awaited<ReturnType<typeof startStandin>>;
interface Logged {
  type: string;
  state?: string;
  previous?: string | null;
  call?: { localId: string; callId?: string; direction: string; remoteNumber?: string; remoteName?: string; durationSeconds?: number; internal: boolean };
  contact?: { name: string; dialpadContactId?: string; internal?: boolean } | null;
  entries?: Array<{ callId: string }>;
}

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ port: 0 });
});
afterAll(async () => {
  await standin?.close();
});

async function open(launched: LaunchedBrowser, path = '/app'): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(new URL(path, standin.url).href);
  await waitForSidebarElement(page, 'aside');
  await page.evaluate(() => window.dialpadStandin.useManualClock());
  return page;
}

const events = (page: Page) => page.evaluate(() => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]') as unknown[]) as Promise<Logged[]>;
const callEvents = async (page: Page) => (await events(page)).filter((e) => e.type === 'call');

async function waitForCallEvents(page: Page, count: number): Promise<Logged[]> {
  // Interval polling: a background tab gets no animation frames.
  await page.waitForFunction((n) => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]').filter((e: { type: string }) => e.type === 'call').length >= n, { timeout: 15_000, polling: 200 }, count);
  return callEvents(page);
}

describe('reading Dialpad in Chromium (C1)', () => {
  let launched: LaunchedBrowser;
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('follows an inbound call: ringing → connected → on hold → connected → ended, with number and talk time; its id comes from history', async () => {
    const page = await open(launched);
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    await waitForCallEvents(page, 1);
    const live = await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(61));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="61"]'));
    await page.evaluate(() => window.dialpadStandin.hold());
    await waitForCallEvents(page, 3);
    await page.evaluate(() => window.dialpadStandin.advance(9));
    await page.evaluate(() => window.dialpadStandin.unhold());
    await waitForCallEvents(page, 4);
    await page.evaluate(() => window.dialpadStandin.hangUp());
    const sequence = await waitForCallEvents(page, 5);
    expect(sequence.map((e) => `${e.previous ?? '-'}→${e.state}`)).toEqual(['-→ringing', 'ringing→connected', 'connected→on-hold', 'on-hold→connected', 'connected→ended']);
    const ended = sequence[4]!.call!;
    expect(ended).toMatchObject({ direction: 'inbound', remoteNumber: '4155550100', remoteName: 'Ben Carter', internal: false, durationSeconds: 70 });
    // Dialpad shows no id during the call: the reader invents none.
    expect(sequence.every((e) => e.call!.callId === undefined)).toBe(true);
    expect(new Set(sequence.map((e) => e.call!.localId)).size).toBe(1);
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await page.waitForFunction((id) => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]').some((e: Logged) => e.type === 'history' && e.entries!.some((x) => x.callId === id)), { timeout: 15_000, polling: 200 }, live.callId);
    await page.close();
  });

  it('follows an outbound call that is answered, a missed call, and a voicemail', async () => {
    const page = await open(launched);
    await page.evaluate(() => window.dialpadStandin.outgoingCall({ number: '+81312345678' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(5));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="5"]'));
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+16465550142' }));
    await waitForCallEvents(page, 4);
    await page.evaluate(() => window.dialpadStandin.missCall());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+81312345678' }));
    await waitForCallEvents(page, 6);
    const voicemail = await page.evaluate(() => window.dialpadStandin.leaveVoicemail());
    const sequence = await waitForCallEvents(page, 7);
    expect(sequence.map((e) => `${e.call!.direction}:${e.state}`)).toEqual([
      'outbound:dialing',
      'outbound:connected',
      'outbound:ended',
      'inbound:ringing',
      'inbound:missed',
      'inbound:ringing',
      'inbound:missed',
    ]);
    expect(sequence[2]!.call).toMatchObject({ remoteNumber: '+81312345678', durationSeconds: 5 });
    // The voicemail shows in the history: the reader reports it with its link there.
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/voicemails'));
    await page.waitForFunction((id) => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]').some((e: Logged) => e.type === 'history' && e.entries!.some((x) => x.callId === id)), { timeout: 15_000 }, voicemail.callId);
    await page.close();
  });

  it('follows the user between contacts, without reloads', async () => {
    const page = await open(launched, '/app/contacts/5629499534213120');
    // The contact the reader reported last: the sidebar matches it (and, as Dialpad shows it, does not repeat it).
    const shown = async () => (await events(page)).filter((e) => e.type === 'contact').pop()?.contact ?? null;
    await expect.poll(async () => (await shown())?.name, { timeout: 15_000 }).toBe('Ben Carter');
    await page.evaluate(() => window.dialpadStandin.showContact('6192449487634432'));
    await expect.poll(async () => (await shown())?.name, { timeout: 15_000 }).toBe('山田 太郎');
    await page.goBack();
    await expect.poll(async () => (await shown())?.dialpadContactId, { timeout: 15_000 }).toBe('5629499534213120');
    await page.evaluate(() => window.dialpadStandin.showCoworker('6473924464345088'));
    await expect.poll(async () => (await shown())?.internal, { timeout: 15_000 }).toBe(true);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.close();
  });

  it('stays silent in a second Dialpad tab (Dialpad allows one active tab), and takes over on "Use here"', async () => {
    const a = await open(launched);
    const b = await open(launched);
    expect(await b.evaluate(() => window.dialpadStandin.state().activeTab)).toBe(false);
    // The stand-in's actions wait for a frame, which only a visible tab gets.
    await a.bringToFront();
    await a.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    await waitForCallEvents(a, 1);
    await b.bringToFront();
    await b.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await b.waitForFunction(() => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]').some((e: { type: string; health?: { passive?: boolean } }) => e.type === 'health' && e.health?.passive), { timeout: 15_000, polling: 200 });
    const silent = await events(b);
    expect(silent.filter((e) => e.type === 'call' || e.type === 'history')).toEqual([]);
    // "Use here": this tab becomes the active one and reads what it shows.
    await b.click('[data-action=use-here]');
    await b.waitForFunction(() => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]').some((e: { type: string }) => e.type === 'history'), { timeout: 15_000, polling: 200 });
    await a.close();
    await b.close();
  });

  it('does not take a Dialpad meeting in the callbox for a call', async () => {
    const page = await open(launched);
    await page.evaluate(() => window.dialpadStandin.startMeeting({ title: 'Weekly sync', participants: 3 }));
    await page.evaluate(() => window.dialpadStandin.advance(30));
    await page.evaluate(() => window.dialpadStandin.navigate('/app/contacts'));
    await page.evaluate(() => window.dialpadStandin.endMeeting());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    const sequence = await waitForCallEvents(page, 1);
    expect(sequence.map((e) => e.state)).toEqual(['ringing']);
    await page.evaluate(() => window.dialpadStandin.decline());
    await page.close();
  });
});

/**
 * Dialpad changes its markup: each selector broken in turn (through the policy's override, the
 * way an admin would patch one) must never throw into the page, and where reading fails the
 * sidebar says so and offers the manual search.
 */
describe('drift (B3)', () => {
  const POLICY_DIR = '/etc/chromium/policies/managed';
  const POLICY_FILE = `${POLICY_DIR}/sfsd-e2e-drift.json`;
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
  });

  const cases: Array<[string, string, boolean]> = [
    ['contactDetail', '/app/contacts/5629499534213120', true],
    ['contactInfoHeader', '/app/contacts/5629499534213120', true],
    ['contactPhone', '/app/contacts/5629499534213120', false],
    ['callbox', 'call', false],
    ['banner', 'call', false],
    ['historyRow', '/app/history/all', false],
    ['appRoot', '/app/contacts/5629499534213120', false],
  ];

  it.each(cases)('with %s broken: no error in the page, and manual search when reading fails', async (name, where, degrades) => {
    await mkdir(POLICY_DIR, { recursive: true });
    await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [E2E_EXTENSION_ID]: { dialpadSelectors: { [name]: '.sfsd-drift-test-nothing-matches' } } } } }));
    const launched = await launchBrowser();
    try {
      const page = await launched.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(new URL(where === 'call' ? '/app' : where, standin.url).href);
      await waitForSidebarElement(page, 'aside');
      if (where === 'call') {
        await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
        await page.evaluate(() => window.dialpadStandin.answer());
      }
      await waitForSidebar(page, (root) => root.querySelector('[data-testid=search-panel]'));
      await page.waitForFunction(() => Boolean(document.documentElement.dataset.sfsdEvents));
      if (degrades) {
        await waitForSidebar(page, (root) => root.querySelector('[data-testid=search-panel][data-health=degraded] [data-testid=manual-search]'));
      } else {
        const state = await readSidebar(page, (root) => ({
          health: root.querySelector('[data-testid=search-panel]')?.getAttribute('data-health'),
          search: Boolean(root.querySelector('[data-testid=manual-search]')),
        }));
        expect(state!.health === 'ok' || state!.search).toBe(true);
      }
      if (where === 'call') await page.evaluate(() => window.dialpadStandin.hangUp());
      expect(errors).toEqual([]);
    } finally {
      await launched.close();
    }
  });
});

/**
 * The call strip says, in words, what will happen to the call in view and then what happened:
 * each case against the demo org and the Dialpad stand-in, in English and in Japanese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { RunningEmulator } from '../../emulator/server';
import { clickInSidebar, extensionWorker, readSidebar, waitForSidebar, waitForSidebarElement } from './harness';
import { useEmulator } from './salesforce';
import { startConnectedWorld, type World } from './world';

type Rec = Record<string, unknown>;
const BEN = { number: '+14155550100', name: 'Ben Carter' };
const NORTHWIND = { number: '+14155550199', name: 'Northwind Traders' };

let world: World;
let emulator: RunningEmulator;
let page: Page;

beforeAll(async () => {
  world = await startConnectedWorld();
  ({ emulator, page } = world);
});
afterAll(async () => {
  await world?.close();
});

const tasksForCall = (callId: string) => (emulator.emulator.control.records('Task') as Rec[]).filter((t) => t.CallObject === callId);

/** Waits until the strip (`live-call` or `last-call`) says `words`. */
async function stripSays(which: 'live-call' | 'last-call', words: string): Promise<void> {
  await waitForSidebar(page, (root, id, w) => root.querySelector(`[data-testid=${id}] [data-testid=call-fate]`)?.textContent === w, which, words);
}

/**
 * An incoming call, answered and running for `seconds`; answers Dialpad's call id, which the page
 * shows only in the call's history row (see `hangUp`).
 */
async function answeredCall(from: { number: string; name: string; internal?: boolean }, seconds: number): Promise<string> {
  await page.evaluate((caller) => window.dialpadStandin.incomingCall(caller), from);
  const live = await page.evaluate(() => window.dialpadStandin.answer());
  await page.evaluate((s) => window.dialpadStandin.advance(s), seconds);
  await waitForSidebar(page, (root, s) => root.querySelector(`[data-testid=live-call][data-call-state=connected][data-elapsed="${s}"]`), seconds);
  return live.callId;
}

/** Hangs up, and opens the call history, whose row gives the call Dialpad's id (docs/CALL-LOGGING.md). */
async function hangUp(): Promise<void> {
  await page.evaluate(() => window.dialpadStandin.hangUp());
  await waitForSidebarElement(page, '[data-testid=last-call]');
  await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
}

describe('the call strip says what happens to the call (issue 20)', () => {
  it('"Will be logged to Ben Carter", the note one click away, then "Logged" with a link to the Task', async () => {
    const callId = await answeredCall(BEN, 42);
    await stripSays('live-call', 'Will be logged to Ben Carter');
    // The timer and the direction, as Dialpad shows them.
    expect(await readSidebar(page, (root) => root.querySelector('[data-testid=live-call] [role=timer]')?.textContent)).toBe('00:42');

    await clickInSidebar(page, '[data-testid=live-call] [data-testid=call-note]');
    const form = await waitForSidebarElement(page, '[data-testid=todo-form]');
    await waitForSidebar(page, (root) => root.activeElement?.getAttribute('name') === 'note');
    // The call has no Dialpad id while it runs: the form is on it by the key it is reported under.
    const key = await readSidebar(page, (root) => root.querySelector('[data-testid=live-call]')?.getAttribute('data-call-key'));
    expect(key).toBeTruthy();
    expect(await form.$eval('[name=call]', (select) => (select as HTMLSelectElement).value)).toBe(key);
    await page.keyboard.type('Wants the fleet quote by Friday');
    await clickInSidebar(page, '[data-testid=todo-save]');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=todo-saved]'));
    await clickInSidebar(page, '[data-testid=todo-close]');

    await hangUp();
    await stripSays('last-call', 'Logged to Ben Carter');
    const [task] = tasksForCall(callId);
    expect(task).toMatchObject({ Description: 'Wants the fleet quote by Friday', CallDurationInSeconds: 42, Status: 'Completed' });
    const link = await readSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-testid=view-task]')?.getAttribute('href'));
    expect(link).toBe(`${emulator.url}/lightning/r/Task/${String(task!.Id)}/view`);

    await clickInSidebar(page, '[data-testid=last-call] [data-testid=dismiss-call]');
    await waitForSidebar(page, (root) => !root.querySelector('[data-testid=last-call]'));
  });

  it('"Pick the right person to log this call" while several match, then logs to the one picked', async () => {
    const callId = await answeredCall(NORTHWIND, 20);
    await stripSays('live-call', 'Pick the right person to log this call');
    await hangUp();
    await stripSays('last-call', 'Pick the right person to log this call');
    expect(tasksForCall(callId)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.showContact('4573968371548160'));
    const first = await waitForSidebarElement(page, '[data-testid=candidates] button[data-record-id]');
    const picked = await first.evaluate((button) => button.querySelector('.sfsd-candidate__name')!.textContent!);
    await clickInSidebar(page, '[data-testid=candidates] button[data-record-id]');
    await stripSays('last-call', `Logged to ${picked}`);
    expect(tasksForCall(callId)).toHaveLength(1);
  });

  it('"Internal call — not logged" for a coworker, during and after the call', async () => {
    const callId = await answeredCall({ number: '1042', name: 'Jordan Lee', internal: true }, 30);
    await stripSays('live-call', 'Internal call — not logged');
    await hangUp();
    await stripSays('last-call', 'Internal call — not logged');
    expect(tasksForCall(callId)).toEqual([]);
  });

  it('"Auto-logging is off" when the setting is off, and the call is not logged', async () => {
    const worker = await extensionWorker(world.launched.browser);
    await useEmulator(worker, emulator, { defaultRegion: 'US', autoLogging: false });
    try {
      const callId = await answeredCall(BEN, 15);
      await stripSays('live-call', 'Auto-logging is off — not logged');
      await hangUp();
      await stripSays('last-call', 'Auto-logging is off — not logged');
      expect(tasksForCall(callId)).toEqual([]);
    } finally {
      await useEmulator(worker, emulator, { defaultRegion: 'US' });
    }
  });

  it('"Queued" while Salesforce cannot be reached, the collapsed rail counting it, then "Logged" once it answers', async () => {
    // Ben's card was on screen before the network went: the call is matched from it, with no request.
    await page.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === 'Ben Carter');
    emulator.emulator.control.goOffline(10 * 60_000);
    let callId: string;
    try {
      callId = await answeredCall(BEN, 61);
      await hangUp();
      // The write is tried first, until the REST client gives up on the dropped connection (20 s).
      await waitForSidebarElement(page, '[data-testid=last-call] [data-fate=queued]', 45_000);
      await stripSays('last-call', 'Queued — will send when Salesforce answers');
      expect(tasksForCall(callId)).toEqual([]);
      // Collapsed, the sidebar still says a write waits.
      await clickInSidebar(page, '[data-testid=collapse]');
      // The rail counts what waits: this call, and whatever else the outbox holds right then.
      const worker = await extensionWorker(world.launched.browser);
      type Summary = { total: number; items: Array<{ call?: { callId?: string } }> };
      const waiting = () =>
        worker.evaluate(async () => {
          const { storage } = (globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } }).chrome;
          return ((await storage.local.get('outbox.summary'))['outbox.summary'] as Summary | undefined) ?? null;
        });
      await expect.poll(async () => (await waiting())?.items.some((item) => item.call?.callId === callId), { timeout: 15_000 }).toBe(true);
      await expect
        .poll(async () => {
          const badge = await readSidebar(page, (root) => root.querySelector('[data-testid=rail-badge]')?.textContent ?? null);
          const total = (await waiting())?.total ?? 0;
          return badge === String(total) ? 'counts what waits' : `badge ${badge ?? 'none'}, ${total} waiting`;
        }, { timeout: 15_000 })
        .toBe('counts what waits');
      await clickInSidebar(page, '[data-testid=expand]');
    } finally {
      emulator.emulator.control.goOnline();
    }
    await clickInSidebar(page, '[data-testid=outbox] [data-testid=outbox-retry]');
    await stripSays('last-call', 'Logged to Ben Carter');
    expect(tasksForCall(callId)).toHaveLength(1);
    await waitForSidebar(page, (root) => !root.querySelector('[data-testid=outbox]'));
  });
});

describe('the call strip in Japanese', () => {
  let ja: World;
  afterAll(async () => {
    await ja?.close();
  });

  it('uses the article\'s words: ログされます, and after the call ログしました', async () => {
    ja = await startConnectedWorld({ lang: 'ja' });
    const p = ja.page;
    await p.evaluate(() => window.dialpadStandin.incomingCall({ number: '+81312345678', name: '山田 太郎' }));
    const live = await p.evaluate(() => window.dialpadStandin.answer());
    await p.evaluate(() => window.dialpadStandin.advance(170));
    // The reader has seen the timer at 2:50 before the hang-up: the Task gets the talk time last seen.
    await waitForSidebar(p, (root) => root.querySelector('[data-testid=live-call][data-elapsed="170"] [data-testid=call-fate]')?.textContent === '山田 太郎 にログされます');
    const phase = await readSidebar(p, (root) => root.querySelector('[data-testid=live-call] .sfsd-call-strip__phase')?.textContent);
    expect(phase).toBe('着信 · 通話中');
    await p.evaluate(() => window.dialpadStandin.hangUp());
    await waitForSidebarElement(p, '[data-testid=last-call]');
    await p.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await waitForSidebar(p, (root) => root.querySelector('[data-testid=last-call] [data-testid=call-fate]')?.textContent === '山田 太郎 にログしました');
    expect(await readSidebar(p, (root) => root.querySelector('[data-testid=view-task]')?.textContent)).toBe('ToDo を表示');
    // The Task is titled in the sidebar's language, as the article's 「Dialpad 通話 - 発信 / (1)分」.
    const tasks = (ja.emulator.emulator.control.records('Task') as Rec[]).filter((task) => task.CallObject === live.callId);
    expect(tasks).toEqual([expect.objectContaining({ Subject: 'Dialpad 通話 - 着信 / (3)分', CallDurationInSeconds: 170 })]);
  });
});

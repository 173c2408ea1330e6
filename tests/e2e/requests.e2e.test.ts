import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { clickInSidebar, extensionWorker, waitForSidebar, waitForSidebarElement } from './harness';
import { startConnectedWorld, type World } from './world';

const BEN_DIALPAD = '5629499534213120';
let world: World;
let page: Page;
let worker: WebWorker;

beforeAll(async () => {
  world = await startConnectedWorld();
  ({ page } = world);
  worker = await extensionWorker(world.launched.browser);
});
afterAll(async () => {
  await world?.close();
});

/** Counts the messages the background receives, by type (matchPerson by mode), from now on. */
async function countMessages(): Promise<() => Promise<Record<string, number>>> {
  await worker.evaluate(() => {
    const counts: Record<string, number> = {};
    (globalThis as { sfsdCounts?: Record<string, number> }).sfsdCounts = counts;
    type Listener = (message: { type: string; mode?: string }) => undefined;
    const { chrome } = globalThis as unknown as { chrome: { runtime: { onMessage: { addListener(listener: Listener): void } } } };
    chrome.runtime.onMessage.addListener((message) => {
      const name = message.mode ? `${message.type}:${message.mode}` : message.type;
      counts[name] = (counts[name] ?? 0) + 1;
      return undefined;
    });
  });
  return () => worker.evaluate(() => ({ ...(globalThis as { sfsdCounts?: Record<string, number> }).sfsdCounts }));
}

/** The sidebar asks the background only for what storage has not already told it (B2, B1). */
describe('what the sidebars ask the background during a call', () => {
  it('a call with a note, in one of two Dialpad tabs, costs no re-reading of what storage announced', async () => {
    const other = await world.launched.browser.newPage();
    await other.goto(world.standin.url);
    await waitForSidebarElement(other, '[data-testid=connection] [data-state=connected]');
    await page.bringToFront();
    await page.evaluate((id) => window.dialpadStandin.showContact(id), BEN_DIALPAD);
    await waitForSidebarElement(page, '[data-testid=match][data-match-state=matched] [data-testid=record-card]:not([data-partial])[aria-busy=false]');
    const counted = await countMessages();

    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    const live = await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(42));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-call-state=connected][data-elapsed="42"]'));
    await waitForSidebarElement(page, '[data-testid=match][data-match-state=matched] [data-testid=record-card]:not([data-partial])[aria-busy=false]');
    await clickInSidebar(page, '[data-testid=create-todo]');
    const form = await waitForSidebarElement(page, '[data-testid=todo-form]');
    await (await form.$('[name=subject]'))!.type('Quote for 20 panels');
    await clickInSidebar(page, '[data-testid=todo-save]');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=todo-saved]'));
    await page.evaluate(() => window.dialpadStandin.hangUp());
    // The page shows no call id: the call's history row gives it one.
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await page.evaluate((id) => window.dialpadStandin.showContact(id), BEN_DIALPAD);
    await expect.poll(() => (world.emulator.emulator.control.records('Task') as Array<Record<string, unknown>>).filter((t) => t.CallObject === live.callId).length, { timeout: 20_000 }).toBe(1);
    // The card shows the written Task, and nothing waits any more.
    await waitForSidebar(page, (root) => [...root.querySelectorAll('[data-testid=past-activity] [data-field=subject]')].some((el) => el.textContent === 'Quote for 20 panels'));
    await waitForSidebar(page, (root) => !root.querySelector('[data-testid=outbox]'));

    const counts = await counted();
    console.log('messages during one call:', JSON.stringify(counts));
    // What the background changed in the outbox and the cache reached both tabs as storage changes.
    expect(counts.getOutbox ?? 0).toBe(0);
    // Ben comes into view twice (the call, then back from the call history, where the call gets its
    // id): at most one cached paint each. A repaint per cache write (the note, the logged call)
    // would add more.
    expect(counts['matchPerson:cached'] ?? 0).toBeLessThanOrEqual(2);
    // The call's end, and its history row (which names it); the passive second tab sends nothing.
    expect(counts).toMatchObject({ callFinished: 2, saveNote: 1 });
    await other.close();
  });
});

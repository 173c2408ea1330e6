/**
 * The options page's "Dialpad diagnostics" (#15): the guided test call shows, live, each phase the
 * sidebar saw of a call made in Dialpad (✓ / ✗ and what to send the admin), and the report holds
 * the page's shapes but no name or number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { E2E_EXTENSION_ID, waitForSidebar } from './harness';
import { startConnectedWorld, type World } from './world';

let world: World;
let options: Page;
beforeAll(async () => {
  world = await startConnectedWorld();
  options = await world.launched.browser.newPage();
  await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
  await options.waitForSelector('[data-testid=diagnostics]');
});
afterAll(async () => {
  await world?.close();
});

const steps = () => options.$$eval('[data-testid=test-call] li', (lis) => lis.map((li) => `${li.getAttribute('data-step')}:${li.getAttribute('data-status')}`));
const waitForStep = (step: string, status: string) =>
  options.waitForFunction((s, st) => document.querySelector(`[data-testid=test-call] li[data-step="${s}"]`)?.getAttribute('data-status') === st, { timeout: 15_000, polling: 200 }, step, status);

describe('the guided test call and the diagnostics report', () => {
  it('ticks each phase as the call goes, then the id once Call history is open', async () => {
    await options.click('[data-testid=test-call-start]');
    await options.waitForSelector('[data-testid=test-call][data-found=false]');
    const page = world.page;
    await page.bringToFront();
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    await waitForStep('ringing', 'ok');
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(20));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="20"]'));
    await waitForStep('connected', 'ok');
    expect(await steps()).toEqual(['ringing:ok', 'connected:ok', 'on-hold:pending', 'ended:pending', 'id:pending']);
    await page.evaluate(() => window.dialpadStandin.hold());
    await waitForStep('on-hold', 'ok');
    await page.evaluate(() => window.dialpadStandin.unhold());
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await waitForStep('ended', 'ok');
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await waitForStep('id', 'ok');
    expect(await options.$('[data-testid=test-call-advice]')).toBeNull();
  });

  it('marks a phase it never saw with ✗ and says what to send the admin', async () => {
    await options.bringToFront();
    await options.click('[data-testid=test-call-start]');
    const page = world.page;
    await page.bringToFront();
    await page.evaluate(() => window.dialpadStandin.outgoingCall({ number: '+81312345678' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(5));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="5"]'));
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await waitForStep('on-hold', 'missing');
    expect(await options.$eval('[data-testid=test-call-advice]', (p) => p.textContent)).toMatch(/diagnostics|診断情報/i);
  });

  it('shows a report with the page\'s shapes and counters, and no name or number', async () => {
    await options.reload();
    // The page reads the stored diagnostics after it renders.
    await options.waitForFunction(() => document.querySelector('[data-testid=diagnostics-json]')?.textContent?.startsWith('{'), { timeout: 15_000, polling: 200 });
    const json = await options.$eval('[data-testid=diagnostics-json]', (pre) => pre.textContent ?? '');
    const report = JSON.parse(json) as { generation: string; skeletons: Record<string, unknown>; calls: Array<{ id: string }>; paths: string[] };
    expect(report.generation).toBe(process.env.SFSD_DIALPAD_MARKUP ?? '2024');
    expect(Object.keys(report.skeletons)).toEqual(expect.arrayContaining(['callbox', 'banner', 'historyRow']));
    expect(report.calls.map((c) => c.id)).toContain('from-history');
    expect(report.paths).toContain('/app/history/all');
    for (const secret of ['Ben Carter', '山田', '555-0100', '5550100', '1234-5678', 'northwind']) expect(json.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});

/**
 * Living beside Dialpad's own Salesforce integration (#19), set the real way (a Linux policy file):
 * `dialpadLogsCalls` — Dialpad writes each call's Task, the sidebar logs none and a note written on a
 * call is a completed Task of its own — with "Related to" restricted to opportunities and no default.
 * In Chromium against the stand-in and the demo org as its standard rep, by keyboard.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { clickInSidebar, E2E_EXTENSION_ID, readSidebar, waitForSidebar, waitForSidebarElement } from './harness';
import { startConnectedWorld, type World } from './world';

type Rec = Record<string, unknown>;
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/sfsd-e2e-beside-dialpad.json`;
const BEN_DIALPAD = '5629499534213120';

let world: World;

beforeAll(async () => {
  await mkdir(POLICY_DIR, { recursive: true });
  await writeFile(
    POLICY_FILE,
    JSON.stringify({ '3rdparty': { extensions: { [E2E_EXTENSION_ID]: { dialpadLogsCalls: true, relatedTo: 'opportunities', relatedToDefault: false } } } }),
  );
  world = await startConnectedWorld();
});
afterAll(async () => {
  await world?.close();
  await rm(POLICY_FILE, { force: true });
});

const records = (type: string) => world.emulator.emulator.control.records(type) as Rec[];
const idOf = (type: string, name: string) => records(type).find((r) => r.Name === name)!.Id as string;

describe("when the policy says Dialpad's own integration logs calls", () => {
  it('offers only deals in Related to, chosen by nobody; logs no call, and a note on the call becomes one completed Task on the deal picked', async () => {
    const { page } = world;
    const tasksBefore = records('Task').length;
    await page.evaluate((id) => window.dialpadStandin.showContact(id), BEN_DIALPAD);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] #sfsd-card-related'));
    const related = await readSidebar(page, (root) => {
      const select = root.querySelector('#sfsd-card-related') as HTMLSelectElement;
      return { value: select.value, groups: [...select.querySelectorAll('optgroup')].map((group) => group.label), options: [...select.options].map((option) => option.textContent) };
    });
    // No default: "None" is chosen; no cases to choose from.
    expect(related).toEqual({ value: '', groups: ['Open opportunities'], options: ['None', ...DEMO_FACTS.benCarter.openOpportunities] });

    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    const live = await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(30));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="30"] [data-testid=call-fate][data-fate=dialpad-logs]'));

    // The note, written during the call by keyboard, on the second deal.
    await waitForSidebarElement(page, '[data-testid=match][data-match-state=matched] [data-testid=record-card]:not([data-partial])[aria-busy=false]');
    await clickInSidebar(page, '[data-testid=create-todo]');
    await waitForSidebarElement(page, '[data-testid=todo-dialpad-logs]');
    await (await waitForSidebarElement(page, '[data-testid=todo-form] [name=note]')).type('Wants the battery add-on quoted; O\'Brien cc\'d');
    const deal = idOf('Opportunity', DEMO_FACTS.benCarter.openOpportunities[1]);
    const select = await waitForSidebarElement(page, '#sfsd-todo-related');
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await waitForSidebar(page, (root, v) => (root.querySelector('#sfsd-todo-related') as HTMLSelectElement).value === v, `Opportunity:${deal}`);
    await (await waitForSidebarElement(page, '[data-testid=todo-save]')).focus();
    await page.keyboard.press('Enter');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=todo-saved]'));
    await clickInSidebar(page, '[data-testid=todo-close]');

    await page.evaluate(() => window.dialpadStandin.hangUp());
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    const ben = idOf('Contact', 'Ben Carter');
    const note = () => records('Task').filter((t) => t.Description === "Wants the battery add-on quoted; O'Brien cc'd");
    await expect.poll(() => note().length, { timeout: 20_000, interval: 100 }).toBe(1);
    expect(note()[0]).toMatchObject({ Subject: 'Call note', IsClosed: true, TaskSubtype: 'Task', WhoId: ben, WhatId: deal });
    expect([note()[0]!.CallObject ?? null, note()[0]!.CallType ?? null, note()[0]!.CallDurationInSeconds ?? null]).toEqual([null, null, null]);
    // The call itself is Dialpad's to log: the strip says so once the call ended (a call the sidebar
    // had queued would show its outbox state instead), and the note is the only Task written.
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-testid=call-fate][data-fate=dialpad-logs]'));
    expect(records('Task').filter((t) => t.CallObject === live.callId)).toEqual([]);
    expect(records('Task')).toHaveLength(tasksBefore + 1);
  });
});

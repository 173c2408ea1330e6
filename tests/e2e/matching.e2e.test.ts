import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { RunningEmulator } from '../../emulator/server';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { clickInSidebar, readSidebar, waitForSidebar, waitForSidebarElement } from './harness';
import { startConnectedWorld, type World } from './world';

const BEN = '5629499534213120';
const YAMADA = '6192449487634432';
const NORTHWIND = '4573968371548160';
const DANA = '5910974510923776';

let world: World;
let emulator: RunningEmulator;
let page: Page;

beforeAll(async () => {
  world = await startConnectedWorld({ realClock: true });
  ({ emulator, page } = world);
});
afterAll(async () => {
  await world?.close();
});

const cardText = (p: Page) =>
  readSidebar(p, (root) => {
    const card = root.querySelector('[data-testid=record-card]:not([data-partial])');
    const field = (name: string) => card?.querySelector(`[data-field=${name}] dd`)?.textContent ?? null;
    const tasks = (id: string) => [...(card?.querySelectorAll(`[data-testid=${id}] [data-task-id]`) ?? [])].map((li) => li.querySelector('[data-field=subject]')?.textContent);
    return {
      name: card?.querySelector('[data-field=name]')?.textContent ?? null,
      owner: field('owner'),
      title: field('title'),
      company: field('company'),
      stage: field('stage'),
      view: card?.querySelector('[data-testid=view-record]')?.getAttribute('href') ?? null,
      viewAll: card?.querySelector('[data-testid=view-all]')?.getAttribute('href') ?? null,
      next: tasks('next-steps'),
      past: tasks('past-activity'),
    };
  });

async function showContact(id: string): Promise<void> {
  await page.evaluate((contactId) => window.dialpadStandin.showContact(contactId), id);
}

describe('matching and the record card against the demo org (C2–C4, R1–R7)', () => {
  it('shows the single match for the contact in view with every card field from the org', async () => {
    await showContact(BEN);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === 'Ben Carter');
    const card = await cardText(page);
    const [ben] = (emulator.emulator.control.records('Contact') as Array<Record<string, unknown>>).filter((r) => r.LastName === 'Carter' && r.FirstName === 'Ben');
    const tasks = (emulator.emulator.control.records('Task') as Array<Record<string, unknown>>).filter((t) => t.WhoId === ben!.Id);
    expect(card).toMatchObject({
      name: 'Ben Carter',
      owner: DEMO_FACTS.benCarter.owner,
      title: DEMO_FACTS.benCarter.title,
      company: DEMO_FACTS.benCarter.account,
      stage: DEMO_FACTS.benCarter.openStage,
      view: `${emulator.url}/lightning/r/Contact/${ben!.Id}/view`,
      viewAll: `${emulator.url}/lightning/r/Contact/${ben!.Id}/related/ActivityHistories/view`,
    });
    expect([...card!.next].sort()).toEqual(tasks.filter((t) => t.Status !== 'Completed').map((t) => t.Subject).sort());
    expect([...card!.past].sort()).toEqual(tasks.filter((t) => t.Status === 'Completed').map((t) => t.Subject).sort());
  });

  it('matches a number stored in another format than Dialpad shows (山田 太郎)', async () => {
    await showContact(YAMADA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === '山田 太郎');
    expect(await cardText(page)).toMatchObject({ company: DEMO_FACTS.yamada.account, owner: DEMO_FACTS.yamada.owner, stage: 'Negotiation/Review' });
  });

  it('matches a Lead, with its status and company on the card', async () => {
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+818022223333' }));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[data-record-type=Lead] [data-field=name]')?.textContent === '田中 晃');
    expect(await cardText(page)).toMatchObject({ company: DEMO_FACTS.tanakaLead.company, stage: DEMO_FACTS.tanakaLead.status, owner: '佐藤 花子' });
    const view = await readSidebar(page, (root) => root.querySelector('[data-testid=view-record]')?.textContent);
    expect(view).toBe('View Lead');
    await page.evaluate(() => window.dialpadStandin.decline());
  });

  it('lists several matches, and the pick survives a reload', async () => {
    await showContact(NORTHWIND);
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=candidates] button[data-record-id]').length === 3);
    const heading = await readSidebar(page, (root) => root.querySelector('[data-testid=candidates] h2')?.textContent);
    expect(heading).toBe('3 Salesforce matches');
    const liam = await waitForSidebarElement(page, '[data-testid=candidates] button[data-record-id]:nth-child(1)');
    const pickedName = await liam.evaluate((button) => button.querySelector('.sfsd-candidate__name')?.textContent);
    await liam.click();
    await waitForSidebar(page, (root, name) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === name, pickedName);
    await page.reload();
    await waitForSidebar(page, (root, name) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === name, pickedName);
  });

  it('says when nobody matches and creates the Contact, which shows at once', async () => {
    await showContact(DANA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=no-match]'));
    await clickInSidebar(page, '[data-testid=create-contact]');
    const form = await waitForSidebarElement(page, '[data-testid=create-form]');
    const prefilled = await form.evaluate((f) => ({
      first: (f.querySelector('[name=firstName]') as HTMLInputElement).value,
      last: (f.querySelector('[name=lastName]') as HTMLInputElement).value,
      phone: (f.querySelector('[name=phone]') as HTMLInputElement).value,
    }));
    expect(prefilled).toEqual({ first: 'Dana', last: 'Whitfield', phone: expect.stringContaining('646') });
    await clickInSidebar(page, '[data-testid=create-save]');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === 'Dana Whitfield');
    const created = (emulator.emulator.control.records('Contact') as Array<Record<string, unknown>>).filter((r) => r.LastName === 'Whitfield');
    expect(created).toHaveLength(1);
  });
});

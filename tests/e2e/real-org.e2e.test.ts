/**
 * The sidebar for an ordinary sales rep in an org an admin has configured (issue #14): fields and
 * objects the rep may not see, the org's own Task statuses, a duplicate rule, refresh token
 * rotation, an app that wants a secret, and a rep in Tokyo. Every world signs in the demo org's
 * standard-profile rep unless it says otherwise.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { RunningEmulator } from '../../emulator/server';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { clickInSidebar, E2E_EXTENSION_ID, readSidebar, waitForSidebar, waitForSidebarElement } from './harness';
import { startConnectedWorld, type World, type WorldOptions } from './world';

type Rec = Record<string, unknown>;
const BEN = '5629499534213120';
const YAMADA = '6192449487634432';
const DANA = '5910974510923776';

let world: World | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});
afterAll(async () => {
  await world?.close();
});

async function open(options: WorldOptions): Promise<{ page: Page; emulator: RunningEmulator }> {
  world = await startConnectedWorld({ realClock: true, ...options });
  return { page: world.page, emulator: world.emulator };
}

async function showContact(page: Page, id: string): Promise<void> {
  await page.evaluate((contactId) => window.dialpadStandin.showContact(contactId), id);
}

const cardName = (page: Page, name: string) =>
  waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === n, name);

const field = (page: Page, name: string) => readSidebar(page, (root, n) => root.querySelector(`[data-testid=record-card]:not([data-partial]) [data-field=${n}] dd`)?.textContent ?? null, name);

const records = (emulator: RunningEmulator, type: string) => emulator.emulator.control.records(type) as Rec[];

describe('a rep whose profile hides HomePhone and Title and grants no Leads', () => {
  it('matches by the numbers they see, shows the card without the hidden fields, leaves Leads out and says so', async () => {
    const { page, emulator } = await open({
      configure: (sf) =>
        sf.emulator.control.upsertPermissions('profile', {
          Name: 'Standard User',
          objectPermissions: { Lead: { read: false, create: false, edit: false, delete: false } },
          fieldPermissions: { 'Contact.HomePhone': { read: false, edit: false }, 'Contact.Title': { read: false, edit: false } },
        }),
    });
    const mark = emulator.emulator.control.mark();
    await showContact(page, BEN);
    await cardName(page, 'Ben Carter');
    // The hidden Title: no line for it at all (the card shows only what Salesforce gave).
    expect(await field(page, 'title')).toBeNull();
    expect(await field(page, 'company')).toBe(DEMO_FACTS.benCarter.account);
    // Nothing Salesforce refused on the way: the search and the card query named only what the rep sees.
    expect(emulator.emulator.control.requestsSince(mark).requests.filter((r) => r.status >= 400)).toEqual([]);

    // 田中 晃 is a Lead only: for this rep, nobody has the number.
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+818022223333' }));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=match][data-match-state=none]'));
    await page.evaluate(() => window.dialpadStandin.decline());

    const options = await world!.launched.browser.newPage();
    await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    const line = await options.waitForSelector('[data-testid=options-cannot-read]');
    expect(await line!.evaluate((el) => el.textContent)).toBe('Your Salesforce user cannot read Leads: the sidebar leaves them out.');
    await options.close();
  });
});

describe("an org whose Task statuses are renamed ('Open' / 'Done') and whose duplicate rule matches names", () => {
  it('logs calls "Done", writes ToDos "Open", and offers the duplicates when creating a person', async () => {
    const { page, emulator } = await open({
      configure: (sf) => {
        sf.emulator.control.setTaskStatuses(
          [
            { ApiName: 'Open', IsClosed: false, IsDefault: true },
            { ApiName: 'Done', IsClosed: true, IsDefault: false },
          ],
          { 'Not Started': 'Open', 'In Progress': 'Open', Completed: 'Done', 'Waiting on someone else': 'Open', Deferred: 'Open' },
        );
        sf.emulator.control.setDuplicateRules([{ DeveloperName: 'Same_Name', SobjectType: 'Contact', action: 'alert', matchOn: [['FirstName', 'LastName']] }]);
        // Another Dana Whitfield is already in Salesforce, under another number.
        const admin = sf.emulator.org.users().find((u) => u.Username === DEMO_FACTS.admin.username)!;
        sf.emulator.org.create('Contact', { FirstName: 'Dana', LastName: 'Whitfield', Phone: '+1 312 555 0100', Title: 'Buyer' }, { userId: admin.Id, apiVersion: '62.0', now: new Date() }, {
          allowSave: true,
          includeRecordDetails: false,
        });
      },
    });
    await showContact(page, BEN);
    await cardName(page, 'Ben Carter');
    const next = await readSidebar(page, (root) => root.querySelectorAll('[data-testid=next-steps] [data-task-id]').length);
    expect(next).toBe(DEMO_FACTS.benCarter.openTasks);

    // A call: one Task, closed with the org's closed status.
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    const live = await page.evaluate(() => window.dialpadStandin.answer());
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-call-state=connected]'));
    await page.evaluate(() => window.dialpadStandin.hangUp());
    // The page shows no call id: the call's history row gives it one.
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await expect.poll(() => records(emulator, 'Task').filter((t) => t.CallObject === live.callId).map((t) => [t.Status, t.IsClosed]), { timeout: 20_000 }).toEqual([['Done', true]]);

    // A ToDo with no call: the org's default open status, shown in Next steps.
    await showContact(page, BEN);
    await waitForSidebarElement(page, '[data-testid=match][data-match-state=matched] [data-testid=record-card]:not([data-partial])[aria-busy=false] [data-testid=create-todo]');
    await clickInSidebar(page, '[data-testid=create-todo]');
    const form = await waitForSidebarElement(page, '[data-testid=todo-form]');
    await (await form.$('[name=subject]'))!.type('Send the fleet brochure');
    await clickInSidebar(page, '[data-testid=todo-save]');
    await expect.poll(() => records(emulator, 'Task').filter((t) => t.Subject === 'Send the fleet brochure').map((t) => t.Status), { timeout: 20_000 }).toEqual(['Open']);
    await waitForSidebar(page, (root) => [...root.querySelectorAll('[data-testid=next-steps] [data-field=subject]')].some((el) => el.textContent === 'Send the fleet brochure'));

    // Create Contact for Dana: the rule finds the other Dana; the rep opens it or uses it.
    await showContact(page, DANA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=match][data-match-state=none]'));
    await clickInSidebar(page, '[data-testid=create-contact]');
    await clickInSidebar(page, '[data-testid=create-save]');
    await waitForSidebarElement(page, '[data-testid=duplicates][data-allow-save=true]');
    const existing = records(emulator, 'Contact').find((c) => c.LastName === 'Whitfield')!;
    const link = await readSidebar(page, (root) => root.querySelector('[data-testid=duplicate-link]')?.getAttribute('href'));
    expect(link).toBe(`${emulator.url}/lightning/r/Contact/${String(existing.Id)}/view`);
    expect(records(emulator, 'Contact').filter((c) => c.LastName === 'Whitfield')).toHaveLength(1);
    await clickInSidebar(page, '[data-testid=duplicate-use]');
    await cardName(page, 'Dana Whitfield');
    expect(await field(page, 'title')).toBe('Buyer');
    expect(records(emulator, 'Contact').filter((c) => c.LastName === 'Whitfield')).toHaveLength(1);
  });
});

describe('an app with refresh token rotation', () => {
  it('keeps each new refresh token, so the rep stays connected refresh after refresh; then an app that wants a secret says what to change', async () => {
    const { page, emulator } = await open({ configure: (sf) => sf.emulator.control.updateClient(undefined, { refreshTokenRotation: true }) });
    const control = emulator.emulator.control;
    const mark = control.mark();
    for (const [contact, name] of [
      [BEN, 'Ben Carter'],
      [YAMADA, '山田 太郎'],
    ] as const) {
      control.expireAccessTokens();
      await showContact(page, contact);
      await cardName(page, name);
    }
    expect(control.requestsSince(mark).requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200)).toHaveLength(2);
    // Each refresh replaced the refresh token: one is alive, the one the sidebar holds.
    expect(emulator.emulator.state.tokens.counts().refreshTokens).toBe(1);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=connected]'));

    control.updateClient(undefined, { consumerSecret: 'kept-by-servers-only', requireSecretForRefreshTokenFlow: true });
    control.expireAccessTokens();
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+818022223333' }));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=needs-reconnect]'));
    const problem = await readSidebar(page, (root) => root.querySelector('[data-testid=connection-problem]')?.textContent);
    expect(problem).toContain('"Require Secret for Refresh Token Flow"');
  });
});

describe('a rep in Tokyo', () => {
  it('reads stages and Task statuses in Japanese, as her org labels them for her', async () => {
    const { page } = await open({ configure: (sf) => sf.emulator.control.updateSettings({ loginUser: DEMO_FACTS.tokyoRep.username }) });
    await page.evaluate((contactId) => window.dialpadStandin.showContact(contactId), '6192449487634432');
    await waitForSidebar(page, (root, name) => root.querySelector('[data-testid=record-card]:not([data-partial]) [data-field=name]')?.textContent === name, DEMO_FACTS.yamada.name);
    const shown = await readSidebar(page, (root) => {
      const card = root.querySelector('[data-testid=record-card]:not([data-partial])');
      const statuses = (list: string) => [...(card?.querySelectorAll(`[data-testid=${list}] [data-task-id] [data-field=status] dd`) ?? [])].map((dd) => dd.textContent);
      return { stage: card?.querySelector('[data-field=stage] dd')?.textContent ?? null, next: statuses('next-steps') };
    });
    expect(shown!.stage).toBe('交渉/レビュー');
    expect(shown!.next).toContain('未着手');
    for (const status of shown!.next) expect(status).toMatch(/^[^\x20-\x7e]+$/);
  });

  it('dates a call at 23:30 UTC on the Tokyo day (their Salesforce time zone), not the UTC one', async () => {
    const { page, emulator } = await open({ configure: (sf) => sf.emulator.control.updateSettings({ loginUser: DEMO_FACTS.tokyoRep.username }) });
    // Who is connected sits behind the header's connection button.
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=connected]'));
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    await waitForSidebar(page, (root, name) => root.querySelector('[data-testid=connected-user]')?.textContent?.startsWith(name as string), DEMO_FACTS.tokyoRep.name);
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    // The next 23:30 UTC from now (after connecting, so the history row is the sidebar's to log).
    const now = new Date();
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 30));
    if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
    const entry = await page.evaluate(
      (startedAt) => window.dialpadStandin.addHistoryCall({ number: '+14155550100', direction: 'outbound', durationSeconds: 75, device: 'desk phone', status: 'completed', startedAt } as never),
      at.toISOString(),
    );
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    const tokyoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(at);
    expect(tokyoDay).not.toBe(at.toISOString().slice(0, 10));
    await expect.poll(() => records(emulator, 'Task').filter((t) => t.CallObject === entry.callId).map((t) => t.ActivityDate), { timeout: 20_000 }).toEqual([tokyoDay]);
  });
});

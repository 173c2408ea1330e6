/**
 * What a hostile Dialpad page, or a compromised renderer running as our content script, can do
 * (#17; the threat model is in docs/ARCHITECTURE.md), tried in Chromium against the real background.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { RunningEmulator } from '../../emulator/server';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { TAB_WRITE_BURST, TAB_WRITE_REFILL_MS } from '../../lib/background/write-budget';
import { factsOf } from '../support/org-facts';
import { clickInSidebar, E2E_EXTENSION_ID, evaluateInContentScript, extensionWorker, readSidebar, stopExtensionWorker, waitForSidebar, waitForSidebarElement, waitForSidebarValue } from './harness';
import { startConnectedWorld, type World } from './world';

const DANA = '5910974510923776';
const BEN = '5629499534213120';

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

type Reply = { ok: boolean; error?: { code: string }; logged?: boolean; held?: boolean };

/** Sends `messages` to the background from the content script's world, as a compromised renderer could. */
function sendFromContentScript(messages: object[], from: Page = page): Promise<Reply[]> {
  return evaluateInContentScript(
    from,
    async (list) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime;
      const replies = [];
      for (const message of list) replies.push(await runtime.sendMessage(message));
      return replies as Reply[];
    },
    messages,
  );
}

/** A 20-second call from Ben, answered and hung up, then the history that gives it its id. */
async function callFromBen(): Promise<{ callId: string }> {
  await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
  const live = await page.evaluate(() => window.dialpadStandin.answer());
  await page.evaluate(() => window.dialpadStandin.advance(20));
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-call-state=connected][data-elapsed="20"]'));
  await page.evaluate(() => window.dialpadStandin.hangUp());
  await waitForSidebar(page, (root) => !root.querySelector('[data-testid=live-call]'));
  await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
  return live;
}

describe('messages by origin', () => {
  it('a Dialpad page may not connect, disconnect, change settings, discard a write, or touch a record it was not shown', async () => {
    const tasks = emulator.emulator.control.records('Task') as Array<{ Id: string; Subject: string; WhoId: string | null }>;
    const someTask = tasks.find((task) => task.WhoId)!;
    const mark = emulator.emulator.control.mark();
    const replies = await sendFromContentScript([
      { type: 'connect' },
      { type: 'disconnect' },
      { type: 'saveSettings', settings: { loginHost: 'evil.my.salesforce.com' } },
      { type: 'discardOutboxItem', key: 'call:1', confirmed: true },
      { type: 'editTask', taskId: someTask.Id, subject: 'Overwritten by the page', note: null, person: null },
      { type: 'saveNote', person: { type: 'Contact', id: someTask.WhoId, name: 'Someone' }, subject: 'Planted by the page', note: null, callId: null },
      { type: 'pickRecord', person: { phones: ['+14155550100'] }, recordType: 'Contact', recordId: someTask.WhoId },
    ]);
    expect(replies.map((reply) => reply.error?.code)).toEqual(Array(7).fill('not-allowed'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=connected]'));
    expect(emulator.emulator.control.requestsSince(mark).requests).toEqual([]);
    const [settings] = (await sendFromContentScript([{ type: 'getSettings' }])) as Array<Reply & { settings?: { loginHost?: string } }>;
    expect(settings!.settings?.loginHost).toBe(emulator.url);
  });
});

/** Writes `items` into a storage area from the content script's world, as a compromised renderer could. */
function writeFromContentScript(area: 'local' | 'sync', items: Record<string, unknown>): Promise<void> {
  return evaluateInContentScript(
    page,
    async (where, values) => {
      const storage = (globalThis as unknown as { chrome: { storage: Record<string, { set(v: object): Promise<void> }> } }).chrome.storage;
      await storage[where]!.set(values);
    },
    area,
    items,
  );
}

describe("matching's stores and the settings out of the page's reach (#17)", () => {
  it('a record id planted where content scripts can write is never shown, picked, noted on or edited', async () => {
    const tasks = emulator.emulator.control.records('Task') as Array<{ Id: string; Subject: string; WhoId: string | null }>;
    const target = tasks.find((task) => task.WhoId)!;
    const card = {
      type: 'Contact', id: target.WhoId, name: 'Planted Person', owner: null, title: null, company: null, stage: null, email: null, phones: ['+16465550142'],
      nextSteps: [], pastActivity: [{ id: target.Id, subject: target.Subject, dueDate: null, status: 'Completed', assignedTo: null, callType: null, durationSeconds: null, description: null }],
      opportunities: [], cases: [], contacts: [], sections: { opportunities: false, cases: false, contacts: false },
      recordUrl: `${emulator.url}/lightning/r/Contact/${target.WhoId}/view`, activityUrl: `${emulator.url}/x`,
    };
    const outcome = { kind: 'matched', card, candidates: [], picked: true };
    // Dana has no record in the org; the page plants one for her under every key the old stores used.
    const keys = [`${DANA}|tel:+16465550142`, '*|tel:+16465550142'];
    await writeFromContentScript('local', {
      'matching.cache': { entries: { [keys[0]!]: { outcome, storedAt: Date.now() } }, alias: { [keys[1]!]: keys[0] } },
      'matching.picks': Object.fromEntries(keys.map((key) => [key, { type: 'Contact', id: target.WhoId, name: 'Planted Person', pickedAt: Date.now() }])),
      'matching.related': { [target.WhoId!.slice(0, 15)]: null },
      'matching.who': { keys: { exact: keys[0], shared: keys[1] }, card: { ...card, partial: true } },
    });
    // Nudge the sidebar to ask again, as a forged stamp can.
    await writeFromContentScript('local', { 'sidebar.changedAt': Date.now() });
    await page.evaluate((id) => window.dialpadStandin.showContact(id), DANA);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=no-match]'));
    expect(await readSidebar(page, (root) => root.textContent?.includes('Planted Person'))).toBe(false);
    const mark = emulator.emulator.control.mark();
    const replies = await sendFromContentScript([
      { type: 'pickRecord', person: { phones: ['+16465550142'], dialpadContactId: DANA }, recordType: 'Contact', recordId: target.WhoId },
      { type: 'editTask', taskId: target.Id, subject: 'Overwritten by the page', note: null, person: { type: 'Contact', id: target.WhoId, name: 'Planted Person' } },
      { type: 'saveNote', person: { type: 'Contact', id: target.WhoId, name: 'Planted Person' }, subject: 'Planted by the page', note: null, callId: null },
      { type: 'setRelatedTo', person: { type: 'Contact', id: target.WhoId }, related: null },
    ]);
    expect(replies.map((reply) => reply.error?.code)).toEqual(Array(4).fill('not-allowed'));
    expect(emulator.emulator.control.requestsSince(mark).requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('org facts written to storage.local from the content script change nothing the background writes', async () => {
    // Facts as the background would read them, forged: "Deferred" is the org's only closed status.
    const org = emulator.emulator.state.org;
    const rep = org.users().find((user) => user.Username === DEMO_FACTS.rep.username)!;
    const facts = factsOf(org, { userId: rep.Id, apiVersion: '62.0', now: new Date() });
    const forged = { ...facts, taskStatuses: facts.taskStatuses.filter((status) => status.value !== 'Completed').map((status) => ({ ...status, closed: status.value === 'Deferred' })) };
    await writeFromContentScript('local', { 'salesforce.orgFacts': forged });
    // A worker that starts again reads its facts from where they are kept.
    await stopExtensionWorker(world.launched.browser);
    const live = await callFromBen();
    const statuses = () => (emulator.emulator.control.records('Task') as Array<{ CallObject?: string; Status?: string }>).filter((task) => task.CallObject === live.callId).map((task) => task.Status);
    await expect.poll(statuses, { timeout: 30_000, interval: 200 }).toEqual(['Completed']);
  });

  it('settings written to storage.sync from the content script change nothing the background does', async () => {
    await writeFromContentScript('sync', { settings: { autoLogging: false, internalNumbers: ['+1*'], loginHost: 'evil.my.salesforce.com', consumerKey: 'planted' } });
    await writeFromContentScript('local', { 'sidebar.changedAt': Date.now() });
    const [settings] = (await sendFromContentScript([{ type: 'getSettings' }])) as Array<Reply & { settings?: { loginHost?: string; consumerKey?: string; autoLogging?: boolean } }>;
    expect(settings!.settings).toMatchObject({ loginHost: emulator.url, consumerKey: emulator.consumerKey, autoLogging: true });
    // A call from an outside number is logged as ever.
    const live = await callFromBen();
    const logged = () => (emulator.emulator.control.records('Task') as Array<{ CallObject?: string }>).filter((task) => task.CallObject === live.callId).length;
    await expect.poll(logged, { timeout: 30_000, interval: 200 }).toBe(1);
  });
});

describe('what the page and its renderer cannot reach', () => {
  it('a page script has no way to message the background', async () => {
    const tried = await page.evaluate(async (id) => {
      const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?(id: string, m: object): Promise<unknown> } } }).chrome?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return 'no runtime';
      try {
        return JSON.stringify(await runtime.sendMessage(id, { type: 'getStatus' }));
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    }, E2E_EXTENSION_ID);
    // No externally_connectable in the manifest: a web page gets no chrome.runtime.sendMessage at all.
    expect(tried).toBe('no runtime');
  });

  it('a content script cannot read the access token, and finds the refresh token only sealed', async () => {
    const worker = await extensionWorker(world.launched.browser);
    const session = (await worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<object> } } } }).chrome.storage.session.get('salesforce.access'))) as Record<string, { accessToken?: string } | undefined>;
    const accessToken = session['salesforce.access']?.accessToken ?? '';
    expect(accessToken.length).toBeGreaterThan(20);
    const seen = await evaluateInContentScript(page, async () => {
      const storage = (globalThis as unknown as { chrome: { storage: { session: { get(): Promise<object> }; local: { get(): Promise<Record<string, unknown>> } } } }).chrome.storage;
      const session = await storage.session.get().then(
        (all) => JSON.stringify(all),
        (error: unknown) => `refused: ${String(error)}`,
      );
      const local = await storage.local.get();
      const connection = local['salesforce.connection'] as { refreshToken?: Record<string, unknown> } | undefined;
      return { session, local: JSON.stringify(local), refreshToken: Object.keys(connection?.refreshToken ?? {}).sort() };
    });
    expect(seen.session).toMatch(/^refused: .*not allowed/i);
    expect(seen.local).not.toContain(accessToken);
    expect(seen.refreshToken).toEqual(['data', 'iv']);
  });
});

describe('the sidebar closed to the page', () => {
  it('a script of the Dialpad page finds nothing to read in the sidebar, cannot click it, and hears nothing typed in it', async () => {
    // A script that runs before ours and wraps attachShadow, as a session-replay script might.
    await page.evaluateOnNewDocument(() => {
      const attach = Element.prototype.attachShadow;
      const captured: ShadowRoot[] = [];
      (window as unknown as { capturedRoots: ShadowRoot[] }).capturedRoots = captured;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        const root = attach.call(this, init);
        captured.push(root);
        return root;
      };
    });
    await page.reload();
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate((id) => window.dialpadStandin.showContact(id), BEN);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === 'Ben Carter');
    // What only Salesforce knows (the stand-in's page shows Ben, but not his opportunity or Tasks).
    const secrets = (await readSidebar(page, (root) => [root.querySelector('[data-field=stage] dd')?.textContent, root.querySelector('[data-testid=next-steps] [data-field=subject]')?.textContent]))!;
    expect(secrets.every(Boolean)).toBe(true);
    const collapse = await waitForSidebarElement(page, '[data-testid=collapse]');
    const at = await collapse.evaluate((button) => {
      const box = button.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    });

    const seen = await page.evaluate(
      (found: string[], point: { x: number; y: number }) => {
        const host = document.querySelector('sfsd-sidebar')!;
        const readable = [document.documentElement.outerHTML, document.body.innerText, host.innerHTML, host.textContent ?? ''].join('\n');
        const captured = (window as unknown as { capturedRoots: ShadowRoot[] }).capturedRoots.filter((root) => root.host === host);
        // Clicks: on what is under the collapse button (the host, retargeted), and at the host itself.
        const under = document.elementFromPoint(point.x, point.y);
        (under as HTMLElement | null)?.click();
        host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: point.x, clientY: point.y }));
        // The sidebar's shortcut, as a script can send it.
        window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: 'KeyS', key: 'S', bubbles: true }));
        document.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: 'KeyS', key: 'S', bubbles: true }));
        return {
          shadowRoot: host.shadowRoot,
          leaked: found.filter((text) => readable.includes(text)),
          captured: captured.length,
          under: under?.tagName.toLowerCase() ?? null,
        };
      },
      secrets as string[],
      at,
    );
    expect(seen).toEqual({ shadowRoot: null, leaked: [], captured: 0, under: 'sfsd-sidebar' });
    expect(await readSidebar(page, (root) => root.querySelector('aside')?.getAttribute('data-collapsed'))).toBe('false');

    // A keylogger of the page, listening where events bubble to.
    await page.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      for (const type of ['keydown', 'keyup', 'keypress', 'beforeinput', 'input']) {
        document.addEventListener(type, (event) => heard.push(`${type}:${(event as KeyboardEvent).key ?? (event as InputEvent).data ?? ''}`));
        window.addEventListener(type, (event) => heard.push(`${type}:${(event as KeyboardEvent).key ?? (event as InputEvent).data ?? ''}`));
      }
    });
    await clickInSidebar(page, '[data-testid=create-todo]');
    const form = await waitForSidebarElement(page, '[data-testid=todo-form]');
    await (await form.$('[name=subject]'))!.type('Secret pricing');
    expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);
    await clickInSidebar(page, '[data-testid=todo-close]');
  });
});

describe('storage that cannot crowd out the outbox', () => {
  it('logs every call while a content script has filled storage.local to the brim', async () => {
    // What a hostile page's renderer can do: fill the area content scripts may write, to the last byte.
    const filled = await evaluateInContentScript(page, async () => {
      const local = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void>; getBytesInUse(k: null): Promise<number> } } } }).chrome.storage.local;
      let n = 0;
      for (let size = 1 << 20; size >= 16; size >>= 1) {
        for (;;) {
          try {
            await local.set({ [`filler-${n++}`]: 'x'.repeat(size) });
          } catch {
            break;
          }
        }
      }
      return local.getBytesInUse(null);
    });
    expect(filled).toBeGreaterThan(10_000_000);
    const callIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
      const live = await page.evaluate(() => window.dialpadStandin.answer());
      await page.evaluate(() => window.dialpadStandin.advance(30));
      await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-call-state=connected][data-elapsed="30"]'));
      await page.evaluate(() => window.dialpadStandin.hangUp());
      await waitForSidebar(page, (root) => !root.querySelector('[data-testid=live-call]'));
      callIds.push(live.callId);
    }
    // The live call shows no id (as in today's Dialpad): the history rows give the three calls theirs.
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    const logged = () => (emulator.emulator.control.records('Task') as Array<{ CallObject?: string }>).filter((task) => callIds.includes(task.CallObject ?? '')).length;
    await expect.poll(logged, { timeout: 30_000, interval: 200 }).toBe(3);
    await evaluateInContentScript(page, async () => {
      const local = (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<Record<string, unknown>>; remove(k: string[]): Promise<void> } } } }).chrome.storage.local;
      await local.remove(Object.keys(await local.get()).filter((key) => key.startsWith('filler-')));
    });
  });
});

describe('the write budget of a Dialpad tab', () => {
  it('a flood of forged call reports from one tab creates at most the budget\'s Tasks; the rest are held, shown, and logged once the user releases them on the settings page', async () => {
    // A tab of its own: its write budget is whole (the other tests' calls came from the first tab).
    const flooding = await world.launched.browser.newPage();
    const options = await world.launched.browser.newPage();
    try {
      await flooding.goto(world.standin.url);
      await flooding.evaluate(() => window.dialpadStandin.useManualClock());
      await flooding.evaluate((id) => window.dialpadStandin.showContact(id), BEN);
      await waitForSidebar(flooding, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === 'Ben Carter');
      // Calls that never happened, each with a call id of its own, on Ben's line, "seen live".
      const flood = TAB_WRITE_BURST + 30;
      const prefix = `forged${Date.now()}`;
      const startedAt = Date.now();
      const forged = Array.from({ length: flood }, (_, i) => ({
        type: 'callFinished',
        call: { callId: `${prefix}-${i}`, direction: 'outbound', number: '+14155550100', name: 'Ben Carter', startedAt: startedAt - i * 1_000, durationSeconds: 42, outcome: 'answered', provisional: false },
        internal: false,
        dialpadContactId: null,
        seenLive: true,
      }));
      const replies = await sendFromContentScript(forged, flooding);
      const elapsed = Date.now() - startedAt;
      expect(replies.every((reply) => reply.ok && reply.logged)).toBe(true);
      const held = replies.filter((reply) => reply.held).length;
      // The budget: its burst, and what refilled while the flood was being sent.
      const allowed = TAB_WRITE_BURST + Math.floor(elapsed / TAB_WRITE_REFILL_MS);
      expect(held).toBeGreaterThanOrEqual(flood - allowed);
      const forgedTasks = () => (emulator.emulator.control.records('Task') as Array<{ CallObject?: string }>).filter((task) => task.CallObject?.startsWith(prefix)).length;
      await expect.poll(forgedTasks, { timeout: 90_000, interval: 250 }).toBe(flood - held);
      // A page cannot release them, and they stay held.
      expect((await sendFromContentScript([{ type: 'releaseHeld', keys: 'all' }], flooding))[0]!.error?.code).toBe('not-allowed');
      // The sidebar says so, and sends the user to the settings to release or discard them.
      await waitForSidebarValue(flooding, 30_000, (root, count) => Boolean(root.querySelector(`[data-testid=outbox-held][data-held="${count}"]`)), held);
      expect(await readSidebar(flooding, (root) => root.querySelectorAll('[data-outbox-key][data-held=true] [data-testid=outbox-manage]').length)).toBe(held);
      expect(forgedTasks()).toBe(flood - held);

      // The user, on the extension's own page, releases them: each is logged.
      await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
      const release = await options.waitForSelector('[data-testid=options-outbox] [data-testid=outbox-release-all]');
      expect(await options.$eval('[data-testid=options-outbox] [data-testid=outbox-held]', (line) => line.getAttribute('data-held'))).toBe(String(held));
      await release!.click();
      await expect.poll(forgedTasks, { timeout: 90_000, interval: 250 }).toBe(flood);
      await options.waitForSelector('[data-testid=options-outbox] [data-testid=outbox-held]', { hidden: true });
    } finally {
      await options.close();
      await flooding.close();
    }
  });
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

/**
 * The soak (B1): many calls while the emulator injects expired sessions, 5xx answers, an
 * exhausted API allowance and offline periods; the worker is stopped now and then (some of those
 * times mid-write, after Salesforce created the Task but before the answer arrived); every fifth
 * call shows in two Dialpad tabs; every seventh call gets a note written in the sidebar during the
 * call; one browser restart on the same profile in the middle. Every logged call must end as
 * exactly one Task, with its note.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { clickInSidebar, E2E_EXTENSION_ID, extensionWorker, launchBrowser, stopExtensionWorker, waitForSidebar, waitForSidebarElement } from '../tests/e2e/harness';
import { round, type Figure } from './figures';
import { apiRequests, makeCall, showHistory, startWorld, tasksByCall } from './salesforce-figures';

export interface SoakResult {
  figures: Figure[];
  /** Lost or duplicated Tasks: the benchmark fails on these. */
  broken: boolean;
}

export async function soak(options: { calls: number; settleMs: number; seed?: number }): Promise<SoakResult> {
  const profile = await mkdtemp(path.join(tmpdir(), 'sfsd-soak-'));
  const world = await startWorld({ people: 20, userDataDir: profile });
  const control = world.emulator.emulator.control;
  const faults = { expired: 0, http5xx: 0, limit: 0, offline: 0, restarts: 0, stops: 0, stopsMidWrite: 0, twoTabCalls: 0 };
  const openSecondTab = async () => {
    const tab = await world.launched.browser.newPage();
    await tab.goto(world.standin.url);
    await waitForSidebarElement(tab, 'aside');
    await tab.evaluate(() => window.dialpadStandin.useManualClock());
    await world.page.bringToFront();
    return tab;
  };
  let secondTab = await openSecondTab();
  /** Stops the worker; Chrome does this to idle workers, and to busy ones that run too long. */
  const stopWorker = async () => {
    await stopExtensionWorker(world.launched.browser);
    faults.stops += 1;
    await world.page.bringToFront();
  };
  let seed = options.seed ?? 11;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const callIds: string[] = [];
  /** Notes written during calls, by call id; each must end up in its call's Task. */
  const notes = new Map<string, { subject: string; note: string }>();
  let notesSkipped = 0;
  const mark = control.mark();
  try {
    for (let i = 0; i < options.calls; i++) {
      const roll = random();
      let hold: ReturnType<typeof control.holdNextAnswer> | null = null;
      if (roll < 0.1) {
        control.expireAccessTokens();
        faults.expired += 1;
      } else if (roll < 0.22) {
        control.failNext({ count: 1 + Math.floor(random() * 2), status: random() < 0.5 ? 503 : 500 });
        faults.http5xx += 1;
      } else if (roll < 0.25) {
        control.setApiUsage({ exhaust: true });
        faults.limit += 1;
      } else if (roll < 0.28) {
        control.goOffline(1500);
        faults.offline += 1;
      } else if (roll < 0.31) {
        await stopWorker();
      } else if (roll < 0.34) {
        // This call's write is carried out by Salesforce, and the worker stopped before the answer.
        hold = control.holdNextAnswer({ method: 'POST', path: /\/sobjects\/Task$/ });
      } else if (roll > 0.9) {
        // The allowance resets (a new day) some calls after it ran out.
        control.setApiUsage({ used: 0 });
      }
      if (i === Math.floor(options.calls / 2)) {
        // Dialpad keeps its call history on its servers; the stand-in keeps it in the page, so a
        // restart would lose the last call's history row before the extension read it. As a user
        // would see it again after the restart, wait (bounded) until its row gave the call its id.
        await historyRead(world.launched.browser, callIds.at(-1)!, 15_000);
        // One browser restart on the same profile: the outbox and the connection must survive it.
        await world.launched.close();
        world.launched = await launchBrowser({ userDataDir: profile });
        world.page = await world.launched.browser.newPage();
        await world.page.goto(world.standin.url);
        await waitForSidebarElement(world.page, 'aside');
        await world.page.evaluate(() => window.dialpadStandin.useManualClock());
        secondTab = await openSecondTab();
        faults.restarts += 1;
      }
      const person = world.people[i % world.people.length]!;
      const direction = i % 3 === 0 ? 'outbound' : 'inbound';
      if (i % 5 === 2) {
        callIds.push(await callInTabs([secondTab, world.page], person.number, 20 + (i % 50), direction, String(9_100_000_000_000_000 + i)));
        faults.twoTabCalls += 1;
      } else if (i % 7 === 3) {
        const written = { subject: `Soak note ${i}`, note: `Call ${i}: "quoted" <b>not bold</b> 100% _x_ \\ 見積もり` };
        let noted = false;
        const callId = await makeCall(world.page, person.number, 20 + (i % 50), direction, async () => void (noted = await writeNote(world.page, written)));
        callIds.push(callId);
        if (noted) notes.set(callId, written);
        else notesSkipped += 1;
      } else {
        callIds.push(await makeCall(world.page, person.number, 20 + (i % 50), direction));
      }
      if (hold) {
        // Under other faults the write may not go out now; then the stop is an idle one.
        const reached = await Promise.race([hold.reached.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
        await stopWorker();
        hold.release();
        if (reached) faults.stopsMidWrite += 1;
      }
    }
    // The faults stop. Writes held back by the API limit wait 15 minutes or more (the allowance is
    // daily); the user sees them in the outbox and presses Retry, as the popup invites them to.
    control.clearFaults();
    control.goOnline();
    control.setApiUsage({ used: 0 });
    const optionsPage = await world.launched.browser.newPage();
    await optionsPage.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    const send = (message: object) =>
      optionsPage.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: object): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message);
    const retried = (await send({ type: 'retryOutbox', keys: 'all' })) as { retried?: number };
    const deadline = Date.now() + options.settleMs;
    const tasks = () => control.records('Task') as Array<Record<string, unknown>>;
    const notesMissing = () =>
      [...notes].filter(([callId, written]) => !tasks().some((t) => t.CallObject === callId && t.Subject === written.subject && t.Description === written.note)).length;
    while ((tasksByCall(world.emulator, callIds).created < callIds.length || notesMissing() > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const result = tasksByCall(world.emulator, callIds);
    const missingNotes = notesMissing();
    if (process.env.SFSD_SOAK_DEBUG && result.lost > 0) {
      const tasks = control.records('Task') as Array<Record<string, unknown>>;
      const lost = callIds.filter((id) => !tasks.some((t) => t.CallObject === id));
      const seen = await world.page.evaluate(() => document.documentElement.dataset.sfsdEvents ?? '[]');
      const local = await optionsPage.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get());
      for (const id of lost) {
        console.error(`LOST ${id} index ${callIds.indexOf(id)} restart at ${Math.floor(options.calls / 2)}; events: ${seen.includes(id) ? 'seen' : 'not seen'}; live store: ${JSON.stringify(local['dialpad.liveCalls'] ?? {}).includes(id)}; logged: ${JSON.stringify(local['outbox.loggedCalls'] ?? {}).includes(id)}`);
      }
      // Calls logged under their stable key, and what the matching kept of them (no personal data in a soak).
      const strays = tasks.filter((t) => typeof t.CallObject === 'string' && /-/.test(t.CallObject)).map((t) => t.CallObject as string);
      const matched = await seenCalls(world.launched.browser);
      for (const key of strays) console.error(`STRAY ${key}: ${JSON.stringify(matched.filter((e) => e.key === key || lost.includes(e.historyId ?? '')))}; lost: ${JSON.stringify(lost.map((id) => matched.filter((e) => e.key === id || e.historyId === id)))}`);
    }
    const all = apiRequests(world.emulator, mark);
    const requests = all.length;
    const byKind = new Map<string, number>();
    for (const r of all) {
      const key = `${r.method} ${r.path.replace(/^\/services\/data\/v[\d.]+/, '').replace(/\/[0-9a-zA-Z]{15,18}$/, '/:id')} ${r.status}`;
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
    }
    const top = [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([key, n]) => `${n}× ${key}`).join(', ');
    // What still waits, and why: the first place to look when a Task is missing.
    const outbox = (await send({ type: 'getOutbox' })) as { ok: boolean; outbox?: { byStatus: Record<string, number>; items: Array<{ status: string; error: string | null; personProblem: string | null }> } };
    const waiting = outbox.outbox ? Object.entries(outbox.outbox.byStatus).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`).join(', ') : 'unknown';
    // Tasks logged under an id that is not Dialpad's (the reader never saw the call's id).
    const strays = (control.records('Task') as Array<Record<string, unknown>>).filter((t) => typeof t.CallObject === 'string' && /-/.test(t.CallObject)).length;
    const reasons = [...new Set(outbox.outbox?.items.map((item) => item.error ?? item.personProblem).filter(Boolean) ?? [])].slice(0, 3).join(' | ');
    return {
      broken: result.lost > 0 || result.duplicates > 0 || missingNotes > 0,
      figures: [
        {
          id: 'Soak',
          name: `${options.calls} calls under faults: Tasks created / lost / duplicated`,
          value: result.created,
          unit: 'Tasks',
          target: options.calls,
          compare: '==',
          detail: `${result.lost} lost, ${result.duplicates} duplicated (still in the outbox: ${waiting || 'nothing'}${reasons ? `; ${reasons}` : ''}; logged without Dialpad's call id: ${strays}); faults: ${faults.expired} expired sessions, ${faults.http5xx} 5xx bursts, ${faults.limit} API-limit periods, ${faults.offline} offline periods, ${faults.stops} worker stops (${faults.stopsMidWrite} mid-write), ${faults.restarts} browser restart; ${faults.twoTabCalls} calls seen in two tabs; notes written during calls: ${notes.size}, ${notes.size - missingNotes} in their call's Task${notesSkipped ? ` (${notesSkipped} not written: no card to write from)` : ''}`,
        },
        {
          id: 'P3f',
          name: 'Salesforce requests per logged call (faulty run)',
          value: round(requests / options.calls, 2),
          unit: 'requests',
          target: 1.05,
          compare: '<=',
          detail: `includes first views, retries and refused requests; most: ${top}; ${retried.retried ?? 0} writes retried by the user after the faults; no target for the faulty run in the issue`,
        },
      ],
    };
  } finally {
    await world.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * One call while Dialpad is open twice: Dialpad keeps one tab active, the other shows its one-tab
 * banner and no call, and must report nothing.
 */
async function callInTabs(tabs: Page[], number: string, seconds: number, direction: 'inbound' | 'outbound', callId: string): Promise<string> {
  // The stand-in acts in the tab in front (its actions wait for a frame).
  for (const tab of tabs) {
    await tab.bringToFront();
    if (direction === 'inbound') await tab.evaluate((n, id) => window.dialpadStandin.incomingCall({ number: n, callId: id }), number, callId);
    else await tab.evaluate((n, id) => window.dialpadStandin.outgoingCall({ number: n, callId: id }), number, callId);
    await tab.evaluate(() => window.dialpadStandin.answer());
  }
  for (const tab of tabs) {
    await tab.bringToFront();
    await tab.evaluate((s) => window.dialpadStandin.advance(s), seconds);
    if (await tab.evaluate(() => window.dialpadStandin.state().activeTab)) {
      await waitForSidebar(tab, (root, s) => root.querySelector(`[data-testid=live-call][data-elapsed="${s}"]`), seconds);
    }
  }
  for (const tab of tabs) {
    await tab.bringToFront();
    await tab.evaluate(() => window.dialpadStandin.hangUp());
  }
  for (const tab of tabs) if (await tab.evaluate(() => window.dialpadStandin.state().activeTab)) await showHistory(tab);
  return callId;
}

/**
 * Writes a note for the live call in the sidebar's ToDo form (T2); false when it cannot (the form
 * belongs to the person's card, which a fault may keep away).
 */
async function writeNote(page: Page, written: { subject: string; note: string }): Promise<boolean> {
  const button = await waitForSidebarElement(page, '[data-testid=match][data-match-state=matched] [data-testid=create-todo]', 10_000).catch(() => null);
  if (!button) return false;
  await clickInSidebar(page, '[data-testid=create-todo]');
  const form = await waitForSidebarElement(page, '[data-testid=todo-form]');
  // The form offers the live call first, chosen by default.
  await waitForSidebar(page, (root) => Boolean((root.querySelector('[data-testid=todo-form] [name=call]') as HTMLSelectElement | null)?.value));
  await (await form.$('[name=subject]'))!.type(written.subject);
  await (await form.$('[name=note]'))!.type(written.note);
  await clickInSidebar(page, '[data-testid=todo-save]');
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=todo-saved]'));
  await clickInSidebar(page, '[data-testid=todo-close]');
  await waitForSidebar(page, (root) => !root.querySelector('[data-testid=todo-form]'));
  return true;
}

/** What the outbox's database (IndexedDB `sfsd-outbox`, see lib/calllog/outbox-db.ts) keeps of calls seen live. */
async function seenCalls(browser: Parameters<typeof extensionWorker>[0]): Promise<Array<{ key: string; historyId: string | null }>> {
  const worker = await extensionWorker(browser).catch(() => null);
  if (!worker) return [];
  const seen = await worker
    .evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open('sfsd-outbox', 1);
          open.onerror = () => resolve({});
          open.onupgradeneeded = () => open.result.createObjectStore('state');
          open.onsuccess = () => {
            const get = open.result.transaction('state', 'readonly').objectStore('state').get('seen');
            get.onsuccess = () => {
              resolve(get.result ?? {});
              open.result.close();
            };
            get.onerror = () => resolve({});
          };
        }),
    )
    .catch(() => ({}));
  return Object.values(seen as Record<string, { key: string; historyId: string | null }>);
}

/** Waits until the call history's row `callId` was matched to the call seen live (or `timeoutMs` passes). */
async function historyRead(browser: Parameters<typeof extensionWorker>[0], callId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await seenCalls(browser)).some((entry) => entry.historyId === callId || entry.key === callId)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

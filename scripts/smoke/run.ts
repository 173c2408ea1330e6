/**
 * The smoke run: the test build in Chromium, the Dialpad stand-in showing a clearly marked test
 * person with a number nobody has, and the org under test (a real one, or the emulator). Through
 * the sidebar it connects, finds nobody, creates the test Contact, checks the card, logs a call,
 * reads the Task back, then deletes what it created and disconnects. Every step and every request
 * to Salesforce is reported.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, WebWorker } from 'puppeteer-core';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startStandin } from '../../standin/server';
import type { StandinSeed } from '../../standin/types';
import { workerHooks } from '../../tests/e2e/salesforce';
import { clickInSidebar, E2E_EXTENSION_ID, extensionWorker, launchBrowser, readSidebar, ROOT_DIR, waitForSidebarElement, waitForSidebarValue } from '../../tests/e2e/harness';
import { answerConsent } from '../../tests/e2e/salesforce';
import type { SmokeArgs } from './args';
import { describeUrl, recordRequests, SMOKE_HEADER, type CdpSession, type LoggedRequest } from './request-log';

export interface SmokeStep {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SmokeReport {
  org: string;
  callbackUrl: string;
  person: { name: string; number: string };
  steps: SmokeStep[];
  requests: LoggedRequest[];
}

/**
 * A clearly marked test person, with a number from the fictional 555-01xx range nobody should have.
 * The name has no digits: Dialpad shows it beside the number, and a number is read from digits.
 */
export function testPerson(random = Math.random): { name: string; lastName: string; e164: string; display: string; dialpadId: string } {
  const letters = Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const lastName = `SFSD-${letters}`;
  // North American area codes: first digit 2–9, not N11.
  let area: number;
  do area = 200 + Math.floor(random() * 800);
  while (area % 100 === 11);
  const line = String(Math.floor(random() * 100)).padStart(2, '0');
  const dialpadId = String(4_000_000_000_000_000 + Math.floor(random() * 1_000_000_000_000_000));
  return { name: `Smoketest ${lastName}`, lastName, e164: `+1${area}55501${line}`, display: `+1 (${area}) 555-01${line}`, dialpadId };
}

class StepFailed extends Error {}

/** Salesforce's REST API, called from inside the extension's worker with its own session (the token never leaves it). */
async function rest(worker: WebWorker, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const answer = await worker.evaluate(
    async (m, p, b, header) => {
      const chrome = (globalThis as unknown as { chrome: { storage: { session: { get(key: string): Promise<Record<string, { accessToken: string; instanceUrl: string } | undefined>> } } } }).chrome;
      const access = (await chrome.storage.session.get('salesforce.access'))['salesforce.access'];
      if (!access) return { status: 0, text: 'no Salesforce session in the extension' };
      const response = await fetch(`${access.instanceUrl}${p}`, {
        method: m,
        headers: { authorization: `Bearer ${access.accessToken}`, 'content-type': 'application/json', [header]: '1' },
        ...(b === null ? {} : { body: b }),
      });
      return { status: response.status, text: await response.text() };
    },
    method,
    apiPath,
    body === undefined ? null : JSON.stringify(body),
    SMOKE_HEADER,
  );
  let parsed: unknown = answer.text;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: answer.status, body: parsed };
}

const API = '/services/data/v62.0';
const q = (soql: string) => `${API}/query?q=${encodeURIComponent(soql)}`;

/** Runs the smoke against the org `args` names (or a fresh emulator in its strict default). */
export async function runSmoke(args: SmokeArgs, log: (line: string) => void = console.log): Promise<SmokeReport> {
  const person = testPerson();
  let emulator: RunningEmulator | null = null;
  if (args.emulator) emulator = await startEmulator({ port: 0 });
  const loginUrl = emulator ? emulator.url : args.loginUrl!;
  const consumerKey = emulator ? emulator.consumerKey : args.consumerKey!;
  const report: SmokeReport = {
    org: loginUrl,
    callbackUrl: `https://${E2E_EXTENSION_ID}.chromiumapp.org/`,
    person: { name: person.name, number: person.display },
    steps: [],
    requests: [],
  };

  const seed = JSON.parse(await readFile(path.join(ROOT_DIR, 'standin/seed/default.json'), 'utf8')) as StandinSeed;
  seed.contacts = [...seed.contacts, { id: person.dialpadId, name: person.name, phones: [{ number: person.display, label: 'work' }] }];
  // No call history: the stand-in's sample calls are not this org's to log.
  seed.history = [];
  const standin = await startStandin({ port: 0, seed });
  const launched = await launchBrowser({ headless: args.headless, width: 1440, height: 900 });
  const browser: Browser = launched.browser;
  let worker: WebWorker | null = null;
  let contactId: string | null = null;

  const step = async (name: string, run: () => Promise<string>): Promise<boolean> => {
    log(`… ${name}`);
    try {
      const detail = await run();
      report.steps.push({ name, ok: true, detail });
      return true;
    } catch (error) {
      report.steps.push({ name, ok: false, detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      return false;
    }
  };
  const fail = (message: string): never => {
    throw new StepFailed(message);
  };

  try {
    worker = await extensionWorker(browser);
    const w = worker;
    const isSalesforce = (url: string) => (emulator ? url.startsWith(emulator.url) : /^https:\/\/[^/]*(?:salesforce\.com|force\.com)\//.test(url));
    report.requests = await recordRequests((w as unknown as { client: CdpSession }).client, isSalesforce);
    // Saved where the options page saves them (the background's database, #17).
    await workerHooks(w).replaceUserSettings({ loginHost: loginUrl, consumerKey, defaultRegion: 'US' });
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(standin.url);
    await waitForSidebarElement(page, 'aside', 30_000);
    await page.evaluate(() => window.dialpadStandin.useManualClock());

    const connected = await step('Connect to Salesforce (OAuth with PKCE, as a user signs in)', async () => {
      // The sidebar's Connect opens the settings page, where a user connects (a Dialpad page may not).
      await clickInSidebar(page, '[data-testid=connect]');
      const target = await browser.waitForTarget((t) => t.type() === 'page' && t.url().startsWith(`chrome-extension://${E2E_EXTENSION_ID}/options.html`), { timeout: 20_000 });
      const options = (await target.page()) ?? fail('the sidebar did not open the settings page to connect');
      await (await options.waitForSelector('[data-testid=options-connect]'))!.click();
      if (emulator) await answerConsent(browser);
      else log(`   Sign in to Salesforce in the window that opened (you have ${args.signInMinutes} min).`);
      const outcome = await options.waitForFunction(
        () => {
          const section = document.querySelector('[data-testid=options-connection]')?.closest('section');
          if (document.querySelector('[data-testid=options-connection][data-state=connected]')) return 'connected';
          const problem = section?.querySelector('[role=alert]')?.textContent ?? document.querySelector('[data-testid=options-connection-problem]')?.textContent;
          return problem ? `problem: ${problem}` : false;
        },
        { timeout: args.signInMinutes * 60_000, polling: 250 },
      );
      const state = (await outcome.jsonValue()) as string;
      await options.close();
      // A tab in the background paints no frames: the sidebar's waits need it in front again.
      await page.bringToFront();
      if (state.startsWith('problem: ')) fail(state.slice('problem: '.length));
      await waitForSidebarValue(page, 30_000, (root) => root.querySelector('[data-testid=connection] [data-state=connected]') !== null);
      // Who is connected sits behind the header's connection button.
      await clickInSidebar(page, '[data-testid=connection-menu-button]');
      const who = await waitForSidebarValue(page, 15_000, (root) => root.querySelector('[data-testid=connected-user]')?.textContent ?? null);
      await clickInSidebar(page, '[data-testid=connection-menu-button]');
      return who;
    });
    if (!connected) return report;

    await step('Read what the org lets this user see and write (describe, TaskStatus, their time zone)', async () => {
      const facts = await w.evaluate(async () => {
        // The facts live in the extension database (lib/salesforce/org-facts.ts), read here as stored.
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('sfsd-state');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('no extension database'));
        });
        const stored = db.objectStoreNames.contains('facts')
          ? await new Promise<unknown>((resolve, reject) => {
              const request = db.transaction('facts', 'readonly').objectStore('facts').get('current');
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error ?? new Error('the facts cannot be read'));
            })
          : undefined;
        db.close();
        return stored as
          | { user: { name: string; timeZone: string | null }; objects: Record<string, { createable: boolean } | null>; taskStatuses: Array<{ value: string; closed: boolean; isDefault: boolean }> }
          | undefined;
      });
      if (!facts) fail('the sidebar has not read what the org lets the user do');
      const cannot = Object.entries(facts!.objects).filter(([, object]) => object === null).map(([name]) => name);
      const closed = facts!.taskStatuses.filter((s) => s.closed).map((s) => s.value);
      const defaults = facts!.taskStatuses.filter((s) => s.isDefault).map((s) => s.value);
      const detail = `${facts!.user.name}, time zone ${facts!.user.timeZone ?? '?'}; Task statuses closed: ${closed.join(', ') || '—'}, default: ${defaults.join(', ') || '—'}; cannot read: ${cannot.join(', ') || 'nothing'}`;
      if (!facts!.objects.Contact?.createable) fail(`this user cannot create Contacts (${detail})`);
      if (!facts!.objects.Task?.createable) fail(`this user cannot create Tasks (${detail})`);
      return detail;
    });

    const nobody = await step(`The test number ${person.display} matches nobody`, async () => {
      await page.evaluate((id) => window.dialpadStandin.showContact(id), person.dialpadId);
      const state = await waitForSidebarValue(page, 30_000, (root) => {
        const match = root.querySelector('[data-testid=match]')?.getAttribute('data-match-state');
        return match === 'none' || match === 'matched' || match === 'several' || match === 'error' ? match : null;
      });
      if (state !== 'none') fail(`the sidebar answered "${state}": someone in the org already has this number; run again (a new number is drawn each run)`);
      return 'no Contact or Lead has it';
    });
    if (!nobody) return report;

    const created = await step('Create the test Contact through the sidebar (C4)', async () => {
      await clickInSidebar(page, '[data-testid=create-contact]');
      const form = await waitForSidebarElement(page, '[data-testid=create-form]');
      await (await form.$('[name=title]'))!.type('Salesforce Sidebar smoke test — delete me');
      await clickInSidebar(page, '[data-testid=create-save]');
      let outcome = await waitForSidebarValue(page, 30_000, (root) => {
        if (root.querySelector('[data-testid=duplicates]')) return `duplicates:${root.querySelector('[data-testid=duplicates]')!.getAttribute('data-allow-save')}`;
        const card = root.querySelector('[data-testid=record-card]:not([data-partial])[data-record-type=Contact]');
        if (card) return `card:${card.getAttribute('data-record-id')}`;
        const error = root.querySelector('[data-testid=action-error]')?.textContent;
        return error ? `error:${error}` : null;
      });
      let note = '';
      if (outcome === 'duplicates:true') {
        note = ' (a duplicate rule alerted; saved anyway)';
        await clickInSidebar(page, '[data-testid=duplicate-save-anyway]');
        outcome = await waitForSidebarValue(page, 30_000, (root) => {
          const card = root.querySelector('[data-testid=record-card]:not([data-partial])[data-record-type=Contact]');
          return card ? `card:${card.getAttribute('data-record-id')}` : null;
        });
      }
      if (outcome === 'duplicates:false') fail('a blocking duplicate rule refused the test Contact');
      if (outcome.startsWith('error:')) fail(outcome.slice('error:'.length));
      contactId = outcome.slice('card:'.length);
      return `Contact ${contactId}${note}`;
    });
    if (!created) return report;

    await step('The card shows the Contact from Salesforce (R1, R4)', async () => {
      const card = await readSidebar(page, (root) => {
        const element = root.querySelector('[data-testid=record-card]:not([data-partial])');
        return { name: element?.querySelector('[data-field=name]')?.textContent ?? null, link: element?.querySelector('[data-testid=view-record]')?.getAttribute('href') ?? null };
      });
      if (!card || card.name !== person.name) return fail(`the card says "${card?.name}", not "${person.name}"`);
      if (!card.link?.includes(`/lightning/r/Contact/${contactId}/view`)) fail(`the card's link is ${card.link}`);
      return `${card.name}; ${card.link}`;
    });

    await step('Log a call as one completed Task, and read it back (T3)', async () => {
      await page.evaluate((number, name) => window.dialpadStandin.incomingCall({ number, name }), person.e164, person.name);
      const live = await page.evaluate(() => window.dialpadStandin.answer());
      await page.evaluate(() => window.dialpadStandin.advance(65));
      await waitForSidebarValue(page, 15_000, (root) => root.querySelector('[data-testid=live-call][data-call-state=connected][data-elapsed="65"]') !== null);
      await page.evaluate(() => window.dialpadStandin.hangUp());
      // Dialpad shows no call id during the call: its history row gives the call its id, and the
      // sidebar logs it then (without the row it would wait two minutes, then log it under its own key).
      await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
      const deadline = Date.now() + 60_000;
      let tasks: Array<Record<string, unknown>> = [];
      while (Date.now() < deadline) {
        const found = await rest(w, 'GET', q(`SELECT Id, Subject, Status, IsClosed, ActivityDate, WhoId FROM Task WHERE CallObject = '${live.callId}'`));
        if (found.status !== 200) fail(`reading the Task back: HTTP ${found.status} ${JSON.stringify(found.body).slice(0, 200)}`);
        tasks = (found.body as { records: Array<Record<string, unknown>> }).records;
        if (tasks.length) break;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
      if (tasks.length !== 1) fail(`${tasks.length} Tasks for the call (expected 1)`);
      const task = tasks[0]!;
      if (String(task.WhoId).slice(0, 15) !== contactId!.slice(0, 15)) fail(`the Task is about ${String(task.WhoId)}, not the test Contact`);
      if (task.IsClosed !== true) fail(`the Task is not closed (status ${String(task.Status)})`);
      return `"${String(task.Subject)}", ${String(task.Status)}, ${String(task.ActivityDate)}`;
    });
  } catch (error) {
    report.steps.push({ name: 'The run itself', ok: false, detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
  } finally {
    if (worker) await cleanUp(worker, person.lastName, report);
    if (worker) await disconnect(browser, report);
    // Answers still on their way are given a moment to land in the log.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await launched.close();
    await standin.close();
    await emulator?.close();
  }
  return report;
}

/** Deletes every Task of the test Contacts and the Contacts themselves (found by their marked last name). */
async function cleanUp(worker: WebWorker, lastName: string, report: SmokeReport): Promise<void> {
  const name = 'Delete what the run created';
  try {
    const people = await rest(worker, 'GET', q(`SELECT Id FROM Contact WHERE LastName = '${lastName}'`));
    if (people.status === 0) {
      report.steps.push({ name, ok: true, detail: 'nothing to delete (never connected)' });
      return;
    }
    if (people.status !== 200) throw new Error(`HTTP ${people.status} listing the test Contacts`);
    const ids = (people.body as { records: Array<{ Id: string }> }).records.map((r) => r.Id);
    const deleted: string[] = [];
    for (const id of ids) {
      const tasks = await rest(worker, 'GET', q(`SELECT Id FROM Task WHERE WhoId = '${id}'`));
      for (const task of (tasks.body as { records?: Array<{ Id: string }> }).records ?? []) {
        const gone = await rest(worker, 'DELETE', `${API}/sobjects/Task/${task.Id}`);
        if (gone.status !== 204) throw new Error(`HTTP ${gone.status} deleting Task ${task.Id}`);
        deleted.push(`Task ${task.Id}`);
      }
      const gone = await rest(worker, 'DELETE', `${API}/sobjects/Contact/${id}`);
      if (gone.status !== 204) throw new Error(`HTTP ${gone.status} deleting Contact ${id}: ${JSON.stringify(gone.body).slice(0, 200)}`);
      deleted.push(`Contact ${id}`);
    }
    report.steps.push({ name, ok: true, detail: deleted.length ? deleted.join(', ') : 'nothing was created' });
  } catch (error) {
    report.steps.push({ name, ok: false, detail: `${(error as Error).message} — delete the Contacts whose last name is ${lastName} by hand` });
  }
}

/** Disconnects from the options page, as a user would: Salesforce revokes the sign-in. */
async function disconnect(browser: Browser, report: SmokeReport): Promise<void> {
  const name = 'Disconnect (the sign-in is revoked at Salesforce)';
  const options = await browser.newPage();
  try {
    options.on('dialog', (dialog) => void dialog.accept());
    await options.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    const button = await options.waitForSelector('[data-testid=options-disconnect], [data-testid=options-connect]', { timeout: 15_000 });
    if ((await button!.evaluate((el) => el.getAttribute('data-testid'))) === 'options-connect') {
      report.steps.push({ name, ok: true, detail: 'was not connected' });
      return;
    }
    await button!.click();
    await options.waitForSelector('[data-testid=options-connection][data-state=disconnected]', { timeout: 15_000 });
    report.steps.push({ name, ok: true, detail: 'disconnected' });
  } catch (error) {
    report.steps.push({ name, ok: false, detail: (error as Error).message.split('\n')[0]! });
  } finally {
    await options.close().catch(() => undefined);
  }
}

/** The report as printed: every step, then every request to Salesforce with its answer. */
export function formatReport(report: SmokeReport): string {
  const lines = [`Smoke test against ${report.org}`, `Test person: ${report.person.name}, ${report.person.number}`, ''];
  for (const step of report.steps) lines.push(`${step.ok ? '✓' : '✗'} ${step.name}${step.detail ? `\n    ${step.detail}` : ''}`);
  lines.push('', `Requests to Salesforce (${report.requests.length}; "smoke" marks the kit's own reading and cleaning up):`);
  const line = (request: LoggedRequest) => `${request.bySmoke ? 'smoke  ' : 'sidebar'} ${request.method.padEnd(6)} ${describeUrl(request.url)} → ${request.status ?? '—'} ${request.answer}`.trimEnd();
  // The same request answered the same way in a row (the kit waiting for the Task) is one line.
  let number = 0;
  for (let i = 0; i < report.requests.length; ) {
    const text = line(report.requests[i]!);
    let times = 1;
    while (i + times < report.requests.length && line(report.requests[i + times]!) === text) times += 1;
    number += 1;
    lines.push(`${String(number).padStart(3)} ${text}${times > 1 ? ` (×${times})` : ''}`);
    i += times;
  }
  const failed = report.steps.filter((step) => !step.ok).length;
  lines.push('', failed === 0 ? `PASS: ${report.steps.length} steps` : `FAIL: ${failed} of ${report.steps.length} steps failed`);
  return lines.join('\n');
}

/**
 * P8: what the extension keeps in the browser after weeks of use — `count` distinct people seen,
 * each with long notes in their past activity — in `storage.local` (the outbox's summary, the
 * connection), `storage.session` and the extension origin's IndexedDB (the outbox, matching's
 * cache, picks and "Related to", the settings).
 * The people are matched the way the sidebar asks (`matchPerson`, fresh), from an extension page so
 * that no Dialpad page's read budget paces them.
 */
import { E2E_EXTENSION_ID, extensionWorker } from '../tests/e2e/harness';
import { workerHooks } from '../tests/e2e/salesforce';
import { DEMO_FACTS } from '../emulator/seed/demo-records';
import type { Figure } from './figures';
import { round } from './figures';
import { startWorld } from './salesforce-figures';

/** Notes as reps write them after a long call: a few paragraphs. */
const LONG_NOTE = 'Discussed the rollout plan, pricing for the second site, and who signs off. '.repeat(40);

export async function storageFigures(options: { people: number }): Promise<Figure[]> {
  const world = await startWorld({ people: 1 });
  try {
    const { org, state } = world.emulator.emulator;
    const rep = state.findUser(DEMO_FACTS.rep.username);
    if (!rep) throw new Error('The demo rep is missing from the emulator');
    const ctx = { userId: rep.Id as string, apiVersion: '62.0', now: new Date() };
    const numbers: string[] = [];
    for (let i = 0; i < options.people; i++) {
      // 555-01xx numbers are fictional; the exchange varies so every person has a number of their own.
      const number = `+1 628 ${String(200 + Math.floor(i / 100)).padStart(3, '0')}-${String(1000 + (i % 100)).padStart(4, '0')}`;
      const id = org.create('Contact', { FirstName: `Person${i}`, LastName: `Seen${i}`, Phone: number, Title: 'Director of Operations', Email: `person${i}@example.com` }, ctx);
      for (let t = 0; t < 3; t++) org.create('Task', { Subject: `Call ${t + 1}`, WhoId: id, Status: 'Completed', ActivityDate: '2026-11-01', Description: LONG_NOTE }, ctx);
      numbers.push(number);
    }
    const page = await world.launched.browser.newPage();
    await page.goto(`chrome-extension://${E2E_EXTENSION_ID}/options.html`);
    type Runtime = {
      runtime: { sendMessage(message: object): Promise<unknown> };
      storage: Record<'local' | 'session', { getBytesInUse(keys: null): Promise<number> }>;
    };
    let matched = 0;
    // In batches: one DevTools call per 50 people keeps each call short.
    for (let at = 0; at < numbers.length; at += 50) {
      matched += await page.evaluate(async (phones: string[]) => {
        const { runtime } = (globalThis as unknown as { chrome: Runtime }).chrome;
        let count = 0;
        for (const phone of phones) {
          const reply = (await runtime.sendMessage({ type: 'matchPerson', person: { phones: [phone] }, mode: 'fresh' })) as { ok: boolean; outcome?: { kind: string } };
          if (reply.ok && reply.outcome?.kind === 'matched') count += 1;
        }
        return count;
      }, numbers.slice(at, at + 50));
    }
    // Matching's stores are written after each answer: wait until they are all on disk.
    await workerHooks(await extensionWorker(world.launched.browser)).flushMatchingData();
    const used = await page.evaluate(async () => {
      const { storage } = (globalThis as unknown as { chrome: Runtime }).chrome;
      const estimate = await navigator.storage.estimate();
      return { local: await storage.local.getBytesInUse(null), session: await storage.session.getBytesInUse(null), origin: estimate.usage ?? 0 };
    });
    const result = { matched, ...used };
    await page.close();
    const total = result.local + result.session + result.origin;
    return [
      {
        id: 'P8',
        name: `storage used after ${options.people} distinct people with long notes`,
        value: round(total / 2 ** 20, 2),
        unit: 'MB',
        target: 2,
        compare: '<',
        detail: `${result.matched} of ${options.people} matched (3 Tasks of ${LONG_NOTE.length} characters each); storage.local ${round(result.local / 1024, 0)} KB, storage.session ${round(result.session / 1024, 0)} KB, the extension origin's IndexedDB and caches ${round(result.origin / 1024, 0)} KB (the outbox, and matching's cache bounded at 200 people and 1 MB, notes cut to previews, its picks and Related to)`,
      },
    ];
  } finally {
    await world.close();
  }
}

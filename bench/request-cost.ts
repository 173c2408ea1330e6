/**
 * P7 (#17, #18): what a page that changes wildly costs the org's API allowance, counted in the
 * emulator's log. A page that rewrites its contact view 300 times in 2 s (ten people the org has,
 * never viewed before, in turn), and a number nobody in the org has viewed 100 times (back and forth
 * with someone seen just before). Each must cost at most 3 Salesforce requests.
 */
import type { Page } from 'puppeteer-core';
import { waitForSidebar } from '../tests/e2e/harness';
import type { Figure } from './figures';
import { apiRequests, startWorld, type BenchWorld } from './salesforce-figures';

/** A Dialpad contact no record of the demo org has a number of (Dana Whitfield, standin/seed/default.json). */
const NOBODY = { id: '5910974510923776', name: 'Dana Whitfield' };

const requestKinds = (world: BenchWorld, mark: number) =>
  apiRequests(world.emulator, mark).map((r) => `${r.method} ${r.path.replace(/^\/services\/data\/v[\d.]+/, '').replace(/\/[0-9a-zA-Z]{15,18}$/, '/:id')}`);

async function cardShown(page: Page, recordId: string): Promise<void> {
  await waitForSidebar(page, (root, id) => root.querySelector(`[data-testid=record-card][data-record-id="${id}"][aria-busy=false]`), recordId);
}

/**
 * The page rewrites its contact view `rewrites` times in `seconds`, among `people.length` people in
 * turn (as a page script or a runaway re-render would), then stays on the last; answers the
 * Salesforce requests that cost, once the last person's card is read.
 */
export async function rewriteCost(world: BenchWorld, options: { rewrites: number; seconds: number; people: BenchWorld['people'] }): Promise<{ requests: string[]; ms: number }> {
  const mark = world.emulator.emulator.control.mark();
  const ids = options.people.map((person) => person.id);
  const ms = await world.page.evaluate(
    (contacts, rewrites, seconds) =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        let done = 0;
        for (let i = 0; i < rewrites; i++) {
          setTimeout(() => {
            void window.dialpadStandin.showContact(contacts[i % contacts.length]!);
            if (++done === rewrites) resolve(performance.now() - started);
          }, (i * seconds * 1000) / rewrites);
        }
      }),
    ids,
    options.rewrites,
    options.seconds,
  );
  const last = options.people[(options.rewrites - 1) % options.people.length]!;
  await cardShown(world.page, last.recordId);
  return { requests: requestKinds(world, mark), ms };
}

/**
 * A number nobody in the org has, viewed `views` times, each time back from `seen` (a person whose
 * card was just read); the sidebar shows each view before the next. Answers the requests it cost.
 */
export async function unmatchedRepeatCost(world: BenchWorld, options: { views: number; seen: BenchWorld['people'][number] }): Promise<{ requests: string[]; ms: number }> {
  await world.page.evaluate((id) => window.dialpadStandin.showContact(id), options.seen.id);
  await cardShown(world.page, options.seen.recordId);
  const mark = world.emulator.emulator.control.mark();
  const started = Date.now();
  for (let i = 0; i < options.views; i++) {
    await world.page.evaluate((id) => window.dialpadStandin.showContact(id), NOBODY.id);
    await waitForSidebar(world.page, (root) => root.querySelector('[data-testid=match][data-match-state=none]'));
    await world.page.evaluate((id) => window.dialpadStandin.showContact(id), options.seen.id);
    await cardShown(world.page, options.seen.recordId);
  }
  return { requests: requestKinds(world, mark), ms: Date.now() - started };
}

const summary = (requests: string[]) => {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n}× ${kind}`).join(', ') || 'none';
};

/** P7a and P7b in a world of its own, with Salesforce's answers 150 ms away. */
export async function requestCostFigures(): Promise<Figure[]> {
  const world = await startWorld({ latencyMs: 150, people: 12 });
  try {
    const people = world.people.slice(0, 10);
    const rewrites = await rewriteCost(world, { rewrites: 300, seconds: 2, people });
    const unmatched = await unmatchedRepeatCost(world, { views: 100, seen: people.at(-1)! });
    return [
      {
        id: 'P7a',
        name: 'a page rewrites its contact view 300 times in 2 s: Salesforce requests',
        value: rewrites.requests.length,
        unit: 'requests',
        target: 3,
        compare: '<=',
        detail: `10 people never viewed before, in turn, for ${Math.round(rewrites.ms)} ms, then the last one's card: ${summary(rewrites.requests)}`,
      },
      {
        id: 'P7b',
        name: 'a number nobody has, viewed 100 times: Salesforce requests',
        value: unmatched.requests.length,
        unit: 'requests',
        target: 3,
        compare: '<=',
        detail: `back and forth with a person seen just before, each view painted before the next, in ${(unmatched.ms / 1000).toFixed(1)} s: ${summary(unmatched.requests)}`,
      },
    ];
  } finally {
    await world.close();
  }
}

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CACHE_BYTES, cachedOutcome, DESCRIPTION_PREVIEW, flushMatchingData, personKeys, pickOf, rememberPick, storeOutcome } from '../../../lib/matching/match-store';
import { defineDbMap, forgetExtensionDbMemory, type StoreName } from '../../../lib/storage/extension-db';
import type { Card, CardTask, MatchOutcome } from '../../../lib/messaging/matching-messages';

beforeEach(() => fakeBrowser.reset());

/** A long Japanese note, as reps write them (3 bytes a character in UTF-8). */
const note = (n: number) => `お客様と電話で打ち合わせ。見積もりの件、来週までに再送予定。${n} `.repeat(60);
const task = (id: number): CardTask => ({ id: `00T${String(id).padStart(12, '0')}AAA`, subject: `Call ${id}`, dueDate: '2026-11-01', status: 'Completed', assignedTo: 'Alex Morgan', callType: 'Inbound', durationSeconds: 60, description: note(id) });
const card = (n: number): Card => ({
  type: 'Contact',
  id: `003${String(n).padStart(12, '0')}AAA`,
  name: `Person ${n}`,
  owner: 'Alex Morgan',
  title: null,
  company: 'Northwind Traders',
  stage: null,
  email: null,
  phones: [`+1415555${String(n).padStart(4, '0')}`],
  nextSteps: [],
  pastActivity: Array.from({ length: 40 }, (_, i) => task(n * 100 + i)),
  opportunities: [],
  cases: [],
  contacts: [],
  sections: { opportunities: false, cases: false, contacts: false },
  recordUrl: 'https://acme.my.salesforce.com/x',
  activityUrl: 'https://acme.my.salesforce.com/y',
});
const matched = (n: number): MatchOutcome => ({ kind: 'matched', card: card(n), candidates: [], picked: true });
const keysOf = (n: number) => personKeys({ dialpadContactId: `dp${n}`, number: `+1415555${String(n).padStart(4, '0')}` });
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
/** What one store of the extension's database holds, as a worker that starts reads it. */
async function stored(store: StoreName): Promise<Record<string, unknown>> {
  await flushMatchingData();
  forgetExtensionDbMemory();
  return Object.fromEntries(await defineDbMap<unknown>(store, { compressed: store === 'cache' }).load());
}
const storedBytes = async () => {
  let total = 0;
  for (const store of ['cache', 'alias', 'picks', 'related'] as const) total += bytes(await stored(store));
  return total + bytes(await fakeBrowser.storage.local.get());
};

describe("matching's cache, in the extension's database (#17)", () => {
  it('keeps one person with 40 long notes small: each note a marked preview, the outcome stored once', async () => {
    const full = new TextEncoder().encode(JSON.stringify(matched(1))).length;
    await storeOutcome(keysOf(1), matched(1));
    const cached = await cachedOutcome(keysOf(1));
    const first = cached?.outcome.kind === 'matched' ? cached.outcome.card.pastActivity[0]! : null;
    expect(first?.description).toHaveLength(DESCRIPTION_PREVIEW + 1);
    expect(first?.descriptionCut).toBe(true);
    // Found by the number alone too (a call from it), without a second copy.
    expect((await cachedOutcome({ exact: 'other|x', shared: keysOf(1).shared }))?.outcome).toEqual(cached?.outcome);
    const size = await storedBytes();
    expect(size).toBeLessThan(full / 5);
    expect(size).toBeLessThan(40_000);
    // Nothing of it where content scripts can read or write.
    expect(await fakeBrowser.storage.local.get()).toEqual({});
  });

  it('stays under its byte bound, and all of matching under 2 MB, after 1,000 people with long notes and their picks', async () => {
    for (let n = 0; n < 1_000; n++) {
      await storeOutcome(keysOf(n), matched(n), 1_000 + n);
      await rememberPick(keysOf(n), pickOf(card(n), 1_000 + n));
    }
    expect(bytes(await stored('cache'))).toBeLessThanOrEqual(CACHE_BYTES);
    expect(Object.keys(await stored('cache')).length).toBeLessThanOrEqual(200);
    // The newest are kept, the oldest went first.
    expect(await cachedOutcome(keysOf(999))).not.toBeNull();
    expect(await cachedOutcome(keysOf(0))).toBeNull();
    const total = await storedBytes();
    console.info(`matching's stores after 1,000 people with 40 long notes each: ${(total / 1e6).toFixed(2)} MB`);
    expect(total).toBeLessThan(2_000_000);
  }, 120_000);
});

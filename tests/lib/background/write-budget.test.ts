import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DAY_WRITE_REFILL_MS, DAY_WRITES, takeWrite, TAB_WRITE_BURST, TAB_WRITE_REFILL_MS } from '../../../lib/background/write-budget';

beforeEach(() => {
  fakeBrowser.reset();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Takes `count` writes for `tab` at `at` and answers how many were admitted. */
async function take(tab: string, count: number, at: number): Promise<number> {
  let admitted = 0;
  for (let i = 0; i < count; i++) if (await takeWrite(tab, at)) admitted += 1;
  return admitted;
}

describe('the write budget of a Dialpad page (#17)', () => {
  it('admits a burst of writes from a tab, then one per refill; other tabs keep theirs', async () => {
    const now = 10 * HOUR;
    expect(await take('tab-1', TAB_WRITE_BURST + 50, now)).toBe(TAB_WRITE_BURST);
    expect(await takeWrite('tab-2', now)).toBe(true);
    // Nothing until a refill has come; then exactly one.
    expect(await takeWrite('tab-1', now + TAB_WRITE_REFILL_MS - 1)).toBe(false);
    expect(await take('tab-1', 3, now + TAB_WRITE_REFILL_MS)).toBe(1);
    // A page that floods for an hour gets the burst and the hour's refill, nothing more.
    let admitted = 0;
    for (let at = now + TAB_WRITE_REFILL_MS; at <= now + HOUR; at += 1_000) admitted += await take('tab-3', 5, at);
    expect(admitted).toBe(TAB_WRITE_BURST + Math.floor(HOUR / TAB_WRITE_REFILL_MS) - 1);
  });

  it('caps the whole browser at a day\'s writes, however many tabs a page opens', async () => {
    const now = 20 * HOUR;
    let admitted = 0;
    for (let tab = 0; tab < 2 * (DAY_WRITES / TAB_WRITE_BURST); tab++) admitted += await take(`tab-${tab}`, TAB_WRITE_BURST, now);
    expect(admitted).toBe(DAY_WRITES);
    expect(await takeWrite('tab-new', now)).toBe(false);
    expect(await takeWrite('tab-new', now + DAY_WRITE_REFILL_MS)).toBe(true);
  });

  it('never limits the user on an extension page, nor the background itself', async () => {
    await take('tab-1', TAB_WRITE_BURST, 0);
    for (let i = 0; i < 3 * DAY_WRITES; i++) expect(await takeWrite(null, 0)).toBe(true);
  });

  it('is never met by a busy inside-sales rep: a morning\'s catch-up, then a day of dialling in bursts with notes and ToDos', async () => {
    const start = 8 * HOUR;
    // Opening the call history after a morning on the phone app: a full view of unlogged rows at once.
    expect(await take('tab-1', TAB_WRITE_BURST, start)).toBe(TAB_WRITE_BURST);
    // Then 15 dialling sessions over the day: a connected call every 30 s for 10 minutes (short
    // calls: voicemails, gatekeepers), a note right after every other call, a ToDo every tenth;
    // 20 minutes between sessions; the first starts five minutes after the catch-up.
    let refused = 0;
    let writes = TAB_WRITE_BURST;
    for (let session = 0; session < 15; session++) {
      const from = start + 5 * MINUTE + session * 30 * MINUTE;
      for (let call = 0; call < 20; call++) {
        const at = from + call * 30_000;
        const asks = [at, ...(call % 2 === 0 ? [at + 5_000] : []), ...(call % 10 === 9 ? [at + 10_000] : [])];
        for (const when of asks) {
          writes += 1;
          if (!(await takeWrite('tab-1', when))) refused += 1;
        }
      }
    }
    expect(writes).toBeGreaterThan(500);
    expect(refused).toBe(0);
  });

  it('is kept where content scripts cannot refill it', async () => {
    await take('tab-1', TAB_WRITE_BURST, 0);
    expect(Object.keys(await fakeBrowser.storage.local.get())).toEqual([]);
    expect(Object.keys(await fakeBrowser.storage.session.get())).toEqual(['calllog.writeBudget']);
  });
});

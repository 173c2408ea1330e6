/**
 * What a Dialpad page may cause Salesforce to write (#17). The page is the only witness of a call,
 * so a compromised renderer can report calls that never happened, each with a call id of its own,
 * and each would become a Task — written by the outbox, outside the read budget. Every write a
 * page causes (a call newly queued, a ToDo or note saved, a Task edited, a person created) takes
 * one place here first. A write over the budget is never lost: the outbox keeps it, held for
 * unusual volume, until the user releases or discards it on an extension page
 * (docs/CALL-LOGGING.md, "Held for unusual volume").
 *
 * The numbers, for a busy inside-sales rep (docs/CALL-LOGGING.md says the same):
 * - A power dialer's fastest pace is a call every 20–30 s (ring out, no answer, next): 2–3 calls a
 *   minute, each perhaps with a note. One write every 15 s (4 a minute, 240 an hour) stays above it
 *   for as long as the rep dials.
 * - The largest honest burst is the call history catching up: opening it after a morning of calls
 *   on Dialpad's phone app reports every row not yet logged at once (one view of the history shows
 *   about 50). A tab may write 100 at once before the pace above applies.
 * - A very busy day is 300 calls with a note on half of them and some ToDos: about 500 writes. The
 *   browser as a whole (every Dialpad tab: a rep has one line, and two tabs reporting a call make
 *   one write) may write 1,000 in a day, refilling one every 86.4 s.
 * So a flood costs at most 100 Tasks at once and 1,000 a day, a few percent of the smallest paid
 * org's daily API allowance (Enterprise Edition: 100,000 and more), instead of all of it.
 *
 * Kept in `storage.session`, which content scripts cannot read or write: a page cannot refill it.
 * A browser restart starts it afresh, which no page can cause.
 */
import { exclusive as exclusiveUnder } from '../exclusive';
import { storage } from '../storage/item';
import { SalesforceProblem } from '../salesforce/errors';

/** A tab may queue this many writes at once… */
export const TAB_WRITE_BURST = 100;
/** …then one per this long. */
export const TAB_WRITE_REFILL_MS = 15_000;
/** The whole browser (all Dialpad tabs) may queue this many writes a day… */
export const DAY_WRITES = 1_000;
/** …refilling evenly over the day. */
export const DAY_WRITE_REFILL_MS = (24 * 60 * 60 * 1000) / DAY_WRITES;
/** Buckets kept (least recently used go first). */
const BUCKETS = 50;

interface Bucket {
  tokens: number;
  at: number;
}
interface WriteBudget {
  tabs: Record<string, Bucket>;
  day: Bucket | null;
}
const budgetItem = storage.defineItem<WriteBudget>('session:calllog.writeBudget', { fallback: { tabs: {}, day: null } });

const exclusive = <T>(run: () => Promise<T>) => exclusiveUnder('sfsd-write-budget', run);

/** A bucket's tokens at `now`, refilled since it was last used. */
function refilled(bucket: Bucket | null | undefined, burst: number, refillMs: number, now: number): number {
  if (!bucket) return burst;
  return Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) / refillMs);
}

/**
 * Takes one write's place for the Dialpad tab `tab` (null: the user on an extension page, or the
 * background's own: never limited). False when the tab or the browser is over its budget: the
 * write is then held, and nothing is taken.
 */
export async function takeWrite(tab: string | null, now = Date.now()): Promise<boolean> {
  if (tab === null) return true;
  return exclusive(async () => {
    const budget = await budgetItem.getValue();
    const tabTokens = refilled(budget.tabs[tab], TAB_WRITE_BURST, TAB_WRITE_REFILL_MS, now);
    const dayTokens = refilled(budget.day, DAY_WRITES, DAY_WRITE_REFILL_MS, now);
    // (A hair under one is one: refills are summed in floating point.)
    if (tabTokens < 1 - 1e-9 || dayTokens < 1 - 1e-9) return false;
    budget.tabs[tab] = { tokens: Math.max(0, tabTokens - 1), at: now };
    budget.tabs = Object.fromEntries(Object.entries(budget.tabs).sort(([, a], [, b]) => b.at - a.at).slice(0, BUCKETS));
    budget.day = { tokens: Math.max(0, dayTokens - 1), at: now };
    await budgetItem.setValue(budget);
    return true;
  });
}

/** A write that cannot be held (a person created: the form waits for the new card) is refused over the budget. */
export class OverWriteBudget extends SalesforceProblem {
  constructor() {
    super('rate-limited', 'Unusually many Salesforce writes came from this Dialpad tab, so the sidebar stopped writing for now. Your entry is kept: try again in a minute.', 'TAB_WRITES');
  }
}

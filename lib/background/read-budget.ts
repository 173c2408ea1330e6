/**
 * What a Dialpad page may cost the org's API allowance (#17). Reads that the page causes (search,
 * card, pick, create) pass here first: each tab has a bucket that a person working at a human pace
 * never empties, and a page that asks faster than a person can read waits for it; once Salesforce
 * said the allowance is spent, no read is sent until an answer shows room again; above 90% of it,
 * reads slow to one per half minute for the browser and wait while writes are due (writes go
 * first). The outbox's writes never pass here. The sidebar settles and the background drops
 * superseded and repeated reads before they get here (docs/MATCHING.md, "The API budget").
 */
import { hasDueItems } from '../calllog/drain';
import { apiUsage, readPause, SLOW_READS_ABOVE } from '../salesforce/api-usage';
import { SalesforceProblem } from '../salesforce/errors';
import type { SalesforceApi } from '../salesforce/rest-api';
import { storage } from '../storage/item';
import { onForgetMemory } from '../storage/worker-memory';

/**
 * A tab may make this many reads at once, then one per `TAB_REFILL_MS` (60 a minute, 3,600 an
 * hour). A rep flipping through people never seen before costs two reads each (the search and the
 * card): the burst is 60 of them in a row, and one new person every two seconds, for as long as they
 * like, stays within the refill. Switching back to someone seen in the last two minutes costs nothing.
 */
export const TAB_BURST = 120;
export const TAB_REFILL_MS = 1_000;
/**
 * A read over the bucket waits for its turn, up to this long (the card then paints a moment later);
 * a page that asks faster than that is refused (`TAB_RATE`) until the bucket refills.
 */
export const MAX_TAB_WAIT_MS = 5_000;
/** Above 90% of the allowance: one read per this long, for the whole browser. */
export const SLOW_READ_INTERVAL_MS = 30_000;
/** Buckets kept (least recently used go first). */
const BUCKETS = 50;

interface Budget {
  tabs: Record<string, { tokens: number; at: number }>;
  lastSlowRead: number;
}
const budgetItem = storage.defineItem<Budget>('session:salesforce.readBudget', { fallback: { tabs: {}, lastSlowRead: 0 } });

/**
 * The buckets as the worker keeps them: read from storage once per worker run, changed in memory
 * (one event of the worker at a time: no lock needed) and written after, so a read's admission
 * waits on no storage (#18).
 */
let memory: Promise<Budget> | null = null;
const budgetNow = () => (memory ??= budgetItem.getValue());
onForgetMemory(() => {
  memory = null;
});
let saving = false;
function save(budget: Budget): void {
  if (saving) return;
  saving = true;
  setTimeout(() => {
    saving = false;
    budgetItem.setValue(budget).catch((error: unknown) => console.error('[sfsd] saving the read budget failed', error));
  }, 0);
}

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * Takes one read's place for `tab` (null: the background's own) and answers how long it must wait
 * for it (0: go now), or throws the reason it may not be sent at all.
 */
export async function reserveRead(tab: string | null, now = Date.now()): Promise<number> {
  const pause = await readPause(now);
  if (pause) {
    throw new SalesforceProblem('api-limit', `Your org has used its daily Salesforce API allowance. The sidebar asks Salesforce again after ${time(pause.until)}; calls are kept and logged when it resets.`, 'READS_PAUSED');
  }
  const usage = await apiUsage();
  const slow = usage !== null && usage.max > 0 && usage.used / usage.max >= SLOW_READS_ABOVE;
  if (slow && (await hasDueItems(now))) {
    throw new SalesforceProblem('rate-limited', 'Your org is close to its daily Salesforce API allowance: calls waiting to be logged go first. Try again in a minute.', 'WRITES_FIRST');
  }
  // One event of the worker at a time changes the memory: no lock (and no storage) before the read.
  const budget = await budgetNow();
  if (slow && now - budget.lastSlowRead < SLOW_READ_INTERVAL_MS) {
    throw new SalesforceProblem('rate-limited', 'Your org is close to its daily Salesforce API allowance: the sidebar asks Salesforce at most twice a minute. Try again shortly.', 'SLOW_READS');
  }
  let wait = 0;
  if (tab !== null) {
    const bucket = budget.tabs[tab] ?? { tokens: TAB_BURST, at: now };
    // Below zero: reads already waiting for their turn took it.
    const tokens = Math.min(TAB_BURST, bucket.tokens + Math.max(0, now - bucket.at) / TAB_REFILL_MS);
    wait = tokens >= 1 ? 0 : Math.ceil((1 - tokens) * TAB_REFILL_MS);
    if (wait > MAX_TAB_WAIT_MS) throw new SalesforceProblem('rate-limited', 'This tab asked Salesforce too often in a short time; the sidebar waits a few seconds before asking again.', 'TAB_RATE');
    budget.tabs[tab] = { tokens: tokens - 1, at: now };
    const kept = Object.entries(budget.tabs).sort(([, a], [, b]) => b.at - a.at).slice(0, BUCKETS);
    budget.tabs = Object.fromEntries(kept);
  }
  if (slow) budget.lastSlowRead = now;
  save(budget);
  return wait;
}

/** A read that is no longer wanted (the page moved on to someone else before it was sent). */
export class SupersededRead extends SalesforceProblem {
  constructor() {
    super('rate-limited', 'The page showed someone else before Salesforce was asked; nothing was sent.', 'READ_SUPERSEDED');
  }
}

/** Admits one read for `tab` once its turn has come, unless it is no longer wanted by then. */
export async function admitRead(tab: string | null, wanted: () => boolean = () => true): Promise<void> {
  if (!wanted()) throw new SupersededRead();
  const wait = await reserveRead(tab);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  if (!wanted()) throw new SupersededRead();
}

/**
 * The API a page's request may use: each Salesforce request is admitted first, and none is sent
 * once `wanted` says the page has moved on (a search whose person is gone skips its card query).
 */
export function budgeted(api: SalesforceApi, tab: string | null, wanted: () => boolean = () => true): SalesforceApi {
  const admitted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await admitRead(tab, wanted);
      return call(...args);
    };
  return {
    get instanceUrl() {
      return api.instanceUrl;
    },
    search: admitted((sosl: string) => api.search(sosl)),
    query: admitted((soql: string) => api.query(soql)),
    create: admitted((...args: Parameters<SalesforceApi['create']>) => api.create(...args)),
    update: admitted((...args: Parameters<SalesforceApi['update']>) => api.update(...args)),
    composite: admitted((...args: Parameters<SalesforceApi['composite']>) => api.composite(...args)),
    // Org facts are cached for a day; a read is admitted only when they are read again.
    orgFacts: (options) => api.orgFacts(options),
  };
}

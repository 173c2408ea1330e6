/**
 * What a Dialpad page may cost the org's API allowance (#17). Reads that the page causes (search,
 * card, pick, create) pass here first: each tab has a small bucket that refills slowly; once
 * Salesforce said the allowance is spent, no read is sent until an answer shows room again; above
 * 90% of it, reads slow to one per half minute for the browser and wait while writes are due
 * (writes go first). The outbox's writes never pass here.
 */
import { hasDueItems } from '../calllog/drain';
import { apiUsage, readPause, SLOW_READS_ABOVE } from '../salesforce/api-usage';
import { SalesforceProblem } from '../salesforce/errors';
import type { SalesforceApi } from '../salesforce/rest-api';
import { storage } from '../storage/item';

/** A tab may make this many reads at once, then one per `TAB_REFILL_MS` (20 a minute). */
export const TAB_BURST = 10;
export const TAB_REFILL_MS = 3_000;
/** Above 90% of the allowance: one read per this long, for the whole browser. */
export const SLOW_READ_INTERVAL_MS = 30_000;
/** Buckets kept (least recently used go first). */
const BUCKETS = 50;

interface Budget {
  tabs: Record<string, { tokens: number; at: number }>;
  lastSlowRead: number;
}
const budgetItem = storage.defineItem<Budget>('session:salesforce.readBudget', { fallback: { tabs: {}, lastSlowRead: 0 } });

let chain: Promise<unknown> = Promise.resolve();
async function exclusive<T>(run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request('sfsd-read-budget', run);
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** Admits one read for `document` (null: the background's own), or throws the reason it must wait. */
export async function admitRead(document: string | null, now = Date.now()): Promise<void> {
  const pause = await readPause(now);
  if (pause) {
    throw new SalesforceProblem('api-limit', `Your org has used its daily Salesforce API allowance. The sidebar asks Salesforce again after ${time(pause.until)}; calls are kept and logged when it resets.`, 'READS_PAUSED');
  }
  const usage = await apiUsage();
  const slow = usage !== null && usage.max > 0 && usage.used / usage.max >= SLOW_READS_ABOVE;
  if (slow && (await hasDueItems(now))) {
    throw new SalesforceProblem('rate-limited', 'Your org is close to its daily Salesforce API allowance: calls waiting to be logged go first. Try again in a minute.', 'WRITES_FIRST');
  }
  await exclusive(async () => {
    const budget = await budgetItem.getValue();
    if (slow && now - budget.lastSlowRead < SLOW_READ_INTERVAL_MS) {
      throw new SalesforceProblem('rate-limited', 'Your org is close to its daily Salesforce API allowance: the sidebar asks Salesforce at most twice a minute. Try again shortly.', 'SLOW_READS');
    }
    if (document !== null) {
      const bucket = budget.tabs[document] ?? { tokens: TAB_BURST, at: now };
      const tokens = Math.min(TAB_BURST, bucket.tokens + Math.max(0, now - bucket.at) / TAB_REFILL_MS);
      if (tokens < 1) throw new SalesforceProblem('rate-limited', 'This tab asked Salesforce too often in a short time; the sidebar waits a few seconds before asking again.', 'TAB_RATE');
      budget.tabs[document] = { tokens: tokens - 1, at: now };
      const kept = Object.entries(budget.tabs).sort(([, a], [, b]) => b.at - a.at).slice(0, BUCKETS);
      budget.tabs = Object.fromEntries(kept);
    }
    if (slow) budget.lastSlowRead = now;
    await budgetItem.setValue(budget);
  });
}

/** The API a page's request may use: each Salesforce request is admitted first. */
export function budgeted(api: SalesforceApi, document: string | null): SalesforceApi {
  const admitted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await admitRead(document);
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

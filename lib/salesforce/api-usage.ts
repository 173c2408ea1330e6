/**
 * The org's daily API allowance as Salesforce reports it (`Sforce-Limit-Info: api-usage=N/M` on
 * every answer), and the pause on reads after Salesforce refused one with REQUEST_LIMIT_EXCEEDED.
 * The allowance is the whole org's: a sidebar that keeps searching past it takes it from everyone.
 */
import { storage } from '../storage/item';
import { onForgetMemory } from '../storage/worker-memory';

export interface ApiUsage {
  used: number;
  max: number;
  /** When Salesforce said so (epoch ms). */
  at: number;
}

/** Reads are paused until `until`, after Salesforce refused `strikes` requests in a row for the limit. */
export interface ReadPause {
  until: number;
  strikes: number;
}

/** Above this share of the allowance, reads slow down and writes go first. */
export const SLOW_READS_ABOVE = 0.9;
/** A refused request pauses reads this long, doubling with each refusal, up to `MAX_READ_PAUSE_MS`. */
export const READ_PAUSE_MS = 15 * 60_000;
export const MAX_READ_PAUSE_MS = 2 * 60 * 60_000;

/** The last figure, for the options page (no record data: two numbers and a time); trusted contexts only, like all of `storage.session`. */
export const apiUsageItem = storage.defineItem<ApiUsage | null>('session:salesforce.apiUsage', { fallback: null });
const readPauseItem = storage.defineItem<ReadPause | null>('session:salesforce.readPause', { fallback: null });

/**
 * Both, as the worker last wrote them: read from storage once per worker run (only the background
 * writes them; `storage.session` is closed to content scripts), so a read's admission reads no
 * storage (#18).
 */
let memory: Promise<{ usage: ApiUsage | null; pause: ReadPause | null }> | null = null;
const current = () => (memory ??= Promise.all([apiUsageItem.getValue(), readPauseItem.getValue()]).then(([usage, pause]) => ({ usage, pause })));
onForgetMemory(() => {
  memory = null;
});

/** An answer came back; `usage` is what jsforce read from its `Sforce-Limit-Info` header. */
export async function recordAnswer(usage: { used: number; limit: number } | undefined, now = Date.now()): Promise<void> {
  if (!usage || !(usage.limit > 0)) return;
  const known = await current();
  known.usage = { used: usage.used, max: usage.limit, at: now };
  await apiUsageItem.setValue(known.usage);
  // The allowance has room again (the 24-hour window rolled on): reads resume.
  if (usage.used / usage.limit < SLOW_READS_ABOVE && known.pause) {
    known.pause = null;
    await readPauseItem.setValue(null);
  }
}

/** Salesforce refused a request: the org is over its allowance. */
export async function recordLimitExceeded(now = Date.now()): Promise<ReadPause> {
  const known = await current();
  const strikes = (known.pause?.strikes ?? 0) + 1;
  const pause = { until: now + Math.min(READ_PAUSE_MS * 2 ** (strikes - 1), MAX_READ_PAUSE_MS), strikes };
  known.pause = pause;
  await readPauseItem.setValue(pause);
  if (known.usage) {
    known.usage = { ...known.usage, used: Math.max(known.usage.used, known.usage.max), at: now };
    await apiUsageItem.setValue(known.usage);
  }
  return pause;
}

export async function readPause(now = Date.now()): Promise<ReadPause | null> {
  const { pause } = await current();
  return pause && pause.until > now ? pause : null;
}

export async function apiUsage(): Promise<ApiUsage | null> {
  return (await current()).usage;
}

/** Disconnect: the figures were the org's. */
export async function clearApiUsage(): Promise<void> {
  const known = await current();
  known.usage = null;
  known.pause = null;
  await storage.removeItems([apiUsageItem, readPauseItem]);
}

/**
 * What matching remembers in `storage.local`: the user's picks among several matches (C3), kept
 * until changed, and the last outcome per person, so a contact seen before paints at once (B2).
 * Both are Salesforce data and are erased on disconnect (`clearMatchingData`).
 */
import { storage } from '#imports';
import type { Candidate, Card, MatchOutcome, PersonKeys, PersonType } from '../messaging/matching-messages';

export interface RememberedPick {
  type: PersonType;
  id: string;
  name: string;
  pickedAt: number;
}

export interface CachedOutcome {
  outcome: MatchOutcome;
  storedAt: number;
}

/** How many people's outcomes the cache keeps; the least recently stored go first. */
export const CACHE_CAPACITY = 200;

const picksItem = storage.defineItem<Record<string, RememberedPick>>('local:matching.picks', { fallback: {} });
const cacheItem = storage.defineItem<Record<string, CachedOutcome>>('local:matching.cache', { fallback: {} });

export function personKeys(input: { dialpadContactId?: string | null; number?: string | null; email?: string | null; text?: string | null }): PersonKeys {
  const what = input.number ? `tel:${input.number}` : input.email ? `mail:${input.email.toLowerCase()}` : `text:${(input.text ?? '').trim().toLowerCase()}`;
  return { exact: `${input.dialpadContactId ?? '*'}|${what}`, shared: `*|${what}` };
}

export async function rememberedPick(keys: PersonKeys): Promise<RememberedPick | null> {
  const picks = await picksItem.getValue();
  return picks[keys.exact] ?? picks[keys.shared] ?? null;
}

export async function rememberPick(keys: PersonKeys, candidate: RememberedPick): Promise<void> {
  const picks = await picksItem.getValue();
  await picksItem.setValue({ ...picks, [keys.exact]: candidate, [keys.shared]: candidate });
}

export async function forgetPick(keys: PersonKeys): Promise<void> {
  const picks = { ...(await picksItem.getValue()) };
  delete picks[keys.exact];
  delete picks[keys.shared];
  await picksItem.setValue(picks);
}

/** The outcome for exactly this Dialpad contact and number, else the last one for the number. */
export function outcomeIn(cache: Record<string, CachedOutcome>, keys: PersonKeys): CachedOutcome | null {
  return cache[keys.exact] ?? cache[keys.shared] ?? null;
}

export async function cachedOutcome(keys: PersonKeys): Promise<CachedOutcome | null> {
  return outcomeIn(await cacheItem.getValue(), keys);
}

/** Follows the cache as the background changes it (a refresh, a write patched in); returns the stop. */
export function watchCache(onChange: (cache: Record<string, CachedOutcome>) => void): () => void {
  return cacheItem.watch((cache) => onChange(cache ?? {}));
}

export async function storeOutcome(keys: PersonKeys, outcome: MatchOutcome, now = Date.now()): Promise<void> {
  // Also under the number alone: a call from it finds the person the contact view matched.
  const cache = { ...(await cacheItem.getValue()), [keys.exact]: { outcome, storedAt: now }, [keys.shared]: { outcome, storedAt: now } };
  const entries = Object.entries(cache);
  if (entries.length > CACHE_CAPACITY) {
    entries.sort(([, a], [, b]) => b.storedAt - a.storedAt);
    await cacheItem.setValue(Object.fromEntries(entries.slice(0, CACHE_CAPACITY)));
  } else {
    await cacheItem.setValue(cache);
  }
}

export function pickOf(candidate: Candidate | Card, now = Date.now()): RememberedPick {
  return { type: candidate.type, id: candidate.id, name: candidate.name, pickedAt: now };
}

/** Disconnect erases every Salesforce record the browser holds for matching. */
export async function clearMatchingData(): Promise<void> {
  await storage.removeItems([picksItem, cacheItem]);
}

/** A Task just written, as the card lists it. */
export interface TaskChange {
  id: string;
  subject: string;
  description: string | null;
  status: string | null;
  open: boolean;
  dueDate: string | null;
  callType: string | null;
  durationSeconds: number | null;
  /** For an edit (T7): only subject and description change; status is unknown. */
  edit?: boolean;
}

/**
 * After a write, every cached card of that person shows it at once, without asking Salesforce
 * again (the next view refreshes from Salesforce anyway). Returns whether a card changed.
 */
export async function applyTaskToCachedCards(personId: string, change: TaskChange, assignedTo: string | null): Promise<boolean> {
  const cache = await cacheItem.getValue();
  let changed = false;
  for (const entry of Object.values(cache)) {
    if (entry.outcome.kind !== 'matched' || entry.outcome.card.id !== personId) continue;
    const card = entry.outcome.card;
    const others = (list: Card['nextSteps']) => list.filter((task) => task.id !== change.id);
    const existing = [...card.nextSteps, ...card.pastActivity].find((task) => task.id === change.id);
    const task = {
      id: change.id,
      subject: change.subject,
      description: change.description,
      dueDate: change.edit ? (existing?.dueDate ?? null) : change.dueDate,
      status: change.edit ? (existing?.status ?? null) : change.status,
      assignedTo: existing?.assignedTo ?? assignedTo,
      callType: change.edit ? (existing?.callType ?? null) : change.callType,
      durationSeconds: change.edit ? (existing?.durationSeconds ?? null) : change.durationSeconds,
    };
    const open = change.edit ? card.nextSteps.some((t) => t.id === change.id) : change.open;
    entry.outcome = {
      ...entry.outcome,
      card: {
        ...card,
        nextSteps: open ? [task, ...others(card.nextSteps)] : others(card.nextSteps),
        pastActivity: open ? others(card.pastActivity) : [task, ...others(card.pastActivity)],
      },
    };
    changed = true;
  }
  if (changed) await cacheItem.setValue(cache);
  return changed;
}

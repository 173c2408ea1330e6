/**
 * What matching remembers (#17): the user's picks among several matches (C3), kept until changed,
 * the last outcome per person, so a contact seen before paints at once (B2), and each person's
 * "Related to". All of it is Salesforce data, in the extension origin's IndexedDB
 * (`lib/storage/extension-db.ts`: content scripts can neither read nor plant an id there), held in
 * the worker's memory; erased on disconnect (`clearMatchingData`). The sidebar learns of changes by
 * message from the background (`onCacheChange`, `onRelatedChange`), never from storage.
 */
import { defineDbMap } from '../storage/extension-db';
import { onForgetMemory } from '../storage/worker-memory';
import type { Candidate, Card, CardTask, MatchOutcome, MatchType, PersonKeys, RelatedRecord } from '../messaging/matching-messages';
import { withCardDefaults } from './card';
import type { RelatedChoice } from './related';

export interface RememberedPick {
  type: MatchType;
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
/**
 * And how many bytes (UTF-8 JSON) at most (#17, P8): one person with 40 long notes was 7 MB; this
 * bound keeps the cache small on disk and in the worker's memory whatever the notes are.
 */
export const CACHE_BYTES = 1_000_000;
/** A Task's description is cached as a preview of this many characters (the card shows the start). */
export const DESCRIPTION_PREVIEW = 200;
/** Picks kept (two keys each); the oldest go first. */
export const PICKS_CAPACITY = 2_000;

/**
 * Each outcome is stored once, under the exact key (Dialpad contact and number); the number's
 * shared key names it (`aliasMap`), so a call from that number finds the person the view matched.
 */
/**
 * A cache: written 20 s after it changes, in one transaction, compressed (#18, P8: what IndexedDB
 * writes stays on disk until it compacts, so a person shown and dropped again within the 20 s is
 * never written). The worker stays up 30 s after its last event, so the write happens; a worker
 * the browser stops earlier loses only those seconds of a cache (disconnect and the bench flush).
 */
const entriesMap = defineDbMap<CachedOutcome>('cache', { compressed: true, writeAfterMs: 20_000 });
/**
 * A number's shared key → the exact key of the outcome it names. In memory only, rebuilt from the
 * entries when the worker starts (the newest stored for a number names it, as `storeOutcome`
 * leaves it): nothing more is written per view (P8).
 */
let aliasMemory: Map<string, string> | null = null;
const sharedOf = (exact: string) => `*|${exact.slice(exact.indexOf('|') + 1)}`;
const aliasMap = {
  async load(): Promise<Map<string, string>> {
    if (!aliasMemory) {
      const byAge = [...(await entriesMap.load())].sort(([, a], [, b]) => a.storedAt - b.storedAt);
      const built = new Map<string, string>();
      for (const [exact] of byAge) if (sharedOf(exact) !== exact) built.set(sharedOf(exact), exact);
      aliasMemory ??= built;
    }
    return aliasMemory;
  },
  async set(shared: string, exact: string): Promise<void> {
    (await aliasMap.load()).set(shared, exact);
  },
  async delete(keys: readonly string[]): Promise<void> {
    const alias = await aliasMap.load();
    for (const key of keys) alias.delete(key);
  },
  async clear(): Promise<void> {
    aliasMemory = new Map();
  },
  async flush(): Promise<void> {},
};
onForgetMemory(() => {
  aliasMemory = null;
});
const picksMap = defineDbMap<RememberedPick>('picks');
/** "Related to" as each person's user chose it (null: nothing), by the person's 15-character id, with when. */
const relatedMap = defineDbMap<{ related: RelatedRecord | null; at: number }>('related');

/** How many people's "Related to" choices are kept; the oldest go first. */
export const RELATED_CAPACITY = 500;
const personKey = (id: string) => id.slice(0, 15);

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
/** Each entry's size in bytes, as last stored (computed once per store, not per write). */
const sizes = new Map<string, number>();
const sizeOf = (key: string, entry: CachedOutcome) => {
  let size = sizes.get(key);
  if (size === undefined) {
    size = bytes(key) + bytes(entry) + 2;
    sizes.set(key, size);
  }
  return size;
};

type Listener<T> = (value: T) => void;
/** Why the cache changed: a view's answer, a write patched into cards, or disconnect. */
export type CacheChange = 'view' | 'write' | 'clear';
const cacheListeners = new Set<(keys: string[], reason: CacheChange) => void>();
const relatedListeners = new Set<Listener<{ personId: string; related: RelatedRecord | null }>>();

/** Calls back with the exact keys whose outcome changed (a refresh, a write patched in, eviction); returns the stop. */
export function onCacheChange(listener: (keys: string[], reason: CacheChange) => void): () => void {
  cacheListeners.add(listener);
  return () => cacheListeners.delete(listener);
}

/** Calls back when a person's "Related to" changes (by their 15-character id); returns the stop. */
export function onRelatedChange(listener: Listener<{ personId: string; related: RelatedRecord | null }>): () => void {
  relatedListeners.add(listener);
  return () => relatedListeners.delete(listener);
}

function emit<A extends unknown[]>(listeners: Set<(...args: A) => void>, ...args: A): void {
  for (const listener of listeners) {
    try {
      listener(...args);
    } catch (error) {
      console.error('[sfsd] a matching listener failed', error);
    }
  }
}

/**
 * Keeps the cache within its bounds: the least recently stored go first. Memory changes at once;
 * IndexedDB follows after the answer (`defineDbMap`).
 */
async function bound(): Promise<string[]> {
  const entries = await entriesMap.load();
  const byAge = [...entries].sort(([, a], [, b]) => a.storedAt - b.storedAt).map(([key, entry]) => ({ key, size: sizeOf(key, entry) }));
  const alias = await aliasMap.load();
  let total = byAge.reduce((sum, entry) => sum + entry.size, alias.size * 48 + 32);
  const evicted: string[] = [];
  while (byAge.length > CACHE_CAPACITY || (byAge.length > 0 && total > CACHE_BYTES)) {
    const oldest = byAge.shift()!;
    evicted.push(oldest.key);
    sizes.delete(oldest.key);
    total -= oldest.size;
  }
  if (evicted.length) {
    await entriesMap.delete(evicted);
    const gone = new Set(evicted);
    await aliasMap.delete([...alias].filter(([, exact]) => gone.has(exact)).map(([shared]) => shared));
  }
  return evicted;
}

async function putEntry(key: string, entry: CachedOutcome): Promise<void> {
  sizes.delete(key);
  await entriesMap.set(key, entry);
  sizeOf(key, entry);
}

/** A card as the cache keeps it: every Task description cut to a preview, marked so it is not edited from there. */
function previewed(outcome: MatchOutcome): MatchOutcome {
  if (outcome.kind !== 'matched') return outcome;
  const cut = (task: CardTask): CardTask =>
    task.description && task.description.length > DESCRIPTION_PREVIEW ? { ...task, description: `${task.description.slice(0, DESCRIPTION_PREVIEW)}…`, descriptionCut: true } : task;
  const { card } = outcome;
  return { ...outcome, card: { ...card, nextSteps: card.nextSteps.map(cut), pastActivity: card.pastActivity.map(cut) } };
}

export function personKeys(input: { dialpadContactId?: string | null; number?: string | null; email?: string | null; text?: string | null }): PersonKeys {
  const what = input.number ? `tel:${input.number}` : input.email ? `mail:${input.email.toLowerCase()}` : `text:${(input.text ?? '').trim().toLowerCase()}`;
  return { exact: `${input.dialpadContactId ?? '*'}|${what}`, shared: `*|${what}` };
}

export async function rememberedPick(keys: PersonKeys): Promise<RememberedPick | null> {
  return (await picksMap.get(keys.exact)) ?? (await picksMap.get(keys.shared)) ?? null;
}

export async function rememberPick(keys: PersonKeys, candidate: RememberedPick): Promise<void> {
  await picksMap.set(keys.exact, candidate);
  await picksMap.set(keys.shared, candidate);
  const picks = [...(await picksMap.load())];
  if (picks.length > PICKS_CAPACITY) {
    picks.sort(([, a], [, b]) => b.pickedAt - a.pickedAt);
    await picksMap.delete(picks.slice(PICKS_CAPACITY).map(([key]) => key));
  }
}

export async function forgetPick(keys: PersonKeys): Promise<void> {
  await picksMap.delete([keys.exact, keys.shared]);
}

/** The exact key the cache answers `keys` from: this Dialpad contact and number, else the last one for the number. */
export async function cacheKeyOf(keys: PersonKeys): Promise<string | null> {
  const entries = await entriesMap.load();
  const alias = await aliasMap.load();
  const at = (key: string) => (entries.has(key) ? key : alias.has(key) && entries.has(alias.get(key)!) ? alias.get(key)! : null);
  return at(keys.exact) ?? at(keys.shared);
}

/** The last card cached for a record (any person key), for what a write about them needs (their deals). */
export async function cachedCard(recordId: string): Promise<Card | null> {
  const entries = [...(await entriesMap.load()).values()]
    .filter((entry) => entry.outcome.kind === 'matched' && personKey(entry.outcome.card.id) === personKey(recordId))
    .sort((a, b) => b.storedAt - a.storedAt);
  const outcome = entries[0]?.outcome;
  return outcome?.kind === 'matched' ? withCardDefaults(outcome.card) : null;
}

export async function relatedChoice(personId: string): Promise<RelatedChoice> {
  const stored = await relatedMap.get(personKey(personId));
  return stored ? stored.related : undefined;
}

/** The choices of these people (those never chosen left out), by their 15-character ids. */
export async function relatedChoicesOf(personIds: Iterable<string>): Promise<Record<string, RelatedRecord | null>> {
  const choices = await relatedMap.load();
  const found: Record<string, RelatedRecord | null> = {};
  for (const id of personIds) {
    const stored = choices.get(personKey(id));
    if (stored) found[personKey(id)] = stored.related;
  }
  return found;
}

export async function rememberRelated(personId: string, related: RelatedRecord | null, now = Date.now()): Promise<void> {
  const choices = await relatedMap.load();
  const latest = Math.max(now, ...[...choices.values()].map((choice) => choice.at + 1));
  await relatedMap.set(personKey(personId), { related, at: latest });
  if (choices.size > RELATED_CAPACITY) {
    const oldest = [...choices].sort(([, a], [, b]) => a.at - b.at).slice(0, choices.size - RELATED_CAPACITY);
    await relatedMap.delete(oldest.map(([key]) => key));
  }
  await relatedMap.flush();
  emit(relatedListeners, { personId: personKey(personId), related });
}

export async function cachedOutcome(keys: PersonKeys): Promise<CachedOutcome | null> {
  const key = await cacheKeyOf(keys);
  const entry = key ? ((await entriesMap.get(key)) ?? null) : null;
  // A card cached by an earlier version lacks the lists this one shows.
  return entry?.outcome.kind === 'matched' ? { ...entry, outcome: { ...entry.outcome, card: withCardDefaults(entry.outcome.card) } } : entry;
}

export async function storeOutcome(keys: PersonKeys, outcome: MatchOutcome, now = Date.now()): Promise<void> {
  await putEntry(keys.exact, { outcome: previewed(outcome), storedAt: now });
  await aliasMap.delete([keys.exact]);
  // The number's own key names this outcome: a call from it finds the person the contact view matched.
  if (keys.shared !== keys.exact) {
    sizes.delete(keys.shared);
    await entriesMap.delete([keys.shared]);
    await aliasMap.set(keys.shared, keys.exact);
  }
  const evicted = await bound();
  emit(cacheListeners, [keys.exact, keys.shared, ...evicted], 'view');
}

export function pickOf(candidate: Candidate | Card, now = Date.now()): RememberedPick {
  return { type: candidate.type, id: candidate.id, name: candidate.name, pickedAt: now };
}

/** Disconnect erases every Salesforce record the browser holds for matching. */
export async function clearMatchingData(): Promise<void> {
  const keys = [...(await entriesMap.load()).keys()];
  sizes.clear();
  await Promise.all([entriesMap.clear(), aliasMap.clear(), picksMap.clear(), relatedMap.clear()]);
  emit(cacheListeners, keys, 'clear');
}

/** How many entries each of matching's stores holds (tests and the bench: what disconnect left). */
export async function matchingCounts(): Promise<{ cache: number; alias: number; picks: number; related: number }> {
  return { cache: (await entriesMap.load()).size, alias: (await aliasMap.load()).size, picks: (await picksMap.load()).size, related: (await relatedMap.load()).size };
}

/** Waits until everything matching changed is in IndexedDB (tests, and measuring what is stored). */
export async function flushMatchingData(): Promise<void> {
  await Promise.all([entriesMap.flush(), aliasMap.flush(), picksMap.flush(), relatedMap.flush()]);
}

/**
 * Version 0.1 kept these stores in `storage.local` (`matching.cache`, `.picks`, `.related`):
 * moved here once when the extension is updated (`lib/background/migrate.ts`). That one read
 * trusts what was there (docs/ARCHITECTURE.md, threat model).
 */
export async function importLegacyMatching(legacy: { cache: unknown; picks: unknown; related: unknown }): Promise<void> {
  const cache = legacy.cache as Partial<{ entries: Record<string, CachedOutcome>; alias: Record<string, string> }> | undefined;
  if (cache && typeof cache.entries === 'object' && cache.entries && typeof cache.alias === 'object' && cache.alias) {
    for (const [key, entry] of Object.entries(cache.entries)) if (entry && typeof entry.storedAt === 'number' && entry.outcome) await putEntry(key, entry);
    for (const [shared, exact] of Object.entries(cache.alias)) if (typeof exact === 'string') await aliasMap.set(shared, exact);
    await bound();
  }
  const picks = legacy.picks;
  if (picks && typeof picks === 'object') {
    for (const [key, pick] of Object.entries(picks as Record<string, RememberedPick>)) {
      if (!(await picksMap.get(key)) && pick && typeof pick.id === 'string') await picksMap.set(key, pick);
    }
  }
  const related = legacy.related;
  if (related && typeof related === 'object') {
    // Insertion order was the order of choosing.
    let at = 0;
    for (const [key, choice] of Object.entries(related as Record<string, RelatedRecord | null>)) {
      if (!(await relatedMap.get(key))) await relatedMap.set(key, { related: choice ?? null, at: at++ });
    }
  }
  await flushMatchingData();
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
  const changed: string[] = [];
  for (const [key, stored] of await entriesMap.load()) {
    const entry = { ...stored };
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
    entry.outcome = previewed({
      ...entry.outcome,
      card: {
        ...card,
        nextSteps: open ? [task, ...others(card.nextSteps)] : others(card.nextSteps),
        pastActivity: open ? others(card.pastActivity) : [task, ...others(card.pastActivity)],
      },
    });
    await putEntry(key, entry);
    changed.push(key);
  }
  if (changed.length) {
    await bound();
    emit(cacheListeners, changed, 'write');
  }
  return changed.length > 0;
}

/**
 * What matching remembers in `storage.local`: the user's picks among several matches (C3), kept
 * until changed, and the last outcome per person, so a contact seen before paints at once (B2).
 * Both are Salesforce data and are erased on disconnect (`clearMatchingData`).
 */
import { storage } from '../storage/item';
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
 * And how many bytes (UTF-8 JSON) at most (#17): `storage.local` holds 10 MB for everything, and
 * one person with 40 long notes was 7 MB. The outbox lives elsewhere (outbox-db.ts); this bound
 * keeps the cache a small share of the area whatever the notes are.
 */
export const CACHE_BYTES = 1_000_000;
/** A Task's description is cached as a preview of this many characters (the card shows the start). */
export const DESCRIPTION_PREVIEW = 200;
/** Picks kept (two keys each); the oldest go first. */
export const PICKS_CAPACITY = 2_000;

/**
 * Each outcome is stored once, under the exact key (Dialpad contact and number); the number's
 * shared key names it (`alias`), so a call from that number finds the person the view matched.
 */
export interface MatchCache {
  entries: Record<string, CachedOutcome>;
  alias: Record<string, string>;
}

const picksItem = storage.defineItem<Record<string, RememberedPick>>('local:matching.picks', { fallback: {} });
/** (Version 0.1.0 stored a plain record of outcomes here, each twice: read as empty.) */
const cacheItem = storage.defineItem<MatchCache | Record<string, unknown>>('local:matching.cache', { fallback: {} });
/** "Related to" as each person's user chose it (null: nothing), by the person's 15-character id. */
const relatedItem = storage.defineItem<Record<string, RelatedRecord | null>>('local:matching.related', { fallback: {} });

/** How many people's "Related to" choices are kept; the oldest go first. */
export const RELATED_CAPACITY = 500;
const personKey = (id: string) => id.slice(0, 15);

const EMPTY = (): MatchCache => ({ entries: {}, alias: {} });

function asCache(raw: unknown): MatchCache {
  const cache = raw as Partial<MatchCache> | null;
  return cache && typeof cache.entries === 'object' && typeof cache.alias === 'object' ? (cache as MatchCache) : EMPTY();
}

async function readCache(): Promise<MatchCache> {
  return asCache(await cacheItem.getValue());
}

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Writes the cache within its bounds. A cache is only a cache: when `storage.local` is full (a
 * hostile page can fill it) the write is dropped and the reply still goes out.
 */
async function writeCache(cache: MatchCache): Promise<void> {
  const byAge = Object.entries(cache.entries)
    .sort(([, a], [, b]) => a.storedAt - b.storedAt)
    .map(([key, entry]) => ({ key, size: bytes(key) + bytes(entry) + 2 }));
  let total = byAge.reduce((sum, entry) => sum + entry.size, bytes(cache.alias) + 32);
  while (byAge.length > CACHE_CAPACITY || (byAge.length > 0 && total > CACHE_BYTES)) {
    const oldest = byAge.shift()!;
    delete cache.entries[oldest.key];
    total -= oldest.size;
  }
  for (const [shared, exact] of Object.entries(cache.alias)) if (!cache.entries[exact]) delete cache.alias[shared];
  try {
    await cacheItem.setValue(cache);
  } catch (error) {
    console.error('[sfsd] the match cache could not be saved (storage full?)', error);
  }
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
  const picks = await picksItem.getValue();
  return picks[keys.exact] ?? picks[keys.shared] ?? null;
}

export async function rememberPick(keys: PersonKeys, candidate: RememberedPick): Promise<void> {
  const picks = Object.entries({ ...(await picksItem.getValue()), [keys.exact]: candidate, [keys.shared]: candidate });
  picks.sort(([, a], [, b]) => b.pickedAt - a.pickedAt);
  try {
    await picksItem.setValue(Object.fromEntries(picks.slice(0, PICKS_CAPACITY)));
  } catch (error) {
    // Storage full: the pick still applies now (calls waiting for it are settled); it is not remembered.
    console.error('[sfsd] the pick could not be saved (storage full?)', error);
  }
}

export async function forgetPick(keys: PersonKeys): Promise<void> {
  const picks = { ...(await picksItem.getValue()) };
  delete picks[keys.exact];
  delete picks[keys.shared];
  await picksItem.setValue(picks);
}

/** The outcome for exactly this Dialpad contact and number, else the last one for the number. */
export function outcomeIn(raw: MatchCache | Record<string, unknown>, keys: PersonKeys): CachedOutcome | null {
  const { entries, alias } = asCache(raw);
  const at = (key: string) => entries[key] ?? (alias[key] ? entries[alias[key]!] : undefined);
  const entry = at(keys.exact) ?? at(keys.shared) ?? null;
  // A card cached by an earlier version lacks the lists this one shows.
  return entry?.outcome.kind === 'matched' ? { ...entry, outcome: { ...entry.outcome, card: withCardDefaults(entry.outcome.card) } } : entry;
}

/** The last card cached for a record (any person key), for what a write about them needs (their deals). */
export async function cachedCard(recordId: string): Promise<Card | null> {
  const entries = Object.values((await readCache()).entries)
    .filter((entry) => entry.outcome.kind === 'matched' && personKey(entry.outcome.card.id) === personKey(recordId))
    .sort((a, b) => b.storedAt - a.storedAt);
  const outcome = entries[0]?.outcome;
  return outcome?.kind === 'matched' ? withCardDefaults(outcome.card) : null;
}

/** The user's "Related to" choice for a person (undefined: never chosen). */
export function relatedChoiceIn(choices: Record<string, RelatedRecord | null>, personId: string): RelatedChoice {
  return Object.hasOwn(choices, personKey(personId)) ? choices[personKey(personId)] : undefined;
}

export async function relatedChoice(personId: string): Promise<RelatedChoice> {
  return relatedChoiceIn(await relatedItem.getValue(), personId);
}

export async function rememberRelated(personId: string, related: RelatedRecord | null): Promise<void> {
  const choices = { ...(await relatedItem.getValue()) };
  delete choices[personKey(personId)];
  choices[personKey(personId)] = related;
  const keys = Object.keys(choices);
  // Insertion order is the order of choosing: the oldest choices go first.
  for (const key of keys.slice(0, Math.max(0, keys.length - RELATED_CAPACITY))) delete choices[key];
  await relatedItem.setValue(choices);
}

/** Every person's choice, and their changes (the sidebar shows each card's "Related to" from here); returns the stop. */
export function watchRelatedChoices(onChange: (choices: Record<string, RelatedRecord | null>) => void): () => void {
  void relatedItem.getValue().then(onChange, (error: unknown) => console.error('[sfsd] reading Related to failed', error));
  return relatedItem.watch((choices) => onChange(choices ?? {}));
}

export async function cachedOutcome(keys: PersonKeys): Promise<CachedOutcome | null> {
  return outcomeIn(await readCache(), keys);
}

/** Follows the cache as the background changes it (a refresh, a write patched in); returns the stop. */
export function watchCache(onChange: (cache: MatchCache) => void): () => void {
  return cacheItem.watch((cache) => onChange(asCache(cache)));
}

export async function storeOutcome(keys: PersonKeys, outcome: MatchOutcome, now = Date.now()): Promise<void> {
  const cache = await readCache();
  cache.entries[keys.exact] = { outcome: previewed(outcome), storedAt: now };
  delete cache.alias[keys.exact];
  // The number's own key names this outcome: a call from it finds the person the contact view matched.
  if (keys.shared !== keys.exact) {
    delete cache.entries[keys.shared];
    cache.alias[keys.shared] = keys.exact;
  }
  await writeCache(cache);
}

export function pickOf(candidate: Candidate | Card, now = Date.now()): RememberedPick {
  return { type: candidate.type, id: candidate.id, name: candidate.name, pickedAt: now };
}

/** Disconnect erases every Salesforce record the browser holds for matching. */
export async function clearMatchingData(): Promise<void> {
  await storage.removeItems([picksItem, cacheItem, relatedItem, whoItem]);
}

/**
 * Who a fresh match found, before its card query answers (#18): the page that asked paints the
 * "who" part from it. One entry, overwritten by the next; pages follow it from the change itself.
 */
const whoItem = storage.defineItem<{ keys: PersonKeys; card: Card } | null>('local:matching.who', { fallback: null });

export async function publishWho(keys: PersonKeys, card: Card): Promise<void> {
  await whoItem.setValue({ keys, card });
}

export function watchWho(onWho: (who: { keys: PersonKeys; card: Card }) => void): () => void {
  return whoItem.watch((who) => {
    if (who) onWho(who);
  });
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
  const cache = await readCache();
  let changed = false;
  for (const entry of Object.values(cache.entries)) {
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
    changed = true;
  }
  if (changed) await writeCache(cache);
  return changed;
}

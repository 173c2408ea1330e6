/**
 * The Salesforce record ids the background has shown each Dialpad document (#17): a page may pick,
 * note on or edit only those. Held in the worker's memory (a view's answer records its ids without
 * waiting on storage, #18) with `storage.session` behind it (trusted contexts only, gone with the
 * browser), so that a worker restart forgets nothing; bounded.
 */
import { storage } from '../storage/item';
import { onForgetMemory } from '../storage/worker-memory';

/** Per document; the oldest go first (a day of cards is a few hundred). */
export const SERVED_PER_DOCUMENT = 5_000;
/** Documents remembered; the least recently served go first. */
export const SERVED_DOCUMENTS = 50;

type Served = Record<string, { ids: string[]; at: number }>;
const servedItem = storage.defineItem<Served>('session:served.ids', { fallback: {} });

/** Salesforce ids are 15 or 18 characters; the first 15 name the record. */
const recordKey = (id: string) => id.slice(0, 15);

/** Document → its ids, in the order served (Set keeps insertion order), and when last served. */
let memory: Map<string, { ids: Set<string>; at: number }> | null = null;
let loading: Promise<Map<string, { ids: Set<string>; at: number }>> | null = null;
let saving = false;

async function load(): Promise<Map<string, { ids: Set<string>; at: number }>> {
  if (memory) return memory;
  loading ??= servedItem.getValue().then((stored) => {
    memory ??= new Map(Object.entries(stored).map(([document, entry]) => [document, { ids: new Set(entry.ids), at: entry.at }]));
    loading = null;
    return memory;
  });
  return loading;
}

/** Writes memory to storage.session after the answer that changed it went out, once per burst. */
function save(): void {
  if (saving) return;
  saving = true;
  setTimeout(() => {
    saving = false;
    if (!memory) return;
    const stored: Served = Object.fromEntries([...memory].map(([document, entry]) => [document, { ids: [...entry.ids], at: entry.at }]));
    servedItem.setValue(stored).catch((error: unknown) => console.error('[sfsd] saving the served ids failed', error));
  }, 0);
}

export async function rememberServed(document: string, ids: readonly string[], now = Date.now()): Promise<void> {
  if (!ids.length) return;
  const served = await load();
  const entry = served.get(document) ?? { ids: new Set<string>(), at: now };
  for (const id of ids) {
    entry.ids.delete(recordKey(id));
    entry.ids.add(recordKey(id));
  }
  for (const old of [...entry.ids].slice(0, Math.max(0, entry.ids.size - SERVED_PER_DOCUMENT))) entry.ids.delete(old);
  entry.at = now;
  served.delete(document);
  served.set(document, entry);
  if (served.size > SERVED_DOCUMENTS) {
    const byAge = [...served].sort(([, a], [, b]) => a.at - b.at);
    for (const [old] of byAge.slice(0, served.size - SERVED_DOCUMENTS)) served.delete(old);
  }
  save();
}

export async function wasServed(document: string, ids: readonly string[]): Promise<boolean> {
  const known = (await load()).get(document)?.ids;
  return ids.every((id) => known?.has(recordKey(id)) === true);
}

/** The ids shown to a document (15 characters each). */
export async function servedTo(document: string): Promise<ReadonlySet<string>> {
  return (await load()).get(document)?.ids ?? new Set();
}

/** A Task just written for `personId` may be edited by every document that was shown that person. */
export async function serveAlongside(personId: string, ids: readonly string[]): Promise<void> {
  const holders = [...(await load())].filter(([, entry]) => entry.ids.has(recordKey(personId)));
  for (const [document] of holders) await rememberServed(document, ids);
}

export async function clearServed(): Promise<void> {
  memory = new Map();
  await servedItem.removeValue();
}

/** Forgets memory, as a worker that stopped (tests). */
export function forgetServedMemory(): void {
  memory = null;
  loading = null;
}
onForgetMemory(forgetServedMemory);

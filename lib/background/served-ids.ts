/**
 * The Salesforce record ids the background has shown each Dialpad document (#17): a page may pick,
 * note on or edit only those. Kept in `storage.session` (trusted contexts only, gone with the
 * browser) so that a worker restart forgets nothing, and bounded.
 */
import { exclusive as exclusiveUnder } from '../exclusive';
import { storage } from '../storage/item';

/** Per document; the oldest go first (a day of cards is a few hundred). */
export const SERVED_PER_DOCUMENT = 5_000;
/** Documents remembered; the least recently served go first. */
export const SERVED_DOCUMENTS = 50;

type Served = Record<string, { ids: string[]; at: number }>;
const servedItem = storage.defineItem<Served>('session:served.ids', { fallback: {} });

/** Salesforce ids are 15 or 18 characters; the first 15 name the record. */
const recordKey = (id: string) => id.slice(0, 15);

const exclusive = <T>(run: () => Promise<T>) => exclusiveUnder('sfsd-served-ids', run);

export async function rememberServed(document: string, ids: readonly string[], now = Date.now()): Promise<void> {
  if (!ids.length) return;
  await exclusive(async () => {
    const served = await servedItem.getValue();
    const known = new Set(served[document]?.ids ?? []);
    for (const id of ids) {
      known.delete(recordKey(id));
      known.add(recordKey(id));
    }
    served[document] = { ids: [...known].slice(-SERVED_PER_DOCUMENT), at: now };
    const documents = Object.entries(served).sort(([, a], [, b]) => b.at - a.at);
    await servedItem.setValue(Object.fromEntries(documents.slice(0, SERVED_DOCUMENTS)));
  });
}

export async function wasServed(document: string, ids: readonly string[]): Promise<boolean> {
  const known = new Set((await servedItem.getValue())[document]?.ids ?? []);
  return ids.every((id) => known.has(recordKey(id)));
}

/** A Task just written for `personId` may be edited by every document that was shown that person. */
export async function serveAlongside(personId: string, ids: readonly string[]): Promise<void> {
  const holders = Object.entries(await servedItem.getValue()).filter(([, entry]) => entry.ids.includes(recordKey(personId)));
  for (const [document] of holders) await rememberServed(document, ids);
}

export async function clearServed(): Promise<void> {
  await servedItem.removeValue();
}

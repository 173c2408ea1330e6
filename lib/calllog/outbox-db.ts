/**
 * Where the outbox lives (#17): the extension origin's IndexedDB, which only the background (and
 * the extension's own pages) can open. Content scripts can write `storage.local`, and its 10 MB
 * fill up (a cache, or a hostile page on purpose): a finished call must still be queued, so the
 * outbox is kept where neither can reach it, under the origin's own quota.
 */
import type { LoggedCall, OutboxItem, SeenCall } from './outbox';

const DB = 'sfsd-outbox';
const STORE = 'state';

export interface OutboxState {
  items: Record<string, OutboxItem>;
  logged: Record<string, LoggedCall>;
  /** Calls seen live and history rows, kept for matching one to the other (#15). */
  seen: Record<string, SeenCall>;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('The outbox database cannot be opened.'));
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('The outbox database refused a change.'));
    transaction.onabort = () => reject(transaction.error ?? new Error('The outbox database refused a change.'));
  });
}

export async function readOutboxState(): Promise<OutboxState> {
  const db = await open();
  try {
    const transaction = db.transaction(STORE, 'readonly');
    const store = transaction.objectStore(STORE);
    const items = store.get('items') as IDBRequest<OutboxState['items'] | undefined>;
    const logged = store.get('logged') as IDBRequest<OutboxState['logged'] | undefined>;
    const seen = store.get('seen') as IDBRequest<OutboxState['seen'] | undefined>;
    await done(transaction);
    return { items: items.result ?? {}, logged: logged.result ?? {}, seen: seen.result ?? {} };
  } finally {
    db.close();
  }
}

/** All in one transaction: a call leaves the queue and enters the memory of logged calls together. */
export async function writeOutboxState(state: OutboxState): Promise<void> {
  const db = await open();
  try {
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    store.put(state.items, 'items');
    store.put(state.logged, 'logged');
    store.put(state.seen, 'seen');
    await done(transaction);
  } finally {
    db.close();
  }
}

/** Disconnect: the memory of logged calls goes with everything else the org gave us. */
export async function clearOutboxState(): Promise<void> {
  await writeOutboxState({ items: {}, logged: {}, seen: {} });
}

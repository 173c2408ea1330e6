/**
 * What the background keeps out of content scripts' reach (#17): the extension origin's IndexedDB,
 * which only the background and the extension's own pages can open (content scripts can read and
 * write `storage.local` and `storage.sync`). Each store is a map held in the worker's memory, loaded
 * once per worker run, with IndexedDB behind it: a change is in memory at once and written after
 * (the answer that caused it does not wait, #18); `flush` waits for what must be durable.
 *
 * Only the background uses these maps: an extension page that wrote the database directly would
 * leave the worker's memory behind (the options page asks the background).
 */

import { onForgetMemory } from './worker-memory';

const DB = 'sfsd-state';
/** Every store of the database; a new one needs a new version. */
const STORES = ['settings', 'cache', 'alias', 'picks', 'related', 'meta'] as const;
export type StoreName = (typeof STORES)[number];

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      for (const store of STORES) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another context upgrading or deleting the database: open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('The extension database cannot be opened.'));
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('The extension database refused a change.'));
    transaction.onabort = () => reject(transaction.error ?? new Error('The extension database refused a change.'));
  });
}

export interface DbMap<V> {
  /** The whole map (loaded from IndexedDB on the first use in this worker run). */
  load(): Promise<ReadonlyMap<string, V>>;
  get(key: string): Promise<V | undefined>;
  /** Changes memory at once; IndexedDB follows (see `flush`). */
  set(key: string, value: V): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Empties the map, in memory and in IndexedDB (awaited). */
  clear(): Promise<void>;
  /** Resolves once every change made so far is in IndexedDB. */
  flush(): Promise<void>;
}

const maps: Array<{ forget(): void }> = [];

/**
 * A store of the extension database as a map in memory. Writes go out in the order they were made,
 * only the last value of each key, one transaction at a time.
 */
export function defineDbMap<V>(store: StoreName): DbMap<V> {
  let memory: Map<string, V> | null = null;
  let loading: Promise<Map<string, V>> | null = null;
  let dirty = new Map<string, V | undefined>();
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;

  async function load(): Promise<Map<string, V>> {
    if (memory) return memory;
    loading ??= (async () => {
      const db = await openDb();
      const transaction = db.transaction(store, 'readonly');
      const keys = transaction.objectStore(store).getAllKeys();
      const values = transaction.objectStore(store).getAll();
      await done(transaction);
      const loaded = new Map<string, V>();
      (keys.result as string[]).forEach((key, i) => loaded.set(key, values.result[i] as V));
      // Changes made while loading (none is written before the load) win over what was stored.
      for (const [key, value] of dirty) {
        if (value === undefined) loaded.delete(key);
        else loaded.set(key, value);
      }
      memory = loaded;
      return loaded;
    })().finally(() => {
      loading = null;
    });
    return loading;
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    writing = writing.then(async () => {
      // Let the answer that caused the change go out first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      scheduled = false;
      const changes = dirty;
      dirty = new Map();
      if (changes.size === 0) return;
      try {
        const db = await openDb();
        const transaction = db.transaction(store, 'readwrite');
        const objects = transaction.objectStore(store);
        for (const [key, value] of changes) {
          if (value === undefined) objects.delete(key);
          else objects.put(value, key);
        }
        await done(transaction);
      } catch (error) {
        console.error(`[sfsd] the extension database could not save "${store}"`, error);
      }
    });
  }

  const map: DbMap<V> = {
    load,
    async get(key) {
      return (await load()).get(key);
    },
    async set(key, value) {
      (await load()).set(key, value);
      dirty.set(key, value);
      schedule();
    },
    async delete(keys) {
      const loaded = await load();
      for (const key of keys) {
        loaded.delete(key);
        dirty.set(key, undefined);
      }
      if (keys.length) schedule();
    },
    async clear() {
      await writing;
      memory = new Map();
      dirty = new Map();
      const db = await openDb();
      const transaction = db.transaction(store, 'readwrite');
      transaction.objectStore(store).clear();
      await done(transaction);
    },
    async flush() {
      await writing;
      if (dirty.size) {
        schedule();
        await writing;
      }
    },
  };
  maps.push({
    forget() {
      memory = null;
      loading = null;
      dirty = new Map();
      writing = Promise.resolve();
      scheduled = false;
    },
  });
  return map;
}

/**
 * Forgets every map's memory and the open database, as a worker that stopped: the next use reads
 * IndexedDB again. For tests (each starts with an empty database).
 */
export function forgetExtensionDbMemory(): void {
  for (const map of maps) map.forget();
  opening = null;
}
onForgetMemory(forgetExtensionDbMemory);

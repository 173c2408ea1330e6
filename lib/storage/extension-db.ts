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
const STORES = ['settings', 'cache', 'alias', 'picks', 'related', 'meta', 'facts'] as const;
export type StoreName = (typeof STORES)[number];

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    // Version 2 added `facts` (the org facts, #17); an upgrade creates the stores it lacks.
    const request = indexedDB.open(DB, 2);
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
 * Values stored gzip-compressed (JSON, then CompressionStream): a card compresses several times
 * over, and what the database writes is what it keeps on disk until it compacts (#18, P8).
 */
async function pack(value: unknown): Promise<ArrayBuffer> {
  const stream = new Blob([JSON.stringify(value)]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

async function unpack<V>(packed: unknown): Promise<V | undefined> {
  if (!(packed instanceof ArrayBuffer)) return undefined;
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text()) as V;
}

/**
 * A store of the extension database as a map in memory. Writes go out in the order they were made,
 * only the last value of each key, one transaction at a time.
 */
export function defineDbMap<V>(store: StoreName, options: { compressed?: boolean; writeAfterMs?: number } = {}): DbMap<V> {
  let memory: Map<string, V> | null = null;
  let loading: Promise<Map<string, V>> | null = null;
  let dirty = new Map<string, V | undefined>();
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function load(): Promise<Map<string, V>> {
    if (memory) return memory;
    loading ??= (async () => {
      const db = await openDb();
      const transaction = db.transaction(store, 'readonly');
      const keys = transaction.objectStore(store).getAllKeys();
      const values = transaction.objectStore(store).getAll();
      await done(transaction);
      const loaded = new Map<string, V>();
      const decoded = options.compressed
        ? await Promise.all(values.result.map((value) => unpack<V>(value).catch(() => undefined)))
        : (values.result as Array<V | undefined>);
      (keys.result as string[]).forEach((key, i) => {
        if (decoded[i] !== undefined) loaded.set(key, decoded[i]);
      });
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

  /** Writes what changed so far, after what is being written; resolves when it is in IndexedDB. */
  function writeNow(): Promise<void> {
    writing = writing.then(async () => {
      const changes = dirty;
      dirty = new Map();
      if (changes.size === 0) return;
      try {
        // Packed before the transaction opens: it must not wait on anything else.
        const entries = options.compressed
          ? await Promise.all([...changes].map(async ([key, value]) => [key, value === undefined ? undefined : await pack(value)] as const))
          : [...changes];
        const db = await openDb();
        const transaction = db.transaction(store, 'readwrite');
        const objects = transaction.objectStore(store);
        for (const [key, value] of entries) {
          if (value === undefined) objects.delete(key);
          else objects.put(value, key);
        }
        await done(transaction);
      } catch (error) {
        console.error(`[sfsd] the extension database could not save "${store}"`, error);
      }
    });
    return writing;
  }

  /**
   * Lets the answer that caused the change go out first; a map that changes often waits longer
   * (`writeAfterMs`) so one transaction carries its changes, and a value replaced or dropped
   * meanwhile is not written at all.
   */
  function schedule(): void {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void writeNow();
    }, options.writeAfterMs ?? 0);
  }

  function cancel(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  const map: DbMap<V> = {
    load,
    async get(key) {
      return (await load()).get(key);
    },
    async set(key, value) {
      const loaded = await load();
      // The same simple value again is no change: nothing to write.
      if (typeof value !== 'object' && loaded.get(key) === value) return;
      loaded.set(key, value);
      dirty.set(key, value);
      schedule();
    },
    async delete(keys) {
      const loaded = await load();
      let changed = false;
      for (const key of keys) {
        // What is not there has nothing to delete on disk either.
        if (!loaded.has(key)) continue;
        loaded.delete(key);
        dirty.set(key, undefined);
        changed = true;
      }
      if (changed) schedule();
    },
    async clear() {
      cancel();
      await writing;
      memory = new Map();
      dirty = new Map();
      const db = await openDb();
      const transaction = db.transaction(store, 'readwrite');
      transaction.objectStore(store).clear();
      await done(transaction);
    },
    async flush() {
      cancel();
      await writeNow();
    },
  };
  maps.push({
    forget() {
      memory = null;
      loading = null;
      dirty = new Map();
      writing = Promise.resolve();
      cancel();
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

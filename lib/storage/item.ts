/**
 * Typed keys in the extension's storage areas (`local:outbox.summary`, `session:…`, `sync:…`): a
 * value read with its fallback, written (null removes it), removed, and watched for changes made
 * anywhere (another tab, the background). The subset of WXT's storage helpers this extension uses,
 * over the browser's own `storage` API, so that the page's content script carries no storage
 * library (#18, P4a: they were 7 KB of it, with their lock and migration machinery unused).
 */
import { browser } from 'wxt/browser';

type Area = 'local' | 'session' | 'sync';
export type StorageKey = `${Area}:${string}`;

export interface StorageItem<T> {
  readonly key: StorageKey;
  readonly fallback: T;
  /** The stored value, or the fallback when nothing is stored. */
  getValue(): Promise<T>;
  /** Stores a value; null or undefined removes it. */
  setValue(value: T | null | undefined): Promise<void>;
  removeValue(): Promise<void>;
  /** Calls back on each change of the stored value (with the fallback for "removed"); returns the stop. */
  watch(onChange: (value: T, previous: T) => void): () => void;
}

function parse(key: StorageKey): { area: Area; name: string } {
  const at = key.indexOf(':');
  return { area: key.slice(0, at) as Area, name: key.slice(at + 1) };
}

const areaOf = (area: Area) => browser.storage[area];

export function defineItem<T>(key: StorageKey, options: { fallback: T }): StorageItem<T> {
  const { area, name } = parse(key);
  const orFallback = (value: unknown): T => (value ?? options.fallback) as T;
  return {
    key,
    fallback: options.fallback,
    async getValue() {
      return orFallback((await areaOf(area).get(name))[name]);
    },
    async setValue(value) {
      if (value === null || value === undefined) await areaOf(area).remove(name);
      else await areaOf(area).set({ [name]: value });
    },
    async removeValue() {
      await areaOf(area).remove(name);
    },
    watch(onChange) {
      const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => {
        const change = changes[name];
        // A write of an equal value is no change (storage values are JSON).
        if (!change || JSON.stringify(change.newValue) === JSON.stringify(change.oldValue)) return;
        onChange(orFallback(change.newValue), orFallback(change.oldValue));
      };
      areaOf(area).onChanged.addListener(listener);
      return () => areaOf(area).onChanged.removeListener(listener);
    },
  };
}

/** Removes several items, one call per storage area. */
export async function removeItems(items: Array<StorageItem<unknown>>): Promise<void> {
  const byArea = new Map<Area, string[]>();
  for (const item of items) {
    const { area, name } = parse(item.key);
    byArea.set(area, [...(byArea.get(area) ?? []), name]);
  }
  await Promise.all([...byArea].map(([area, names]) => areaOf(area).remove(names)));
}

/** The helpers under the names the modules use (`storage.defineItem`, `storage.removeItems`). */
export const storage = { defineItem, removeItems };

/**
 * Moving what version 0.x kept where content scripts can write (#17): matching's cache, picks and
 * "Related to" in `storage.local`, the user's settings in `storage.sync`, into the extension
 * origin's IndexedDB. Run once, when the extension is updated (`runtime.onInstalled`); that one
 * read trusts what was stored (a page that wrote there before the update is believed once: see the
 * threat model in docs/ARCHITECTURE.md). After it, neither old place is ever read again.
 */
import { importLegacyMatching } from '../matching/match-store';
import { importLegacySettings } from '../settings/settings';
import { defineDbMap } from '../storage/extension-db';
import { storage } from '../storage/item';

/** Where version 0.1 kept them. */
const legacy = {
  cache: storage.defineItem<unknown>('local:matching.cache', { fallback: null }),
  who: storage.defineItem<unknown>('local:matching.who', { fallback: null }),
  picks: storage.defineItem<unknown>('local:matching.picks', { fallback: null }),
  related: storage.defineItem<unknown>('local:matching.related', { fallback: null }),
  /** Not moved: read again from Salesforce (one request). */
  orgFacts: storage.defineItem<unknown>('local:salesforce.orgFacts', { fallback: null }),
  settings: storage.defineItem<unknown>('sync:settings', { fallback: null }),
};

const meta = defineDbMap<number>('meta');
const MIGRATED = 'migrated-from-storage';

/**
 * On install there is nothing of an older version to move: only the marker is set, so that no
 * later update ever reads what a page may have written to the old places meanwhile.
 */
export async function markNothingToMigrate(now = Date.now()): Promise<void> {
  if (await meta.get(MIGRATED)) return;
  await meta.set(MIGRATED, now);
  await meta.flush();
}

export async function migrateLegacyStores(now = Date.now()): Promise<boolean> {
  if (await meta.get(MIGRATED)) return false;
  await importLegacyMatching({ cache: await legacy.cache.getValue(), picks: await legacy.picks.getValue(), related: await legacy.related.getValue() });
  let synced: unknown = null;
  try {
    synced = await legacy.settings.getValue();
  } catch {
    // No sync area (disabled by policy): nothing to move.
  }
  await importLegacySettings(synced);
  await meta.set(MIGRATED, now);
  await meta.flush();
  // Salesforce data out of content scripts' reach from now on. The synced settings stay in
  // storage.sync: another of the user's browsers, not yet updated, moves them from there.
  await storage.removeItems([legacy.cache, legacy.who, legacy.picks, legacy.related, legacy.orgFacts]);
  return true;
}

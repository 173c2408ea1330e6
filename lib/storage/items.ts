import { storage } from '#imports';

/** Whether the user collapsed the sidebar; remembered across reloads and shared by Dialpad tabs. */
export const sidebarCollapsedItem = storage.defineItem<boolean>('local:sidebar.collapsed', {
  fallback: false,
  version: 1,
});

/** A timestamp, no secret: the background bumps it when the Salesforce connection changes. */
export const statusStampItem = storage.defineItem<number>('local:salesforce.statusChangedAt', { fallback: 0 });

/** Keys in `storage.local`. The call log's outbox, watched by the sidebar to show what waits (written by the background only). */
export const OUTBOX_STORAGE_KEY = 'outbox.items';
/** Matching's cache, watched by the sidebar to repaint a card the background refreshed. */
export const MATCH_CACHE_STORAGE_KEY = 'matching.cache';

/** The Dialpad reader's diagnostics (selector hits, health), for the options page; no Salesforce data. */
export const readerDiagnosticsItem = storage.defineItem<unknown>('local:dialpad.diagnostics', { fallback: null });

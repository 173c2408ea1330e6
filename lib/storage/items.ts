import { storage } from './item';

/** Whether the user collapsed the sidebar; remembered across reloads and shared by Dialpad tabs. */
export const sidebarCollapsedItem = storage.defineItem<boolean>('local:sidebar.collapsed', { fallback: false });

/** A timestamp, no secret: the background bumps it when the Salesforce connection changes. */
export const statusStampItem = storage.defineItem<number>('local:salesforce.statusChangedAt', { fallback: 0 });

/** The Dialpad reader's diagnostics (selector hits, health), for the options page; no Salesforce data. */
export const readerDiagnosticsItem = storage.defineItem<unknown>('local:dialpad.diagnostics', { fallback: null });

/**
 * A timestamp, no data: the background bumps it when something a sidebar follows changed (settings,
 * "Related to", a write patched into a card), so a page whose port to the background closed (the
 * worker stopped) opens a new one and asks again. Content scripts can write it: a forged bump only
 * makes pages ask the background (lib/background/sidebar-ports.ts).
 */
export const sidebarStampItem = storage.defineItem<number>('local:sidebar.changedAt', { fallback: 0 });

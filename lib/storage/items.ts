import { storage } from './item';

/** Whether the user collapsed the sidebar; remembered across reloads and shared by Dialpad tabs. */
export const sidebarCollapsedItem = storage.defineItem<boolean>('local:sidebar.collapsed', { fallback: false });

/** A timestamp, no secret: the background bumps it when the Salesforce connection changes. */
export const statusStampItem = storage.defineItem<number>('local:salesforce.statusChangedAt', { fallback: 0 });

/** The Dialpad reader's diagnostics (selector hits, health), for the options page; no Salesforce data. */
export const readerDiagnosticsItem = storage.defineItem<unknown>('local:dialpad.diagnostics', { fallback: null });

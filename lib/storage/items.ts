import { storage } from '#imports';

/** Whether the user collapsed the sidebar; remembered across reloads and shared by Dialpad tabs. */
export const sidebarCollapsedItem = storage.defineItem<boolean>('local:sidebar.collapsed', {
  fallback: false,
  version: 1,
});

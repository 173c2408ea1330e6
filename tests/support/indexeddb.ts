/**
 * IndexedDB for unit tests (Node has none): fake-indexeddb, a complete in-memory implementation of
 * the standard API, the way `fakeBrowser` stands in for the extension APIs. Each test starts with
 * an empty database, as each starts with empty extension storage.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

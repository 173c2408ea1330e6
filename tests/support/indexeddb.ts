/**
 * IndexedDB for unit tests (Node has none): fake-indexeddb, a complete in-memory implementation of
 * the standard API, the way `fakeBrowser` stands in for the extension APIs. Each test starts with
 * an empty database, as each starts with empty extension storage, and the background's memory
 * of what it stored forgotten.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { forgetWorkerMemory } from '../../lib/storage/worker-memory';
// The modules that hold memory register with it when loaded; these are loaded by most tests.
import '../../lib/background/served-ids';
import '../../lib/storage/extension-db';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  // And a worker's memory of them (as after a restart): every test starts from nothing.
  forgetWorkerMemory();
});

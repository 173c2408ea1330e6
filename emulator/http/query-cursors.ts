/**
 * Server-side query cursors behind `nextRecordsUrl`. Salesforce keeps a cursor about 15 minutes after
 * its last use and only a handful per user; past that, the locator is "invalid query locator".
 */
import type { SObjectJson } from '../org/types';
import { randomString } from './crypto-util';
import type { Clock } from './types';

export const CURSOR_IDLE_LIFETIME_MS = 15 * 60 * 1000;
const MAX_OPEN_CURSORS = 50;

interface Cursor {
  records: SObjectJson[];
  totalSize: number;
  batchSize: number;
  lastUsedAt: number;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  /** Locator (`01g…-2000`) of the next page, if any. */
  nextLocator?: string;
  records: SObjectJson[];
}

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly clock: Clock) {}

  /** The first page of a result; opens a cursor only if more pages follow. */
  firstPage(records: SObjectJson[], totalSize: number, batchSize: number): QueryPage {
    if (records.length <= batchSize) return { totalSize, done: true, records };
    this.dropIdle();
    if (this.cursors.size >= MAX_OPEN_CURSORS) {
      // Oldest first: Map iteration follows insertion order.
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    const id = `01g${randomString(15)}`;
    this.cursors.set(id, { records, totalSize, batchSize, lastUsedAt: this.clock() });
    return { totalSize, done: false, nextLocator: `${id}-${batchSize}`, records: records.slice(0, batchSize) };
  }

  /** A later page, or undefined when the locator is unknown, malformed or expired. */
  page(locator: string): QueryPage | undefined {
    const match = /^(01g[A-Za-z0-9]{12,15})-(\d+)$/.exec(locator);
    if (!match) return undefined;
    const [, id = '', offsetText = ''] = match;
    const cursor = this.cursors.get(id);
    const offset = Number(offsetText);
    if (!cursor || this.clock() - cursor.lastUsedAt > CURSOR_IDLE_LIFETIME_MS || offset >= cursor.records.length) {
      return undefined;
    }
    cursor.lastUsedAt = this.clock();
    const end = offset + cursor.batchSize;
    const records = cursor.records.slice(offset, end);
    if (end >= cursor.records.length) {
      this.cursors.delete(id);
      return { totalSize: cursor.totalSize, done: true, records };
    }
    return { totalSize: cursor.totalSize, done: false, nextLocator: `${id}-${end}`, records };
  }

  clear(): void {
    this.cursors.clear();
  }

  private dropIdle(): void {
    const now = this.clock();
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.lastUsedAt > CURSOR_IDLE_LIFETIME_MS) this.cursors.delete(id);
    }
  }
}

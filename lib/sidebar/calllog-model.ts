import { signal, type ReadonlySignal } from '@preact/signals';
import { watchOutbox } from '../calllog/outbox';
import type { OutboxSummary } from '../messaging/calllog-messages';
import type { ReplyOf, RequestOf, Send } from '../messaging/contract';

export interface CalllogModel {
  outbox: ReadonlySignal<OutboxSummary | null>;
  saveNote(request: RequestOf<'saveNote'>): Promise<ReplyOf<'saveNote'>>;
  editTask(request: RequestOf<'editTask'>): Promise<ReplyOf<'editTask'>>;
  retry(keys: 'all' | string[]): Promise<void>;
  /** Drops a queued write; only the extension's own pages may (the background refuses the sidebar). */
  discard(key: string): Promise<void>;
  /** Sends writes held for unusual volume; only the extension's own pages may (#17). */
  release(keys: 'all' | string[]): Promise<void>;
  /** The options page, where queued writes are discarded. */
  openSettings(): Promise<void>;
  /** Shows the outbox and follows it as the background changes it in storage; returns the stop. */
  watch(): () => void;
}

/**
 * The sidebar's view of the outbox and its ToDo actions. Every write goes through the background;
 * what it changes in the outbox reaches the sidebar as the storage change itself, not asked again.
 */
export function createCalllogModel(send: Send): CalllogModel {
  const outbox = signal<OutboxSummary | null>(null);
  return {
    outbox,
    saveNote: (request) => send(request),
    editTask: (request) => send(request),
    async retry(keys) {
      await send({ type: 'retryOutbox', keys });
    },
    async discard(key) {
      await send({ type: 'discardOutboxItem', key, confirmed: true });
    },
    async release(keys) {
      await send({ type: 'releaseHeld', keys });
    },
    async openSettings() {
      await send({ type: 'openSettings' });
    },
    watch() {
      let changed = false;
      const stop = watchOutbox((summary) => {
        changed = true;
        outbox.value = summary;
      });
      // The first view comes from the background (the outbox itself is out of the page's reach).
      send({ type: 'getOutbox' }).then(
        (reply) => {
          if (!changed && reply.ok) outbox.value = reply.outbox;
        },
        (error: unknown) => console.error('[sfsd] reading the outbox failed', error),
      );
      return stop;
    },
  };
}

import { signal, type ReadonlySignal } from '@preact/signals';
import type { OutboxSummary } from '../messaging/calllog-messages';
import type { ReplyOf, RequestOf, Send } from '../messaging/contract';

export interface CalllogModel {
  outbox: ReadonlySignal<OutboxSummary | null>;
  refreshOutbox(): Promise<void>;
  saveNote(request: RequestOf<'saveNote'>): Promise<ReplyOf<'saveNote'>>;
  editTask(request: RequestOf<'editTask'>): Promise<ReplyOf<'editTask'>>;
  retry(keys: 'all' | string[]): Promise<void>;
  discard(key: string): Promise<void>;
  /** Follows the outbox in storage (written by the background); returns the stop function. */
  watch(subscribe: (onChange: () => void) => () => void): () => void;
}

/** The sidebar's view of the outbox and its ToDo actions; every write goes through the background. */
export function createCalllogModel(send: Send): CalllogModel {
  const outbox = signal<OutboxSummary | null>(null);

  async function refreshOutbox() {
    const reply = await send({ type: 'getOutbox' });
    if (reply.ok) outbox.value = reply.outbox;
  }

  return {
    outbox,
    refreshOutbox,
    async saveNote(request) {
      const reply = await send(request);
      await refreshOutbox();
      return reply;
    },
    async editTask(request) {
      const reply = await send(request);
      await refreshOutbox();
      return reply;
    },
    async retry(keys) {
      await send({ type: 'retryOutbox', keys });
      await refreshOutbox();
    },
    async discard(key) {
      await send({ type: 'discardOutboxItem', key, confirmed: true });
      await refreshOutbox();
    },
    watch(subscribe) {
      void refreshOutbox();
      return subscribe(() => void refreshOutbox());
    },
  };
}

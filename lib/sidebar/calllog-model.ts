import { signal, type ReadonlySignal } from '@preact/signals';
import type { OutboxSummary } from '../calllog/intake';
import type { PersonLink } from '../calllog/outbox';
import type { Truncation } from '../calllog/task-fields';
import type { Reply } from '../messaging/contract';

export type CalllogRequest =
  | { type: 'saveNote'; person: PersonLink; subject: string; note: string | null; callId: string | null; number?: string | null }
  | { type: 'editTask'; taskId: string; subject: string; note: string | null; person: PersonLink | null }
  | { type: 'getOutbox' }
  | { type: 'retryOutbox'; keys: 'all' | string[] }
  | { type: 'discardOutboxItem'; key: string; confirmed: true };

type SaveReply = Reply<{ warnings: Truncation[]; status?: string; key: string }>;

export interface CalllogModel {
  outbox: ReadonlySignal<OutboxSummary | null>;
  refreshOutbox(): Promise<void>;
  saveNote(request: Extract<CalllogRequest, { type: 'saveNote' }>): Promise<SaveReply>;
  editTask(request: Extract<CalllogRequest, { type: 'editTask' }>): Promise<SaveReply>;
  retry(keys: 'all' | string[]): Promise<void>;
  discard(key: string): Promise<void>;
  /** Follows the outbox in storage (written by the background); returns the stop function. */
  watch(subscribe: (onChange: () => void) => () => void): () => void;
}

/** The sidebar's view of the outbox and its ToDo actions; every write goes through the background. */
export function createCalllogModel(send: (request: CalllogRequest) => Promise<Reply<object>>): CalllogModel {
  const outbox = signal<OutboxSummary | null>(null);

  async function refreshOutbox() {
    const reply = (await send({ type: 'getOutbox' })) as Reply<{ outbox: OutboxSummary }>;
    if (reply.ok) outbox.value = reply.outbox;
  }

  return {
    outbox,
    refreshOutbox,
    async saveNote(request) {
      const reply = (await send(request)) as SaveReply;
      await refreshOutbox();
      return reply;
    },
    async editTask(request) {
      const reply = (await send(request)) as SaveReply;
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

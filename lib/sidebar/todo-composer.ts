import { signal, type ReadonlySignal } from '@preact/signals';
import type { CardTask } from '../messaging/matching-messages';

/** What the ToDo form is open for, on which card: a new ToDo (its cursor in the subject or the note), or an edit of a Past-activity Task. */
export type TodoTarget = { kind: 'todo'; cardId: string; focus: 'subject' | 'note' } | { kind: 'edit'; task: CardTask; cardId: string } | null;

export interface TodoComposer {
  open: ReadonlySignal<TodoTarget>;
  /** Opens the ToDo form on a card; the call strip opens it with the cursor in the note (T2). */
  write(cardId: string, focus?: 'subject' | 'note'): void;
  edit(cardId: string, task: CardTask): void;
  close(): void;
}

/** Where the ToDo form is open: shared by the card's buttons and the call strip's "Add note". */
export function createTodoComposer(): TodoComposer {
  const open = signal<TodoTarget>(null);
  return {
    open,
    write(cardId, focus = 'subject') {
      open.value = { kind: 'todo', cardId, focus };
    },
    edit(cardId, task) {
      open.value = { kind: 'edit', task, cardId };
    },
    close() {
      open.value = null;
    },
  };
}

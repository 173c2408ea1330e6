import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { Truncation } from '@/lib/messaging/calllog-messages';
import type { Card, CardTask } from '@/lib/messaging/matching-messages';
import type { CalllogModel } from '@/lib/sidebar/calllog-model';
import type { MatchModel } from '@/lib/sidebar/match-model';
import { MatchPanel } from './MatchPanel';
import { OutboxStatus } from './OutboxStatus';
import { TodoForm, type CallChoice } from './TodoForm';

export interface PersonAreaProps {
  match: MatchModel;
  calllog: CalllogModel;
  /** The live call first, then recent calls with this person (T8). */
  calls: CallChoice[];
  displayName?: string | null;
  company?: string | null;
}

/** What is open on which card: switching person closes it. */
type Open = { kind: 'todo'; cardId: string } | { kind: 'edit'; task: CardTask; cardId: string } | null;

/** The person a note is written about: the card's record. */
const linkOf = (card: Card) => ({ type: card.type, id: card.id, name: card.name });

/**
 * Everything the sidebar shows about the person in view: Salesforce's answer (card, candidates,
 * create), the ToDo form on the card, edits of past activity, and what waits in the outbox.
 */
export function PersonArea({ match, calllog, calls, displayName, company }: PersonAreaProps) {
  const [open, setOpen] = useState(null as Open);
  const [saved, setSaved] = useState(null as { warnings: Truncation[]; waitingForCall: boolean } | null);
  const show = (next: Open) => {
    setSaved(null);
    setOpen(next);
  };
  return (
    <>
      <MatchPanel
        model={match}
        displayName={displayName}
        company={company}
        onEditTask={(card, task) => show({ kind: 'edit', task, cardId: card.id })}
        cardActions={(card) =>
          open && open.cardId === card.id ? (
            <TodoForm
              key={open.kind === 'edit' ? open.task.id : 'todo'}
              calls={calls}
              editing={open.kind === 'edit' ? { subject: open.task.subject, note: open.task.description ?? '' } : null}
              onClose={() => show(null)}
              saved={saved}
              onSaved={setSaved}
              onSave={(draft) =>
                open.kind === 'edit'
                  ? calllog.editTask({ type: 'editTask', taskId: open.task.id, subject: draft.subject, note: draft.note || null, person: linkOf(card) })
                  : calllog.saveNote({ type: 'saveNote', person: linkOf(card), subject: draft.subject, note: draft.note || null, callId: draft.callId, number: draft.number })
              }
            />
          ) : (
            <p class="sfsd-actions">
              <button type="button" class="sfsd-button" data-testid="create-todo" onClick={() => show({ kind: 'todo', cardId: card.id })}>
                {t('createTodo')}
              </button>
            </p>
          )
        }
      />
      <OutboxStatus outbox={calllog.outbox.value} onRetry={(keys) => void calllog.retry(keys)} onManage={() => void calllog.openSettings()} />
    </>
  );
}

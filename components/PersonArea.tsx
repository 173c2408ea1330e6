import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { Truncation } from '@/lib/messaging/calllog-messages';
import type { Card } from '@/lib/messaging/matching-messages';
import type { CalllogModel } from '@/lib/sidebar/calllog-model';
import type { MatchModel } from '@/lib/sidebar/match-model';
import type { RelatedModel } from '@/lib/sidebar/related-model';
import type { TodoComposer } from '@/lib/sidebar/todo-composer';
import { MatchPanel } from './MatchPanel';
import { OutboxStatus } from './OutboxStatus';
import { RelatedTo } from './RelatedTo';
import { TodoForm, type CallChoice } from './TodoForm';

export interface PersonAreaProps {
  match: MatchModel;
  calllog: CalllogModel;
  /** Where the ToDo form is open (the call strip opens it too). */
  composer: TodoComposer;
  /** The live call first, then recent calls with this person (T8). */
  calls: CallChoice[];
  displayName?: string | null;
  company?: string | null;
  /** The numbers and e-mail searched, as Dialpad shows them. */
  searched?: readonly string[];
  /** "Related to": the deal or case a person's calls and ToDos belong to (#19). */
  related?: RelatedModel;
  /** Dialpad's own integration logs calls (policy): the ToDo form says what a call note becomes. */
  dialpadLogsCalls?: boolean;
  /** A call is in the call strip above the card (live, or ended and not yet dismissed). */
  duringCall?: boolean;
}

/** The person a note is written about: the card's record. */
const linkOf = (card: Card) => ({ type: card.type, id: card.id, name: card.name });

/**
 * Everything the sidebar shows about the person in view: Salesforce's answer (card, candidates,
 * create), the ToDo form on the card, edits of past activity, and what waits in the outbox.
 */
export function PersonArea({ match, calllog, composer, calls, displayName, company, searched, related, dialpadLogsCalls = false, duringCall = false }: PersonAreaProps) {
  const open = composer.open.value;
  const [saved, setSaved] = useState(null as { warnings: Truncation[]; waitingForCall: boolean } | null);
  // What the last save said belongs to that form only.
  useEffect(() => setSaved(null), [open]);
  return (
    <>
      <MatchPanel
        model={match}
        displayName={displayName}
        company={company}
        searched={searched}
        duringCall={duringCall}
        onEditTask={(card, task) => composer.edit(card.id, task)}
        cardRelated={(card) => {
          const view = related?.viewOf(card);
          return view && related ? <RelatedTo id="sfsd-card-related" view={view} value={view.current} onChange={(record) => void related.choose(card, record)} /> : null;
        }}
        cardActions={(card) =>
          open && open.cardId === card.id ? null : (
            <button type="button" class="sfsd-button" data-testid="create-todo" onClick={() => composer.write(card.id)}>
              {t('createTodo')}
            </button>
          )
        }
        cardPanel={(card) =>
          open && open.cardId === card.id ? (
            <TodoForm
              key={open.kind === 'edit' ? open.task.id : `todo:${open.focus}`}
              calls={calls}
              editing={open.kind === 'edit' ? { subject: open.task.subject, note: open.task.description ?? '' } : null}
              focus={open.kind === 'todo' ? open.focus : 'subject'}
              related={open.kind === 'todo' ? (related?.viewOf(card) ?? null) : null}
              dialpadLogsCalls={dialpadLogsCalls}
              onClose={() => composer.close()}
              saved={saved}
              onSaved={setSaved}
              onSave={(draft) =>
                open.kind === 'edit'
                  ? calllog.editTask({ type: 'editTask', taskId: open.task.id, subject: draft.subject, note: draft.note || null, person: linkOf(card) })
                  : calllog.saveNote({
                      type: 'saveNote',
                      person: linkOf(card),
                      subject: draft.subject,
                      note: draft.note || null,
                      callId: draft.callId,
                      number: draft.number,
                      ...(draft.relatedTo !== undefined ? { relatedTo: draft.relatedTo } : {}),
                    })
              }
            />
          ) : null
        }
      />
      <OutboxStatus outbox={calllog.outbox.value} onRetry={(keys) => void calllog.retry(keys)} onManage={() => void calllog.openSettings()} />
    </>
  );
}

import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';
import type { Card, CardTask } from '@/lib/messaging/matching-messages';

export interface RecordCardProps {
  card: Card;
  refreshing: boolean;
  onNotRightPerson?: () => void;
  /** The ToDo button and form (T1, T2, T8), shown under the links. */
  actions?: ComponentChildren;
  /** T7: edit a Past-activity Task's subject and notes. */
  onEditTask?: (task: CardTask) => void;
}

/**
 * The Salesforce record card (R1–R7). Every value is Salesforce data and is rendered as text by
 * Preact (never as HTML); links open in a new tab without giving Salesforce a handle on Dialpad.
 */
export function RecordCard({ card, refreshing, onNotRightPerson, actions, onEditTask }: RecordCardProps) {
  const isLead = card.type === 'Lead';
  return (
    <article class="sfsd-card" data-testid="record-card" data-record-type={card.type} data-record-id={card.id} aria-busy={refreshing}>
      <header class="sfsd-card__head">
        <h2 class="sfsd-card__name" data-field="name">
          {card.name}
        </h2>
        <span class="sfsd-badge">{isLead ? t('recordTypeLead') : t('recordTypeContact')}</span>
        {refreshing ? (
          <span class="sfsd-card__refreshing" role="status" data-testid="refreshing">
            {t('matchRefreshing')}
          </span>
        ) : null}
      </header>
      <dl class="sfsd-facts">
        <Fact label={t('cardOwner')} field="owner" value={card.owner} />
        <Fact label={t('cardTitle')} field="title" value={card.title} />
        <Fact label={t('cardCompany')} field="company" value={card.company} />
        <Fact label={isLead ? t('cardLeadStatus') : t('cardStage')} field="stage" value={card.stage} />
      </dl>
      <p class="sfsd-card__links">
        <a href={card.recordUrl} target="_blank" rel="noopener noreferrer" data-testid="view-record" aria-label={`${isLead ? t('viewLead') : t('viewContact')} ${t('opensInNewTab')}`}>
          {isLead ? t('viewLead') : t('viewContact')}
        </a>
        {onNotRightPerson ? (
          <button type="button" class="sfsd-link-button" data-testid="not-right-person" onClick={onNotRightPerson}>
            {t('notRightPerson')}
          </button>
        ) : null}
      </p>
      {actions}
      <TaskList heading={t('nextSteps')} empty={t('noNextSteps')} tasks={card.nextSteps} kind="next" />
      <TaskList heading={t('pastActivity')} empty={t('noPastActivity')} tasks={card.pastActivity} kind="past" onEdit={onEditTask} />
      <p class="sfsd-card__links">
        <a href={card.activityUrl} target="_blank" rel="noopener noreferrer" data-testid="view-all" aria-label={`${t('viewAll')} ${t('opensInNewTab')}`}>
          {t('viewAll')}
        </a>
      </p>
    </article>
  );
}

function Fact({ label, field, value }: { label: string; field: string; value: string | null }) {
  return (
    <div class="sfsd-fact" data-field={field}>
      <dt>{label}</dt>
      <dd>{value ?? '—'}</dd>
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat(typeof browser !== 'undefined' ? browser.i18n.getUILanguage() : undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Salesforce dates (`2026-11-24`) are calendar days with no zone: shown as that day everywhere. */
export function formatDate(date: string | null): string {
  if (!date) return '—';
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : dateFormat.format(parsed);
}

function callTypeLabel(callType: string | null): string {
  if (callType === 'Inbound') return t('callTypeInbound');
  if (callType === 'Outbound') return t('callTypeOutbound');
  if (callType === 'Internal') return t('callTypeInternal');
  return callType ?? '—';
}

interface TaskListProps {
  heading: string;
  empty: string;
  tasks: CardTask[];
  kind: 'next' | 'past';
  onEdit?: (task: CardTask) => void;
}

function TaskList({ heading, empty, tasks, kind, onEdit }: TaskListProps) {
  const id = `sfsd-${kind}-heading`;
  return (
    <section class="sfsd-tasks" data-testid={kind === 'next' ? 'next-steps' : 'past-activity'} aria-labelledby={id}>
      <h3 id={id} class="sfsd-subheading">
        {heading}
      </h3>
      {tasks.length === 0 ? (
        <p class="sfsd-muted">{empty}</p>
      ) : (
        <ul class="sfsd-task-list">
          {tasks.map((task) => (
            <li key={task.id} class="sfsd-task" data-task-id={task.id}>
              <p class="sfsd-task__subject" data-field="subject">
                {task.subject}
              </p>
              <dl class="sfsd-task__facts">
                {kind === 'next' ? (
                  <>
                    <TaskFact label={t('taskDue')} field="date" value={formatDate(task.dueDate)} />
                    <TaskFact label={t('taskStatus')} field="status" value={task.status ?? '—'} />
                  </>
                ) : (
                  <>
                    <TaskFact label={t('taskAssignedTo')} field="assignedTo" value={task.assignedTo ?? '—'} />
                    <TaskFact label={t('taskCallType')} field="callType" value={callTypeLabel(task.callType)} />
                    <TaskFact
                      label={t('taskDuration')}
                      field="duration"
                      value={task.durationSeconds === null ? '—' : t('taskDurationSeconds', String(task.durationSeconds))}
                    />
                    <TaskFact label={t('taskDate')} field="date" value={formatDate(task.dueDate)} />
                  </>
                )}
              </dl>
              {onEdit ? (
                <button type="button" class="sfsd-link-button" data-testid="edit-task" aria-label={`${t('editTask')}: ${task.subject}`} onClick={() => onEdit(task)}>
                  {t('editTask')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TaskFact({ label, field, value }: { label: string; field: string; value: string }) {
  return (
    <div class="sfsd-task__fact" data-field={field}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

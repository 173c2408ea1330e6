import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';
import type { Card, CardTask } from '@/lib/messaging/matching-messages';
import { foundBy } from '@/lib/sidebar/format';
import { ExternalIcon, PencilIcon } from './icons';
import { callDurationText, dateText } from './text';
import { byUser } from './user-event';

export interface RecordCardProps {
  card: Card;
  refreshing: boolean;
  /** The numbers and e-mail searched, as Dialpad shows them: the card says which one found it. */
  searched?: readonly string[];
  onNotRightPerson?: () => void;
  /** Buttons beside "View Contact" (Create ToDo). */
  actions?: ComponentChildren;
  /** What opens under the buttons (the ToDo form: T1, T2, T7, T8). */
  panel?: ComponentChildren;
  /** T7: edit a Past-activity Task's subject and notes. */
  onEditTask?: (task: CardTask) => void;
}

/**
 * The Salesforce record card (R1–R7), built to be read at a glance in a narrow column: the name
 * and what the person does first, owner and stage, the buttons, then one compact section per list.
 * Every value is Salesforce data and is rendered as text by Preact (never as HTML); links open in a
 * new tab without giving Salesforce a handle on Dialpad.
 */
export function RecordCard({ card, refreshing, searched = [], onNotRightPerson, actions, panel, onEditTask }: RecordCardProps) {
  const isLead = card.type === 'Lead';
  const found = foundBy(searched, card);
  const viewLabel = isLead ? t('viewLead') : t('viewContact');
  return (
    <article class="sfsd-card" data-testid="record-card" data-record-type={card.type} data-record-id={card.id} aria-busy={refreshing} aria-labelledby="sfsd-card-name">
      <header class="sfsd-card__head">
        <div class="sfsd-card__title-row">
          <h2 id="sfsd-card-name" class="sfsd-card__name" data-field="name" title={card.name}>
            {card.name}
          </h2>
          <span class="sfsd-chip">{isLead ? t('recordTypeLead') : t('recordTypeContact')}</span>
          {refreshing ? (
            <span class="sfsd-card__refreshing" role="status" data-testid="refreshing">
              {t('matchRefreshing')}
            </span>
          ) : null}
        </div>
        {card.title || card.company ? (
          <dl class="sfsd-card__subtitle">
            <Fact label={t('cardTitle')} field="title" value={card.title} hiddenLabel />
            <Fact label={t('cardCompany')} field="company" value={card.company} hiddenLabel />
          </dl>
        ) : null}
        {found.length !== 0 || onNotRightPerson ? (
          <p class="sfsd-card__found">
            {found.length !== 0 ? (
              <span class="sfsd-card__searched" data-testid="found-by" title={found.join(', ')}>
                {t('cardFoundBy', found[0]!)}
              </span>
            ) : null}
            {onNotRightPerson ? (
              <button type="button" class="sfsd-link-button" data-testid="not-right-person" onClick={byUser(onNotRightPerson)}>
                {t('notRightPerson')}
              </button>
            ) : null}
          </p>
        ) : null}
      </header>
      {card.owner || card.stage ? (
        <dl class="sfsd-facts">
          <Fact label={t('cardOwner')} field="owner" value={card.owner} />
          <Fact label={isLead ? t('cardLeadStatus') : t('cardStage')} field="stage" value={card.stage} />
        </dl>
      ) : null}
      <div class="sfsd-card__actions">
        <a class="sfsd-button sfsd-button--link" href={card.recordUrl} target="_blank" rel="noopener noreferrer" data-testid="view-record" aria-label={`${viewLabel} ${t('opensInNewTab')}`}>
          {viewLabel}
          <ExternalIcon />
        </a>
        {actions}
      </div>
      {panel}
      <CardSection id="next-steps" heading={t('nextSteps')} count={card.nextSteps.length}>
        <TaskList empty={t('noNextSteps')} tasks={card.nextSteps} kind="next" />
      </CardSection>
      <CardSection
        id="past-activity"
        heading={t('pastActivity')}
        count={card.pastActivity.length}
        action={
          <a href={card.activityUrl} target="_blank" rel="noopener noreferrer" data-testid="view-all" aria-label={`${t('viewAll')} ${t('opensInNewTab')}`}>
            {t('viewAll')}
            <ExternalIcon />
          </a>
        }
      >
        <TaskList empty={t('noPastActivity')} tasks={card.pastActivity} kind="past" onEdit={onEditTask} />
      </CardSection>
    </article>
  );
}

/** A label and a value; nothing at all when Salesforce gave no value (or the field is hidden from the user). */
function Fact({ label, field, value, hiddenLabel = false }: { label: string; field: string; value: string | null; hiddenLabel?: boolean }) {
  if (!value) return null;
  return (
    <div class="sfsd-fact" data-field={field}>
      <dt class={hiddenLabel ? 'sfsd-visually-hidden' : undefined}>{label}</dt>
      <dd title={value}>{value}</dd>
    </div>
  );
}

export interface CardSectionProps {
  /** Also its test id. */
  id: string;
  heading: string;
  count: number;
  /** A link beside the heading ("View all"). */
  action?: ComponentChildren;
  children: ComponentChildren;
}

/** One list on the card under a heading with its count: Next steps, Past activity, and those to come. */
export function CardSection({ id, heading, count, action, children }: CardSectionProps) {
  return (
    <section class="sfsd-card-section" data-testid={id} aria-labelledby={`sfsd-${id}-heading`}>
      <div class="sfsd-card-section__head">
        <h3 id={`sfsd-${id}-heading`} class="sfsd-card-section__title">
          {heading}
          {count > 0 ? <span class="sfsd-count">{t('sectionCount', String(count))}</span> : null}
        </h3>
        {action}
      </div>
      {children}
    </section>
  );
}

function callTypeLabel(callType: string | null): string | null {
  if (callType === 'Inbound') return t('callTypeInbound');
  if (callType === 'Outbound') return t('callTypeOutbound');
  if (callType === 'Internal') return t('callTypeInternal');
  return callType;
}

interface TaskListProps {
  empty: string;
  tasks: CardTask[];
  kind: 'next' | 'past';
  onEdit?: (task: CardTask) => void;
}

function TaskList({ empty, tasks, kind, onEdit }: TaskListProps) {
  return tasks.length === 0 ? (
    <p class="sfsd-muted sfsd-card-section__empty">{empty}</p>
  ) : (
    <ul class="sfsd-task-list">
      {tasks.map((task) => (
        <li key={task.id} class="sfsd-task" data-task-id={task.id}>
          <div class="sfsd-task__row">
            <p class="sfsd-task__subject" data-field="subject" title={task.subject}>
              {task.subject}
            </p>
            {/* A cached card keeps only the start of long notes: editing waits for Salesforce's full text. */}
            {onEdit && !task.descriptionCut ? (
              <button type="button" class="sfsd-icon-button sfsd-icon-button--small" data-testid="edit-task" aria-label={`${t('editTask')}: ${task.subject}`} title={t('editTask')} onClick={() => onEdit(task)}>
                <PencilIcon />
              </button>
            ) : null}
          </div>
          <dl class="sfsd-meta">
            {kind === 'next' ? (
              <>
                <Fact label={t('taskDue')} field="date" value={dateText(task.dueDate)} />
                <Fact label={t('taskStatus')} field="status" value={task.status} hiddenLabel />
              </>
            ) : (
              <>
                <Fact label={t('taskAssignedTo')} field="assignedTo" value={task.assignedTo} hiddenLabel />
                <Fact label={t('taskCallType')} field="callType" value={callTypeLabel(task.callType)} hiddenLabel />
                <Fact label={t('taskDuration')} field="duration" value={task.durationSeconds === null ? null : callDurationText(task.durationSeconds)} hiddenLabel />
                <Fact label={t('taskDate')} field="date" value={dateText(task.dueDate)} hiddenLabel />
              </>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}

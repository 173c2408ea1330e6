import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { Card, CardContact, CardTask, MatchType } from '@/lib/messaging/matching-messages';
import type { MessageKey } from '@/lib/i18n';
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
  /** "Related to" (the deal or case calls belong to), under the owner and stage. */
  related?: ComponentChildren;
  /** A company's card: the user picks which of its contacts is on the line. */
  onPickContact?: (contact: CardContact) => void;
  /**
   * During a call (the call strip is above the card): Next steps and Past activity show their first
   * entries only — the next due, the latest (after the call, the call's own Task) — and the rest
   * one click away, so the strip and the card's key facts fit a laptop's screen together.
   */
  duringCall?: boolean;
}

/** How many entries a list shows during a call before "Show N more". */
export const DURING_CALL_ENTRIES = 2;

const TYPE_LABELS: Record<MatchType, MessageKey> = { Contact: 'recordTypeContact', Lead: 'recordTypeLead', Account: 'recordTypeAccount' };
const VIEW_LABELS: Record<MatchType, MessageKey> = { Contact: 'viewContact', Lead: 'viewLead', Account: 'viewAccount' };

/**
 * The Salesforce record card (R1–R7), built to be read at a glance in a narrow column: the name
 * and what the person does first, owner and stage, the buttons, then one compact section per list.
 * Every value is Salesforce data and is rendered as text by Preact (never as HTML); links open in a
 * new tab without giving Salesforce a handle on Dialpad.
 */
export function RecordCard({ card, refreshing, searched = [], onNotRightPerson, actions, panel, onEditTask, related, onPickContact, duringCall = false }: RecordCardProps) {
  const isLead = card.type === 'Lead';
  const found = foundBy(searched, card);
  const viewLabel = t(VIEW_LABELS[card.type]);
  const sections = card.sections ?? { opportunities: false, cases: false, contacts: false };
  return (
    <article class="sfsd-card" data-testid="record-card" data-record-type={card.type} data-record-id={card.id} data-partial={card.partial ? "true" : undefined} data-during-call={duringCall ? 'true' : undefined} aria-busy={refreshing} aria-labelledby="sfsd-card-name">
      <header class="sfsd-card__head">
        <div class="sfsd-card__title-row">
          <h2 id="sfsd-card-name" class="sfsd-card__name" data-field="name" title={card.name}>
            {card.name}
          </h2>
          <span class="sfsd-chip">{t(TYPE_LABELS[card.type])}</span>
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
      {card.partial ? null : related}
      <div class="sfsd-card__actions">
        <a class="sfsd-button sfsd-button--link" href={card.recordUrl} target="_blank" rel="noopener noreferrer" data-testid="view-record" aria-label={`${viewLabel} ${t('opensInNewTab')}`}>
          {viewLabel}
          <ExternalIcon />
        </a>
        {card.partial ? null : actions}
      </div>
      {/* The who part only (#18): the lists and what acts on the record follow with the card query. */}
      {card.partial ? null : (
        <>
      {panel}
      {sections.contacts ? (
        <CardSection id="account-contacts" heading={t('cardContacts')} count={card.contacts.length}>
          {onPickContact && card.contacts.length ? <p class="sfsd-muted sfsd-card-section__hint">{t('cardContactsHint')}</p> : null}
          <ContactList contacts={card.contacts} onPick={onPickContact} />
        </CardSection>
      ) : null}
      {sections.opportunities ? (
        <CardSection id="opportunities" heading={t('cardOpportunities')} count={card.opportunities.length} folded={card.type !== 'Account'}>
          {card.opportunities.length === 0 ? (
            <p class="sfsd-muted sfsd-card-section__empty">{t('noOpenOpportunities')}</p>
          ) : (
            <ul class="sfsd-task-list">
              {card.opportunities.map((deal) => (
                <li key={deal.id} class="sfsd-task" data-opportunity-id={deal.id}>
                  <RecordLink url={deal.url} text={deal.name} />
                  <dl class="sfsd-meta">
                    <Fact label={t('cardStage')} field="stage" value={deal.stage} hiddenLabel />
                    <Fact label={t('opportunityCloseDate')} field="closeDate" value={deal.closeDate ? dateText(deal.closeDate) : null} />
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </CardSection>
      ) : null}
      {sections.cases ? (
        <CardSection id="cases" heading={t('cardCases')} count={card.cases.length} folded={card.type !== 'Account'}>
          {card.cases.length === 0 ? (
            <p class="sfsd-muted sfsd-card-section__empty">{t('noOpenCases')}</p>
          ) : (
            <ul class="sfsd-task-list">
              {card.cases.map((item) => (
                <li key={item.id} class="sfsd-task" data-case-id={item.id}>
                  <RecordLink url={item.url} text={[item.caseNumber, item.subject].filter(Boolean).join(' ')} />
                  <dl class="sfsd-meta">
                    <Fact label={t('caseStatus')} field="status" value={item.status} hiddenLabel />
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </CardSection>
      ) : null}
      <CardSection id="next-steps" heading={t('nextSteps')} count={card.nextSteps.length}>
        <TaskList id="next-steps" empty={t('noNextSteps')} tasks={card.nextSteps} kind="next" limit={duringCall ? DURING_CALL_ENTRIES : undefined} />
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
        <TaskList id="past-activity" empty={t('noPastActivity')} tasks={card.pastActivity} kind="past" onEdit={onEditTask} limit={duringCall ? DURING_CALL_ENTRIES : undefined} />
      </CardSection>
        </>
      )}
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
  /** Folded under its heading and count until the user opens it (a disclosure: keyboard and screen readers know it). */
  folded?: boolean;
  children: ComponentChildren;
}

/** One list on the card under a heading with its count: Next steps, Past activity, and those to come. */
export function CardSection({ id, heading, count, action, folded = false, children }: CardSectionProps) {
  if (folded) {
    return (
      <details class="sfsd-card-section sfsd-card-section--folded" data-testid={id}>
        <summary class="sfsd-card-section__head">
          <h3 id={`sfsd-${id}-heading`} class="sfsd-card-section__title">
            {heading}
            {count > 0 ? <span class="sfsd-count">{t('sectionCount', String(count))}</span> : null}
          </h3>
        </summary>
        {children}
      </details>
    );
  }
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

/** A record's name, opening it in Salesforce in a new tab. */
function RecordLink({ url, text }: { url: string; text: string }) {
  return (
    <p class="sfsd-task__subject" data-field="name" title={text}>
      <a href={url} target="_blank" rel="noopener noreferrer" aria-label={`${text} ${t('opensInNewTab')}`}>
        {text}
      </a>
    </p>
  );
}

/** A company's contacts: each opens in Salesforce, and may be picked as the person on its main line. */
function ContactList({ contacts, onPick }: { contacts: CardContact[]; onPick?: (contact: CardContact) => void }) {
  return contacts.length === 0 ? (
    <p class="sfsd-muted sfsd-card-section__empty">{t('noContacts')}</p>
  ) : (
    <ul class="sfsd-task-list">
      {contacts.map((contact) => (
        <li key={contact.id} class="sfsd-task" data-contact-id={contact.id}>
          <div class="sfsd-task__row">
            <RecordLink url={contact.url} text={contact.name} />
            {onPick ? (
              <button type="button" class="sfsd-button sfsd-button--small" data-testid="pick-contact" aria-label={t('pickContactLabel', contact.name)} onClick={byUser(() => onPick(contact))}>
                {t('pickContact')}
              </button>
            ) : null}
          </div>
          <dl class="sfsd-meta">
            <Fact label={t('cardTitle')} field="title" value={contact.title} hiddenLabel />
            <Fact label={t('formPhone')} field="phone" value={contact.phone} hiddenLabel />
          </dl>
        </li>
      ))}
    </ul>
  );
}

function callTypeLabel(callType: string | null): string | null {
  if (callType === 'Inbound') return t('callTypeInbound');
  if (callType === 'Outbound') return t('callTypeOutbound');
  if (callType === 'Internal') return t('callTypeInternal');
  return callType;
}

interface TaskListProps {
  /** The section's id: the list's own is derived from it (the "Show more" button controls it). */
  id: string;
  empty: string;
  tasks: CardTask[];
  kind: 'next' | 'past';
  onEdit?: (task: CardTask) => void;
  /** Show only the first `limit` entries until the user asks for the rest (during a call). */
  limit?: number;
}

function TaskList({ id, empty, tasks, kind, onEdit, limit }: TaskListProps) {
  const [all, setAll] = useState(false);
  const shortened = limit !== undefined && tasks.length > limit;
  const shown = shortened && !all ? tasks.slice(0, limit) : tasks;
  const listId = `sfsd-${id}-list`;
  return tasks.length === 0 ? (
    <p class="sfsd-muted sfsd-card-section__empty">{empty}</p>
  ) : (
    <>
    <ul class="sfsd-task-list" id={listId}>
      {shown.map((task) => (
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
    {shortened ? (
      <button type="button" class="sfsd-link-button sfsd-show-more" data-testid="show-more" aria-expanded={all} aria-controls={listId} onClick={() => setAll(!all)}>
        {all ? t('showFewer') : t('showMore', String(tasks.length - shown.length))}
      </button>
    ) : null}
    </>
  );
}

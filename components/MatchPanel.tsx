import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { splitPersonName } from '@/lib/matching/person-name';
import type { Candidate, Card, CardTask, NewPerson, PersonType, PossibleDuplicates } from '@/lib/messaging/matching-messages';
import type { MatchModel } from '@/lib/sidebar/match-model';
import { NameSearchForm } from './NameSearchForm';
import { RecordCard } from './RecordCard';
import { byUser, isUserEvent } from './user-event';

export interface MatchPanelProps {
  model: MatchModel;
  /** The name Dialpad shows, to prefill "Create Contact/Lead" (C4). */
  displayName?: string | null;
  company?: string | null;
  /** The numbers and e-mail searched, as Dialpad shows them (the card says which found it). */
  searched?: readonly string[];
  /** What the card offers besides reading: buttons beside "View Contact", and what they open. */
  cardActions?: (card: Card) => ComponentChildren;
  cardPanel?: (card: Card) => ComponentChildren;
  /** "Related to" on the card (the deal or case its calls belong to). */
  cardRelated?: (card: Card) => ComponentChildren;
  onEditTask?: (card: Card, task: CardTask) => void;
  /** A call is in the call strip above: the card keeps to its key facts (see RecordCard). */
  duringCall?: boolean;
}

/** Salesforce's answer about the person in view: loading, the card, several to pick from, or none. */
export function MatchPanel({ model, displayName, company, searched, cardActions, cardPanel, onEditTask, cardRelated, duringCall = false }: MatchPanelProps) {
  const view = model.view.value;
  const actionError = model.actionError.value;
  // A number or e-mail found the wrong person, or nobody: look them up by name (a name typed in the
  // manual search is already a name search).
  const byName = Boolean(model.person.value?.phones.length || model.person.value?.email);
  return (
    <section class="sfsd-section sfsd-match" data-testid="match" data-match-state={view.state} aria-live="polite">
      {view.state === 'loading' ? <Skeleton /> : null}
      {view.state === 'matched' ? (
        <RecordCard
          card={view.card}
          refreshing={view.refreshing}
          searched={searched}
          onNotRightPerson={() => void model.notRightPerson()}
          actions={cardActions?.(view.card)}
          panel={cardPanel?.(view.card)}
          related={cardRelated?.(view.card)}
          duringCall={duringCall}
          onPickContact={view.card.type === 'Account' ? (contact) => void model.pick('Contact', contact.id) : undefined}
          onEditTask={onEditTask ? (task) => onEditTask(view.card, task) : undefined}
        />
      ) : null}
      {view.state === 'several' ? (
        <CandidateList candidates={view.candidates} busy={model.busy.value} onPick={(c) => void model.pick(c.type, c.id)} />
      ) : null}
      {(view.state === 'several' || view.state === 'none') && byName && !model.duplicates.value ? <NameSearch model={model} /> : null}
      {view.state === 'none' ? (
        <NoMatch searched={view.searched} model={model} displayName={displayName ?? null} company={company ?? null} />
      ) : null}
      {view.state === 'error' ? (
        <div class="sfsd-error" role="alert" data-testid="match-error" data-error-code={view.error.code}>
          <p>{t('matchError', view.error.message)}</p>
          <button type="button" class="sfsd-button" onClick={() => void model.retry()}>
            {t('retry')}
          </button>
        </div>
      ) : null}
      {actionError && view.state !== 'error' ? (
        <p class="sfsd-error" role="alert" data-testid="action-error" data-error-code={actionError.code}>
          {actionError.message}
        </p>
      ) : null}
    </section>
  );
}

function Skeleton() {
  return (
    <div class="sfsd-skeleton" data-testid="match-loading" role="status" aria-label={t('matchLoading')}>
      <span class="sfsd-skeleton__line sfsd-skeleton__line--wide" />
      <span class="sfsd-skeleton__line" />
      <span class="sfsd-skeleton__line" />
    </div>
  );
}

interface CandidateListProps {
  candidates: Candidate[];
  busy: boolean;
  onPick: (c: Candidate) => void;
  /** The list's heading and test id: the number's matches (default), or a name's. */
  heading?: string;
  hint?: string | null;
  testId?: string;
}

function CandidateList({ candidates, busy, onPick, heading, hint, testId = 'candidates' }: CandidateListProps) {
  return (
    <div data-testid={testId}>
      <h2 class="sfsd-subheading sfsd-subheading--first">{heading ?? t('matchSeveral', String(candidates.length))}</h2>
      {hint === null ? null : <p class="sfsd-muted">{hint ?? t('matchSeveralHint')}</p>}
      <ul class="sfsd-candidates" aria-label={t('candidateListLabel')}>
        {candidates.map((candidate) => (
          <li key={candidate.id}>
            <button
              type="button"
              class="sfsd-candidate"
              disabled={busy}
              data-record-id={candidate.id}
              data-record-type={candidate.type}
              onClick={byUser(() => onPick(candidate))}
            >
              <span class="sfsd-candidate__head">
                <span class="sfsd-candidate__name" title={candidate.name}>
                  {candidate.name}
                </span>
                <span class="sfsd-chip">{candidate.type === 'Lead' ? t('recordTypeLead') : candidate.type === 'Account' ? t('recordTypeAccount') : t('recordTypeContact')}</span>
              </span>
              {candidate.title || candidate.company ? (
                <span class="sfsd-candidate__detail" title={[candidate.title, candidate.company].filter(Boolean).join(' · ')}>
                  {[candidate.title, candidate.company].filter(Boolean).join(' · ')}
                </span>
              ) : null}
              {candidate.owner ? (
                <span class="sfsd-candidate__detail">
                  {t('cardOwner')}: {candidate.owner}
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "Not the right person?", or nobody has the number (#19): look the person up by name as the user
 * types (once per pause; Enter at once). The one picked becomes this Dialpad contact's and number's
 * person, as a pick among the number's matches does, so their calls are logged on them.
 */
function NameSearch({ model }: { model: MatchModel }) {
  const found = model.nameSearch.value;
  return (
    <div class="sfsd-name-search" data-testid="name-search">
      <NameSearchForm inputId="sfsd-name-search" label={t('findByNameLabel')} labelForm autocomplete="off" placeholder={t('findByNameLabel')} search={(text) => void model.searchByName(text)} />
      {found?.state === 'done' && found.candidates.length === 0 ? (
        <p class="sfsd-muted" role="status" data-testid="name-search-none">
          {t('findByNameNone', found.text)}
        </p>
      ) : null}
      {found?.state === 'done' && found.candidates.length !== 0 ? (
        <CandidateList
          testId="name-candidates"
          heading={t('findByNameFound', [String(found.candidates.length), found.text])}
          hint={null}
          candidates={found.candidates}
          busy={model.busy.value}
          onPick={(candidate) => void model.pick(candidate.type, candidate.id)}
        />
      ) : null}
      {found?.state === 'error' ? (
        <p class="sfsd-error" role="alert" data-testid="name-search-error" data-error-code={found.error.code}>
          {t('matchError', found.error.message)}
        </p>
      ) : null}
    </div>
  );
}

interface NoMatchProps {
  searched: string[];
  model: MatchModel;
  displayName: string | null;
  company: string | null;
}

function NoMatch({ searched, model, displayName, company }: NoMatchProps) {
  const [creating, setCreating] = useState(null as PersonType | null);
  const duplicates = model.duplicates.value;
  if (duplicates) {
    return (
      <div data-testid="no-match">
        <DuplicateList
          found={duplicates.found}
          busy={model.busy.value}
          onPick={(c) => void model.pick(c.type, c.id)}
          onSaveAnyway={() => void model.create(duplicates.record, { allowDuplicate: true })}
          onBack={() => model.dismissDuplicates()}
        />
      </div>
    );
  }
  return (
    <div data-testid="no-match">
      <p>{t('matchNone')}</p>
      {searched.length > 0 ? <p class="sfsd-muted">{t('matchNoneSearched', searched.join(', '))}</p> : null}
      {creating ? (
        <CreateForm
          type={creating}
          model={model}
          displayName={displayName}
          company={company}
          phone={model.person.value?.phones[0] ?? null}
          email={model.person.value?.email ?? null}
          onCancel={() => setCreating(null)}
        />
      ) : (
        <p class="sfsd-actions">
          <button type="button" class="sfsd-button" data-testid="create-contact" onClick={() => setCreating('Contact')}>
            {t('createContact')}
          </button>
          <button type="button" class="sfsd-button" data-testid="create-lead" onClick={() => setCreating('Lead')}>
            {t('createLead')}
          </button>
        </p>
      )}
    </div>
  );
}

interface DuplicateListProps {
  found: PossibleDuplicates;
  busy: boolean;
  onPick: (candidate: Candidate) => void;
  onSaveAnyway: () => void;
  onBack: () => void;
}

/** A duplicate rule stopped the create: the records it found (open in Salesforce, or use one), or save anyway where the rule allows it. */
function DuplicateList({ found, busy, onPick, onSaveAnyway, onBack }: DuplicateListProps) {
  return (
    <div data-testid="duplicates" data-allow-save={String(found.allowSave)}>
      <h2 class="sfsd-subheading">{t('duplicatesHeading')}</h2>
      <p class="sfsd-muted">{found.allowSave ? t('duplicatesHintAllowSave') : t('duplicatesHintBlocked')}</p>
      <ul class="sfsd-candidates" aria-label={t('duplicatesHeading')}>
        {found.records.map((record) => (
          <li key={record.id} class="sfsd-duplicate" data-record-id={record.id} data-record-type={record.type}>
            <a class="sfsd-candidate__name" href={record.recordUrl} target="_blank" rel="noopener noreferrer" data-testid="duplicate-link">
              {record.name}
            </a>
            <span class="sfsd-badge">{record.type === 'Lead' ? t('recordTypeLead') : t('recordTypeContact')}</span>
            <span class="sfsd-candidate__detail">{[record.title, record.company].filter(Boolean).join(' · ') || '—'}</span>
            <button type="button" class="sfsd-button" disabled={busy} data-testid="duplicate-use" onClick={byUser(() => onPick(record))}>
              {t('duplicatesUse')}
            </button>
          </li>
        ))}
      </ul>
      <p class="sfsd-actions">
        {found.allowSave ? (
          <button type="button" class="sfsd-button sfsd-button--primary" disabled={busy} data-testid="duplicate-save-anyway" onClick={byUser(onSaveAnyway)}>
            {t('duplicatesSaveAnyway')}
          </button>
        ) : null}
        <button type="button" class="sfsd-button" disabled={busy} onClick={onBack}>
          {t('duplicatesBack')}
        </button>
      </p>
    </div>
  );
}

interface CreateFormProps {
  type: PersonType;
  model: MatchModel;
  displayName: string | null;
  company: string | null;
  phone: string | null;
  email: string | null;
  onCancel: () => void;
}

function CreateForm({ type, model, displayName, company, phone, email, onCancel }: CreateFormProps) {
  const initial = splitPersonName(displayName ?? '');
  const [fields, setFields] = useState<NewPerson>({
    type,
    firstName: initial.firstName,
    lastName: initial.lastName,
    company: company ?? '',
    title: '',
    phone: phone ?? '',
    email: email ?? '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const set = (name: keyof NewPerson) => (event: Event) =>
    setFields({ ...fields, [name]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    if (!fields.lastName.trim()) return setProblem(t('formLastNameRequired'));
    if (type === 'Lead' && !fields.company?.trim()) return setProblem(t('formCompanyRequired'));
    setProblem(null);
    await model.create(fields);
  }

  const heading = type === 'Lead' ? t('createLead') : t('createContact');
  return (
    <form class="sfsd-form" data-testid="create-form" data-record-type={type} aria-label={heading} onSubmit={(e) => (isUserEvent(e) ? void submit(e) : e.preventDefault())}>
      <h2 class="sfsd-subheading">{heading}</h2>
      <Field label={t('formLastName')} name="lastName" value={fields.lastName} onInput={set('lastName')} required maxLength={80} />
      <Field label={t('formFirstName')} name="firstName" value={fields.firstName} onInput={set('firstName')} maxLength={40} />
      <Field label={t('formCompany')} name="company" value={fields.company ?? ''} onInput={set('company')} required={type === 'Lead'} maxLength={255} />
      <Field label={t('formTitle')} name="title" value={fields.title ?? ''} onInput={set('title')} maxLength={128} />
      <Field label={t('formPhone')} name="phone" value={fields.phone ?? ''} onInput={set('phone')} maxLength={40} inputMode="tel" />
      <Field label={t('formEmail')} name="email" value={fields.email ?? ''} onInput={set('email')} maxLength={80} inputMode="email" />
      {problem ? (
        <p class="sfsd-error" role="alert">
          {problem}
        </p>
      ) : null}
      <p class="sfsd-actions">
        <button type="submit" class="sfsd-button sfsd-button--primary" disabled={model.busy.value} data-testid="create-save">
          {t('formSave')}
        </button>
        <button type="button" class="sfsd-button" onClick={onCancel}>
          {t('formCancel')}
        </button>
      </p>
    </form>
  );
}

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onInput: (event: Event) => void;
  required?: boolean;
  maxLength: number;
  inputMode?: 'text' | 'tel' | 'email';
}

function Field({ label, name, value, onInput, required, maxLength, inputMode = 'text' }: FieldProps) {
  const id = `sfsd-field-${name}`;
  return (
    <p class="sfsd-field">
      <label for={id}>{label}</label>
      <input id={id} name={name} type="text" inputMode={inputMode} value={value} onInput={onInput} required={required} maxLength={maxLength} />
    </p>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { Truncation } from '@/lib/messaging/calllog-messages';
import type { ReplyError } from '@/lib/messaging/contract';
import type { RelatedRecord } from '@/lib/messaging/matching-messages';
import type { RelatedView } from '@/lib/sidebar/related-model';
import { RelatedTo } from './RelatedTo';
import { isUserEvent } from './user-event';

/** A call the note can belong to (T8): the live one, or a recent one from Dialpad's history. */
export interface CallChoice {
  callId: string;
  label: string;
  number: string | null;
  live: boolean;
}

export interface TodoDraft {
  subject: string;
  note: string;
  /** null: "No call – open log" (an open Task in Next steps). */
  callId: string | null;
  number: string | null;
  /** "Related to" as the form shows it (undefined: the form has none — a Lead, a company, an edit). */
  relatedTo?: RelatedRecord | null;
}

export interface TodoFormProps {
  /** The live call first, then recent calls; empty before any call. */
  calls: CallChoice[];
  /** Editing a Past-activity Task (T7): its subject and notes, and no call choice. */
  editing?: { subject: string; note: string } | null;
  /** Which field has the cursor when the form opens (the call strip's "Add note" puts it in the note). */
  focus?: 'subject' | 'note';
  /** "Related to" for this ToDo, starting at the card's; changing it here changes this ToDo only. */
  related?: RelatedView | null;
  /** Dialpad logs calls itself (policy): a note on a call is saved as a Task of its own. */
  dialpadLogsCalls?: boolean;
  onSave(draft: TodoDraft): Promise<{ ok: true; warnings: Truncation[]; status?: string } | { ok: false; error: ReplyError }>;
  onClose(): void;
  /** The outcome of the last save, kept by the parent so a re-render of the card keeps it on screen. */
  saved: { warnings: Truncation[]; waitingForCall: boolean } | null;
  onSaved(saved: { warnings: Truncation[]; waitingForCall: boolean }): void;
}

const LIMITS: Record<Truncation['field'], number> = { Subject: 255, Description: 32_000 };

/**
 * The ToDo form (T1, T2, T7, T8): subject and notes, and which call it belongs to. Saving keeps
 * what was typed on any error; a note longer than Salesforce keeps is saved cut, and says so.
 */
export function TodoForm({ calls, editing, focus = 'subject', related, dialpadLogsCalls = false, onSave, onClose, saved, onSaved }: TodoFormProps) {
  const live = calls.find((call) => call.live);
  const [relatedTo, setRelatedTo] = useState(related?.current ?? null);
  const [subject, setSubject] = useState(editing?.subject ?? '');
  const [note, setNote] = useState(editing?.note ?? '');
  const [callId, setCallId] = useState(editing ? null : (live?.callId ?? null));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null as string | null);
  const subjectField = useRef(null as HTMLInputElement | null);
  const noteField = useRef(null as HTMLTextAreaElement | null);
  useEffect(() => {
    (focus === 'note' ? noteField : subjectField).current?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (!subject.trim() && !(callId && note.trim())) return setProblem(t('todoSubjectRequired'));
    setBusy(true);
    setProblem(null);
    const chosen = calls.find((call) => call.callId === callId);
    const reply = await onSave({ subject, note, callId, number: chosen?.number ?? null, ...(related && !editing ? { relatedTo } : {}) });
    setBusy(false);
    if (!reply.ok) return setProblem(reply.error.message);
    onSaved({ warnings: reply.warnings, waitingForCall: reply.status === 'waiting-call' });
  }

  const heading = editing ? t('editTask') : t('createTodo');
  return (
    <form class="sfsd-form" data-testid="todo-form" aria-label={heading} onSubmit={(e) => (isUserEvent(e) ? void submit(e) : e.preventDefault())}>
      <h3 class="sfsd-subheading">{heading}</h3>
      <p class="sfsd-field">
        <label for="sfsd-todo-subject">{t('todoSubject')}</label>
        <input ref={subjectField} id="sfsd-todo-subject" name="subject" type="text" value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
      </p>
      <p class="sfsd-field">
        <label for="sfsd-todo-note">{t('todoNotes')}</label>
        <textarea ref={noteField} id="sfsd-todo-note" name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </p>
      {editing ? null : (
        <p class="sfsd-field">
          <label for="sfsd-todo-call">{t('todoRelatedCall')}</label>
          <select id="sfsd-todo-call" name="call" value={callId ?? ''} onChange={(e) => setCallId(e.currentTarget.value || null)}>
            {calls.map((call) => (
              <option key={call.callId} value={call.callId}>
                {call.live ? t('todoThisCall', call.label) : call.label}
              </option>
            ))}
            <option value="">{t('todoNoCall')}</option>
          </select>
        </p>
      )}
      {dialpadLogsCalls && !editing && callId ? (
        <p class="sfsd-muted" data-testid="todo-dialpad-logs">
          {t('todoDialpadLogsCalls')}
        </p>
      ) : null}
      {related && !editing ? <RelatedTo id="sfsd-todo-related" view={related} value={relatedTo} onChange={setRelatedTo} /> : null}
      {problem ? (
        <p class="sfsd-error" role="alert" data-testid="todo-problem">
          {problem}
        </p>
      ) : null}
      {saved ? (
        <div role="status" data-testid="todo-saved">
          <p>{saved.waitingForCall ? t('todoSavedWaitingCall') : t('todoSaved')}</p>
          {saved.warnings.map((warning) => (
            <p key={warning.field} class="sfsd-warning" data-testid="todo-truncated" data-field={warning.field}>
              {t('todoTruncated', [warning.field === 'Subject' ? t('todoSubject') : t('todoNotes'), String(LIMITS[warning.field])])}
            </p>
          ))}
        </div>
      ) : null}
      <p class="sfsd-actions">
        <button type="submit" class="sfsd-button sfsd-button--primary" disabled={busy} data-testid="todo-save">
          {t('formSave')}
        </button>
        <button type="button" class="sfsd-button" data-testid="todo-close" onClick={onClose}>
          {t('todoClose')}
        </button>
      </p>
    </form>
  );
}

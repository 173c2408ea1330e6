import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { createTypeahead } from '@/lib/sidebar/typeahead';

export interface NameSearchFormProps {
  /** The input's id (its hidden label points at it). */
  inputId: string;
  /** The input's label, read by screen readers (and the form's, when `labelForm` is set). */
  label: string;
  placeholder: string;
  /** Asks Salesforce: called once per pause in the typing, or at once on Enter (lib/sidebar/typeahead). */
  search(text: string): void;
  /** The form's own id (a button elsewhere controls it). */
  id?: string;
  testId?: string;
  /** Give the search landmark the label too (needed where two search forms can be on screen). */
  labelForm?: boolean;
  autocomplete?: 'off';
  /** Put the cursor in the box when the form appears. */
  autoFocus?: boolean;
  /** After the search button: more buttons, given a way to empty the box and drop a pending search. */
  extra?: (clear: () => void) => ComponentChildren;
}

/**
 * The one search box of the sidebar (#19): the header's manual search and "Not the right person?"
 * both. Salesforce is asked as the user types, once the typing pauses (at most one SOSL per pause),
 * or at once on Enter; a search still waiting for its pause is dropped when the form goes away.
 */
export function NameSearchForm({ inputId, label, placeholder, search, id, testId, labelForm = false, autocomplete, autoFocus = false, extra }: NameSearchFormProps) {
  const [draft, setDraft] = useState('');
  const input = useRef(null as HTMLInputElement | null);
  // The latest `search` is called, the typeahead (its timer and what it last sent) made once.
  const latest = useRef(search);
  latest.current = search;
  const typeahead = useMemo(() => createTypeahead({ search: (text) => latest.current(text) }), []);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
    return () => typeahead.cancel();
  }, []);
  return (
    <form
      id={id}
      class="sfsd-search"
      role="search"
      aria-label={labelForm ? label : undefined}
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        typeahead.submit(draft);
      }}
    >
      <label class="sfsd-visually-hidden" for={inputId}>
        {label}
      </label>
      <input
        ref={input}
        id={inputId}
        type="search"
        autocomplete={autocomplete}
        value={draft}
        placeholder={placeholder}
        onInput={(event) => {
          setDraft(event.currentTarget.value);
          typeahead.input(event.currentTarget.value);
        }}
      />
      <button type="submit" class="sfsd-button">
        {t('manualSearchButton')}
      </button>
      {extra?.(() => {
        setDraft('');
        typeahead.cancel();
      })}
    </form>
  );
}

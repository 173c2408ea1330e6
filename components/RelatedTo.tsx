import { t } from '@/lib/i18n';
import type { RelatedRecord } from '@/lib/messaging/matching-messages';
import type { RelatedView } from '@/lib/sidebar/related-model';
import { byUser } from './user-event';

export interface RelatedToProps {
  /** The select's id (the card's and the ToDo form's are both on screen at once). */
  id: string;
  view: RelatedView;
  /** What the select shows: the card's current choice, or the form's own. */
  value: RelatedRecord | null;
  onChange(related: RelatedRecord | null): void;
  disabled?: boolean;
}

const keyOf = (record: RelatedRecord | null) => (record ? `${record.type}:${record.id}` : '');

/**
 * "Related to" (関連先): the deal or case a call or ToDo belongs to (the Task's WhatId), one native
 * select — keyboard and screen readers know it — with the open opportunities, then the open cases,
 * and "None". A choice is the user's own act (trusted events only).
 */
export function RelatedTo({ id, view, value, onChange, disabled }: RelatedToProps) {
  const groups = [
    { label: t('cardOpportunities'), records: view.options.filter((option) => option.type === 'Opportunity') },
    { label: t('cardCases'), records: view.options.filter((option) => option.type === 'Case') },
  ].filter((group) => group.records.length !== 0);
  return (
    <p class="sfsd-field sfsd-related" data-testid="related-to" data-related-id={value?.id ?? ''}>
      <label for={id}>{t('relatedToLabel')}</label>
      <select
        id={id}
        name="relatedTo"
        value={keyOf(value)}
        disabled={disabled}
        onChange={byUser((event: Event) => {
          const chosen = (event.currentTarget as HTMLSelectElement).value;
          onChange(view.options.find((record) => keyOf(record) === chosen) ?? null);
        })}
      >
        <option value="">{t('relatedNothing')}</option>
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.records.map((record) => (
              <option key={keyOf(record)} value={keyOf(record)}>
                {record.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </p>
  );
}

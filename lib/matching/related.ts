/**
 * "Related to": the deal or case a person's calls and ToDos belong to (Task.WhatId). The choice is
 * the user's, remembered per person; without one, the person's latest open opportunity — the one
 * whose stage the card shows (R3) — unless the company's policy turns that default off, restricts
 * what may be chosen to opportunities, or turns "Related to" off altogether.
 */
import type { RelatedToPolicy, Settings } from '../messaging/contract';
import type { Card, RelatedRecord } from '../messaging/matching-messages';

/** What the policy says about "Related to". */
export type RelatedSettings = Pick<Settings, 'relatedTo' | 'relatedToDefault'>;

/** A person's remembered choice: a record, or null for "nothing"; absent (undefined) when they never chose. */
export type RelatedChoice = RelatedRecord | null | undefined;

/** Whether a card's Tasks can have a What at all: a Lead's never (Salesforce refuses it), and an Account's What is the Account. */
export function canRelate(card: Pick<Card, 'type'>, policy: RelatedToPolicy): boolean {
  return card.type === 'Contact' && policy !== 'none';
}

/** The records "Related to" offers for this card: its open opportunities, then its open cases where the policy allows them. */
export function relatedOptions(card: Card, settings: RelatedSettings): RelatedRecord[] {
  if (!canRelate(card, settings.relatedTo)) return [];
  const deals = (card.opportunities ?? []).map((deal): RelatedRecord => ({ type: 'Opportunity', id: deal.id, name: deal.name }));
  if (settings.relatedTo === 'opportunities') return deals;
  const cases = (card.cases ?? []).map((item): RelatedRecord => ({ type: 'Case', id: item.id, name: caseLabel(item.caseNumber, item.subject) }));
  return [...deals, ...cases];
}

/** A case as "Related to" names it: its number and subject. */
export function caseLabel(caseNumber: string, subject: string | null): string {
  return [caseNumber, subject].filter(Boolean).join(' ');
}

const sameRecord = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);

/**
 * What a new call or ToDo on this card is related to: the user's choice while it is still open and
 * allowed, else (when the policy keeps the default on) the first open opportunity, else nothing.
 */
export function relatedFor(card: Card, choice: RelatedChoice, settings: RelatedSettings): RelatedRecord | null {
  const options = relatedOptions(card, settings);
  if (choice === null) return null;
  if (choice) {
    const still = options.find((option) => option.type === choice.type && sameRecord(option.id, choice.id));
    if (still) return still;
  }
  return settings.relatedToDefault ? (options.find((option) => option.type === 'Opportunity') ?? null) : null;
}

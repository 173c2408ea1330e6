/**
 * "Related to" in the sidebar (#19): each person's choice as the background keeps it (pushed over
 * the sidebar's port for the people this page was shown, no request), what it means for a card
 * under the company's policy, and the one action — choosing — which the background remembers for
 * the person's calls and ToDos.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { relatedFor, relatedOptions, type RelatedChoice, type RelatedSettings } from '../matching/related';
import type { ReplyOf, Send, Settings } from '../messaging/contract';
import type { Card, RelatedRecord } from '../messaging/matching-messages';
import type { PortPush } from '../messaging/sidebar-port';

export interface RelatedView {
  /** What a new call or ToDo on this card is related to (null: nothing). */
  current: RelatedRecord | null;
  /** What may be chosen: the card's open deals, then its open cases (as policy allows). */
  options: RelatedRecord[];
}

export interface RelatedModel {
  /** The policy in effect (the built-in one until the settings are read). */
  settings: ReadonlySignal<RelatedSettings>;
  /** "Related to" for a card, or null when it has none (a Lead, a company line, policy "none", nothing open). */
  viewOf(card: Card): RelatedView | null;
  /** The user chose (null: nothing): shown at once, remembered by the background for the person. */
  choose(card: Card, related: RelatedRecord | null): Promise<ReplyOf<'setRelatedTo'>>;
  /** Follows the choices the background pushes; returns the stop. */
  watch(): () => void;
}

/** What follows the background's pushes (the sidebar's port); none for pages without one. */
export interface RelatedPushes {
  on(listener: (push: PortPush) => void): () => void;
}

const personKey = (id: string) => id.slice(0, 15);

/** The user's "Related to" choice for a person (undefined: never chosen). */
export function relatedChoiceIn(choices: Record<string, RelatedRecord | null>, personId: string): RelatedChoice {
  return Object.hasOwn(choices, personKey(personId)) ? choices[personKey(personId)] : undefined;
}

const DEFAULT_RELATED: RelatedSettings = { relatedTo: 'opportunities-and-cases', relatedToDefault: true };

export function createRelatedModel(send: Send, settings: ReadonlySignal<Settings | null>, pushes: RelatedPushes = { on: () => () => undefined }): RelatedModel {
  const choices = signal<Record<string, RelatedRecord | null>>({});
  const policy = computed<RelatedSettings>(() => {
    const current = settings.value;
    return current ? { relatedTo: current.relatedTo, relatedToDefault: current.relatedToDefault } : DEFAULT_RELATED;
  });
  return {
    settings: policy,
    viewOf(card) {
      const options = relatedOptions(card, policy.value);
      if (options.length === 0) return null;
      return { current: relatedFor(card, relatedChoiceIn(choices.value, card.id), policy.value), options };
    },
    async choose(card, related) {
      const before = choices.value;
      choices.value = { ...before, [personKey(card.id)]: related };
      const reply = await send({ type: 'setRelatedTo', person: { type: card.type, id: card.id }, related });
      if (!reply.ok) choices.value = before;
      return reply;
    },
    watch() {
      return pushes.on((push) => {
        if (push.type === 'related') choices.value = { ...choices.value, ...push.choices };
      });
    },
  };
}

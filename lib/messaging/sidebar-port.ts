/**
 * The sidebar's channel to the background (#17, #18): one long-lived `runtime.connect` port per
 * Dialpad document. The page asks about the person in view with one `view` message and gets the
 * cached outcome at once, then who the search found, then the fresh outcome, over the same port;
 * the background pushes what changed for that page (a write patched into the card in view, a
 * "Related to" choice, the settings) instead of the page watching storage, which content scripts
 * can write. Every message from the page is validated against these schemas, like requests.
 */
import * as v from 'valibot';
import type { EffectiveSettings, ReplyOf } from './contract';
import type { Card, PersonKeys, RelatedRecord, ServedMatch } from './matching-messages';
import { personSchema } from './matching-messages';

export const SIDEBAR_PORT = 'sfsd-sidebar';

export const portRequestSchemas = {
  /**
   * The person in view (null: nobody): `cached` answers the last outcome at once (no Salesforce
   * request), `fresh` asks Salesforce (or serves a card read in the last two minutes). `seq` names
   * the view; its answers carry it.
   */
  view: v.strictObject({
    type: v.literal('view'),
    seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
    person: v.nullable(personSchema),
    cached: v.boolean(),
    fresh: v.boolean(),
  }),
} as const;

const portRequestSchema = v.variant('type', Object.values(portRequestSchemas));
export type PortRequest = v.InferOutput<typeof portRequestSchema>;

/** Parses an untrusted message from the page; null when it does not match the contract. */
export function parsePortRequest(raw: unknown): PortRequest | null {
  const result = v.safeParse(portRequestSchema, raw);
  return result.success ? result.output : null;
}

/** What the background sends the page over the port. */
export type PortPush =
  /** An answer to view `seq`: `cached` first (outcome null when none), then `fresh`. */
  | { type: 'match'; seq: number; phase: 'cached' | 'fresh'; reply: ReplyOf<'matchPerson'> }
  /** Who a first look-up found, from the search answer, before its card query answered (#18). */
  | { type: 'who'; seq: number; keys: PersonKeys; card: Card }
  /** The person in view's cached outcome changed (a write patched into the card): repaint from it. */
  | { type: 'repaint'; served: ServedMatch }
  /** "Related to" choices of people this page was shown (by 15-character id; null: nothing). */
  | { type: 'related'; choices: Record<string, RelatedRecord | null> }
  /** The settings in effect changed. */
  | { type: 'settings'; settings: EffectiveSettings }
  /** A message the background refused (not the contract's shape). */
  | { type: 'refused'; message: string };

import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { outcomeIn, watchCache, watchWho } from '../matching/match-store';
import type { ReplyError, RequestOf, Send } from '../messaging/contract';
import type { Candidate, Card, MatchType, NewPerson, PersonKeys, PersonRef, PossibleDuplicates, ServedMatch } from '../messaging/matching-messages';

/** What the record area of the sidebar shows for the person in view. */
export type MatchView =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'matched'; card: Card; candidates: Candidate[]; picked: boolean; refreshing: boolean }
  | { state: 'several'; candidates: Candidate[]; refreshing: boolean }
  | { state: 'none'; searched: string[]; refreshing: boolean }
  | { state: 'error'; error: ReplyError };

export interface MatchModel {
  person: ReadonlySignal<PersonRef | null>;
  view: ReadonlySignal<MatchView>;
  /** A create or pick in flight, or its error (kept so the form keeps what the user typed). */
  busy: ReadonlySignal<boolean>;
  actionError: ReadonlySignal<ReplyError | null>;
  /** A create a duplicate rule stopped: what it found, for the user to pick one or save anyway. */
  duplicates: ReadonlySignal<{ record: NewPerson; found: PossibleDuplicates } | null>;
  setPerson(person: PersonRef | null): Promise<void>;
  /**
   * Matches whoever `person` names while `connected` (disconnected: nobody, and what this page
   * remembers is dropped), and repaints from matching's cache when the background changes it (a
   * write patched into the card): the change carries the outcome, no request is made. Returns the stop.
   */
  follow(connected: ReadonlySignal<boolean>, person: ReadonlySignal<PersonRef | null>): () => void;
  retry(): Promise<void>;
  pick(type: MatchType, id: string): Promise<void>;
  notRightPerson(): Promise<void>;
  /** Creates the person; `allowDuplicate` saves past a duplicate rule's alert (after the user saw the duplicates). */
  create(record: NewPerson, options?: { allowDuplicate?: boolean }): Promise<boolean>;
  /** Back to the form from the duplicates (nothing was created). */
  dismissDuplicates(): void;
  /**
   * "Not the right person?" or nobody by the number (#19): who has this name, for the user to pick
   * as this person (the pick is remembered for the contact and number, as any pick). Null until
   * asked, and again when the person in view changes or a pick was made.
   */
  nameSearch: ReadonlySignal<NameSearchView | null>;
  searchByName(text: string): Promise<void>;
}

export type NameSearchView =
  | { state: 'loading'; text: string }
  | { state: 'done'; text: string; candidates: Candidate[] }
  | { state: 'error'; text: string; error: ReplyError };

function samePerson(a: PersonRef | null, b: PersonRef | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How many people's last answers the page keeps in memory (a few KB each), to repaint a switch back at once. */
const REMEMBERED = 100;

/**
 * Person changes closer together than this are a page still rewriting itself (#17): Salesforce is
 * asked once it has been quiet this long. A switch after a quiet moment asks at once.
 */
export const SETTLE_MS = 250;

/**
 * The person in view and Salesforce's answer about them. A person shown before in this page paints
 * at once from memory; the cached outcome then paints (no request), then the fresh one replaces
 * it; replies for a person no longer in view are dropped.
 */
export function createMatchModel(send: Send, { settleMs = SETTLE_MS }: { settleMs?: number } = {}): MatchModel {
  const person = signal<PersonRef | null>(null);
  const view = signal<MatchView>({ state: 'idle' });
  const busy = signal(false);
  const actionError = signal<ReplyError | null>(null);
  const duplicates = signal<{ record: NewPerson; found: PossibleDuplicates } | null>(null);
  const nameSearch = signal<NameSearchView | null>(null);
  let nameGeneration = 0;
  let generation = 0;
  const remembered = new Map<string, ServedMatch>();
  /** Where the person in view is cached, once the background said. */
  let keys: PersonKeys | null = null;
  /** When the person in view last changed. */
  let changedAt = Number.NEGATIVE_INFINITY;

  function show(served: ServedMatch, refreshing: boolean): void {
    keys = served.keys;
    const outcome = served.outcome;
    if (!outcome) return;
    if (person.value) {
      const key = JSON.stringify(person.value);
      remembered.delete(key);
      remembered.set(key, served);
      if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
    }
    if (outcome.kind === 'matched') view.value = { state: 'matched', card: outcome.card, candidates: outcome.candidates, picked: outcome.picked, refreshing };
    else if (outcome.kind === 'several') view.value = { state: 'several', candidates: outcome.candidates, refreshing };
    else view.value = { state: 'none', searched: outcome.searched, refreshing };
  }

  async function load(target: PersonRef, settle = false): Promise<void> {
    const mine = ++generation;
    const current = () => mine === generation;
    const known = remembered.get(JSON.stringify(target));
    if (known) show(known, true);
    else view.value = { state: 'loading' };
    const cached = await send({ type: 'matchPerson', person: target, mode: 'cached' });
    if (!current()) return;
    if (cached.ok) show(cached, true);
    if (settle) {
      // Still changing: a later change takes over this load (and its request) before it is sent.
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      if (!current()) return;
    }
    const fresh = await send({ type: 'matchPerson', person: target, mode: 'fresh' });
    if (!current()) return;
    if (fresh.ok) show(fresh, false);
    else if (cached.ok && cached.outcome) {
      // Keep the cached card; say the refresh failed.
      show(cached, false);
      actionError.value = fresh.error;
    } else view.value = { state: 'error', error: fresh.error };
  }

  async function act(request: RequestOf<'rematchPerson' | 'pickRecord' | 'createPerson'>): Promise<boolean> {
    const mine = ++generation;
    busy.value = true;
    actionError.value = null;
    try {
      const reply = await send(request);
      if (mine !== generation) return reply.ok;
      if (reply.ok && 'duplicates' in reply && request.type === 'createPerson') {
        duplicates.value = { record: request.record, found: reply.duplicates };
        return false;
      }
      duplicates.value = null;
      if (reply.ok && 'outcome' in reply) {
        if (request.type === 'pickRecord') closeNameSearch();
        show(reply, false);
      }
      else if (!reply.ok) actionError.value = reply.error;
      return reply.ok;
    } finally {
      busy.value = false;
    }
  }

  function closeNameSearch(): void {
    nameGeneration += 1;
    nameSearch.value = null;
  }

  /** A name search of its own: its answer lists people to pick, and never replaces the person in view. */
  async function searchByName(text: string): Promise<void> {
    const mine = ++nameGeneration;
    nameSearch.value = { state: 'loading', text };
    const reply = await send({ type: 'matchPerson', person: { phones: [], text, email: null }, mode: 'fresh' });
    if (mine !== nameGeneration) return;
    if (!reply.ok) nameSearch.value = { state: 'error', text, error: reply.error };
    else {
      const outcome = reply.outcome;
      const candidates = outcome?.kind === 'several' ? outcome.candidates : outcome?.kind === 'matched' ? outcome.candidates : [];
      nameSearch.value = { state: 'done', text, candidates };
    }
  }

  async function setPerson(next: PersonRef | null): Promise<void> {
    if (samePerson(person.value, next)) return;
    const now = Date.now();
    const settle = now - changedAt < settleMs;
    changedAt = now;
    person.value = next;
    keys = null;
    actionError.value = null;
    duplicates.value = null;
    closeNameSearch();
    if (!next) {
      generation += 1;
      view.value = { state: 'idle' };
      return;
    }
    await load(next, settle);
  }

  return {
    person,
    view,
    busy,
    actionError,
    duplicates,
    setPerson,
    follow(connected, who) {
      const stopMatching = effect(() => {
        if (!connected.value) remembered.clear();
        void setPerson(connected.value ? who.value : null);
      });
      const stopRepainting = watchCache((cache) => {
        const cached = keys && view.value.state !== 'loading' ? outcomeIn(cache, keys) : null;
        if (cached && keys) show({ ...cached, fromCache: true, keys }, false);
      });
      // Who a first look-up found, before its card (#18): painted only while nothing else is shown.
      const stopWho = watchWho((who) => {
        if (keys && view.value.state === 'loading' && who.keys.exact === keys.exact && who.card.partial === true) {
          view.value = { state: 'matched', card: who.card, candidates: [], picked: false, refreshing: true };
        }
      });
      return () => {
        stopMatching();
        stopRepainting();
        stopWho();
      };
    },
    async retry() {
      actionError.value = null;
      if (person.value) await load(person.value);
    },
    async pick(type, id) {
      if (person.value) await act({ type: 'pickRecord', person: person.value, recordType: type, recordId: id });
    },
    async notRightPerson() {
      if (person.value) await act({ type: 'rematchPerson', person: person.value });
    },
    async create(record, options = {}) {
      if (!person.value) return false;
      return act({ type: 'createPerson', person: person.value, record, ...(options.allowDuplicate ? { allowDuplicate: true } : {}) });
    },
    dismissDuplicates() {
      duplicates.value = null;
    },
    nameSearch,
    searchByName,
  };
}

import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { ReplyError, ReplyOf, RequestOf, Send } from '../messaging/contract';
import type { SidebarChannel } from './background-port';
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
   * remembers is dropped), and repaints when the background pushes the person's changed outcome (a
   * write patched into the card): the push carries it, no request is made. Returns the stop.
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
 * A channel over plain requests (`matchPerson` cached, then fresh), with nothing pushed: for pages
 * without a sidebar port (tests of the components, the extension's own pages).
 */
export function requestChannel(send: Send): Pick<SidebarChannel, 'view' | 'on' | 'onReopen'> {
  return {
    view(person, want) {
      if (!person) return { cached: null, fresh: null };
      const cached = want.cached ? send({ type: 'matchPerson', person, mode: 'cached' }) : null;
      // Asked only when awaited: a load that is no longer current never asks.
      let asked: Promise<ReplyOf<'matchPerson'>> | null = null;
      const fresh = want.fresh
        ? ({ then: (resolve, reject) => (asked ??= send({ type: 'matchPerson', person, mode: 'fresh' })).then(resolve, reject) } as Promise<ReplyOf<'matchPerson'>>)
        : null;
      return { cached, fresh };
    },
    on: () => () => undefined,
    onReopen: () => () => undefined,
  };
}

/**
 * The person in view and Salesforce's answer about them, asked in one view over the sidebar's port
 * (#18). A person shown before in this page paints at once from memory; the cached outcome then
 * paints (no request), then who a first look-up found, then the fresh outcome replaces it; replies
 * for a person no longer in view are dropped.
 */
export function createMatchModel(
  send: Send,
  { settleMs = SETTLE_MS, channel = requestChannel(send) }: { settleMs?: number; channel?: Pick<SidebarChannel, 'view' | 'on' | 'onReopen'> } = {},
): MatchModel {
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
  /** The load whose fresh answer came last (a resync must not supersede one still running). */
  let answered = -1;
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
    // Who a first look-up found, before its card (#18): painted only while nothing else is shown.
    const onWho = (_keys: PersonKeys, card: Card) => {
      if (current() && view.value.state === 'loading' && card.partial === true) {
        view.value = { state: 'matched', card, candidates: [], picked: false, refreshing: true };
      }
    };
    // Still changing (#17): only the cached answer now; a later change takes over this load (and
    // its request) before Salesforce is asked.
    const asked = channel.view(target, { cached: true, fresh: !settle }, onWho);
    const cached = await asked.cached!;
    if (!current()) return;
    if (cached.ok) show(cached, true);
    let freshAnswer = asked.fresh;
    if (settle) {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      if (!current()) return;
      freshAnswer = channel.view(target, { cached: false, fresh: true }, onWho).fresh;
    }
    const fresh = await freshAnswer!;
    if (!current()) return;
    answered = mine;
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
      answered = mine;
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
      // Nobody in view: the background stops repainting this page and drops its reads.
      channel.view(null, { cached: false, fresh: false });
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
      // The background pushes the outcome of the person in view when it changes (a write patched in).
      const stopRepainting = channel.on((push) => {
        if (push.type !== 'repaint' || !keys || view.value.state === 'loading' || push.served.keys.exact !== keys.exact) return;
        show(push.served, false);
      });
      // A port opened again after the worker stopped: what was pushed meanwhile is asked again.
      const stopReopen = channel.onReopen(() => {
        const target = person.value;
        if (!target || !keys || answered !== generation) return;
        const mine = generation;
        void channel.view(target, { cached: true, fresh: false }).cached?.then((reply) => {
          if (mine === generation && reply.ok && reply.outcome) show(reply, false);
        });
      });
      return () => {
        stopMatching();
        stopRepainting();
        stopReopen();
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

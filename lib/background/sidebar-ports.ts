/**
 * The background's end of the sidebars' ports (`lib/messaging/sidebar-port.ts`, #17 and #18): one
 * per Dialpad document, from our content script only (the sender as `callers.ts` knows it). Over it
 * the background answers the view of a person in one message, and pushes what changed for that
 * page: the cached outcome of the person in view (a write patched into the card), "Related to"
 * choices of people it was shown, the settings in effect. Everything it sends a page is recorded as
 * served to that document first (`served-ids.ts`). The page no longer reads matching's stores or
 * the settings from storage: they live where content scripts cannot reach them.
 *
 * A port closes when the worker stops; a page opens a new one with its next view, or when the
 * background bumps `sidebarStampItem` (a bare timestamp in storage.local: something it follows
 * changed while its port was closed).
 */
import { cacheKeyOf, cachedOutcome, onCacheChange, onRelatedChange, relatedChoicesOf } from '../matching/match-store';
import type { Reply, RequestContext } from '../messaging/contract';
import type { PersonKeys, ServedMatch } from '../messaging/matching-messages';
import { parsePortRequest, SIDEBAR_PORT, type PortPush } from '../messaging/sidebar-port';
import { effectiveSettings, onUserSettingsChange } from '../settings/settings';
import { sidebarStampItem } from '../storage/items';
import { servedIdsOf, type Caller } from './callers';
import type { MatchingService } from './matching-handlers';
import { rememberServed, servedTo } from './served-ids';

/** The part of `runtime.Port` used here (tests pass their own). */
export interface SidebarPort {
  name: string;
  sender?: unknown;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

interface Open {
  port: SidebarPort;
  caller: Extract<Caller, { kind: 'dialpad' }>;
  /** The person in view, once the background answered for them. */
  keys: PersonKeys | null;
  /** The view whose fresh answer is still to come (its answer repaints; no push before it). */
  pendingFresh: number | null;
}

export interface SidebarHub {
  /** Takes a port the browser opened (`runtime.onConnect`). */
  accept(port: SidebarPort, caller: Caller | null): void;
  /** Stops following matching and the settings. */
  stop(): void;
}

export function createSidebarHub(matching: MatchingService): SidebarHub {
  const open = new Set<Open>();

  function post(entry: Open, push: PortPush): void {
    try {
      entry.port.postMessage(push);
    } catch {
      // Closed meanwhile: the page asks again with its next view.
      open.delete(entry);
    }
  }

  /**
   * Records what a reply shows the document, then sends it, after the "Related to" choice of the
   * person on its card (the card shows it).
   */
  async function serve(entry: Open, push: PortPush, reply: Reply<object> | null): Promise<void> {
    if (reply) {
      await rememberServed(entry.caller.document, servedIdsOf(reply));
      const outcome = reply.ok && 'outcome' in reply ? (reply as unknown as ServedMatch).outcome : null;
      if (outcome?.kind === 'matched') {
        const choices = await relatedChoicesOf([outcome.card.id]);
        if (Object.keys(choices).length) post(entry, { type: 'related', choices });
      }
    }
    post(entry, push);
  }

  function bumpStamp(): void {
    sidebarStampItem.setValue(Date.now()).catch((error: unknown) => console.error('[sfsd] bumping the sidebar stamp failed', error));
  }

  async function onView(entry: Open, raw: unknown): Promise<void> {
    const request = parsePortRequest(raw);
    if (!request) {
      post(entry, { type: 'refused', message: 'Rejected message: not the sidebar port contract' });
      return;
    }
    const { seq } = request;
    const context: RequestContext = { document: entry.caller.document, tab: entry.caller.tab };
    entry.keys = null;
    entry.pendingFresh = request.fresh ? seq : null;
    const noted = (reply: Reply<ServedMatch>) => {
      if (reply.ok) entry.keys = reply.keys;
    };
    await matching.view(request, context, {
      cached(reply) {
        noted(reply);
        void serve(entry, { type: 'match', seq, phase: 'cached', reply }, reply);
      },
      who(keys, card) {
        void serve(entry, { type: 'who', seq, keys, card }, { ok: true, outcome: { kind: 'matched', card, candidates: [], picked: false } } as Reply<object>);
      },
      fresh(reply) {
        noted(reply);
        if (entry.pendingFresh === seq) entry.pendingFresh = null;
        void serve(entry, { type: 'match', seq, phase: 'fresh', reply }, reply);
      },
    });
  }

  async function repaint(changed: ReadonlySet<string>): Promise<void> {
    for (const entry of open) {
      if (!entry.keys || entry.pendingFresh !== null) continue;
      const key = await cacheKeyOf(entry.keys);
      if (!key || !changed.has(key)) continue;
      const cached = await cachedOutcome(entry.keys);
      if (!cached) continue;
      const served: ServedMatch = { outcome: cached.outcome, fromCache: true, storedAt: cached.storedAt, keys: entry.keys };
      await serve(entry, { type: 'repaint', served }, { ok: true, ...served });
    }
  }

  const stops = [
    onCacheChange((keys, reason) => {
      // A write patched into a card: pages whose port is closed learn of it from the stamp.
      if (reason !== 'view') bumpStamp();
      repaint(new Set(keys)).catch((error: unknown) => console.error('[sfsd] repainting the sidebars failed', error));
    }),
    onRelatedChange(({ personId, related }) => {
      bumpStamp();
      void (async () => {
        for (const entry of open) if ((await servedTo(entry.caller.document)).has(personId)) post(entry, { type: 'related', choices: { [personId]: related } });
      })();
    }),
    onUserSettingsChange(() => void pushSettings()),
  ];

  async function pushSettings(): Promise<void> {
    bumpStamp();
    const settings = await effectiveSettings();
    for (const entry of open) post(entry, { type: 'settings', settings });
  }

  /** The company's policy changed (storage.managed: content scripts cannot write it). */
  const onPolicy = (_changes: unknown, area: string) => {
    if (area === 'managed') void pushSettings();
  };
  browser.storage.onChanged.addListener(onPolicy);
  stops.push(() => browser.storage.onChanged.removeListener(onPolicy));

  return {
    accept(port, caller) {
      if (port.name !== SIDEBAR_PORT || caller?.kind !== 'dialpad') {
        port.disconnect();
        return;
      }
      const entry: Open = { port, caller, keys: null, pendingFresh: null };
      open.add(entry);
      port.onDisconnect.addListener(() => open.delete(entry));
      port.onMessage.addListener((message) => {
        onView(entry, message).catch((error: unknown) => console.error('[sfsd] a sidebar view failed', error));
      });
      // The "Related to" choices of the people this document was shown (before a worker restart too).
      void (async () => {
        const choices = await relatedChoicesOf(await servedTo(caller.document));
        if (Object.keys(choices).length) post(entry, { type: 'related', choices });
      })();
    },
    stop() {
      for (const stop of stops) stop();
    },
  };
}

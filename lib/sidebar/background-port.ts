/**
 * The page's end of the sidebar port (`lib/messaging/sidebar-port.ts`): asks about the person in
 * view in one message and hands out what the background pushes. The port opens on first use and
 * again after it closed (the worker stopped), with the next view or when the background's stamp
 * says something changed meanwhile; a view whose answer the closed port still owed is asked again.
 */
import type { ReplyOf } from '../messaging/contract';
import type { Card, PersonKeys, PersonRef } from '../messaging/matching-messages';
import { SIDEBAR_PORT, type PortPush, type PortRequest } from '../messaging/sidebar-port';

/** The part of `runtime.Port` used here. */
export interface PagePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface ViewAsked {
  /** The last outcome known (no Salesforce request); null when not asked. */
  cached: Promise<ReplyOf<'matchPerson'>> | null;
  /** Salesforce's; null when not asked. */
  fresh: Promise<ReplyOf<'matchPerson'>> | null;
}

export interface SidebarChannel {
  /** Asks about `person` (null: nobody in view); `onWho` gets who a first look-up found before the card. */
  view(person: PersonRef | null, want: { cached: boolean; fresh: boolean }, onWho?: (keys: PersonKeys, card: Card) => void): ViewAsked;
  /** Follows the pushes (repaint, related, settings); returns the stop. */
  on(listener: (push: PortPush) => void): () => void;
  /** Calls back when `wake` opened a port (what was pushed while none was open was missed); returns the stop. */
  onReopen(listener: () => void): () => void;
  /** The background's stamp changed: opens a port if none is open, and tells `onReopen`'s listeners. */
  wake(): void;
  close(): void;
}

interface Pending {
  request: Extract<PortRequest, { type: 'view' }>;
  cached?: (reply: ReplyOf<'matchPerson'>) => void;
  fresh?: (reply: ReplyOf<'matchPerson'>) => void;
  onWho?: (keys: PersonKeys, card: Card) => void;
  resent: boolean;
}

const unreachable = (message: string): ReplyOf<'matchPerson'> => ({ ok: false, error: { code: 'internal', message } });

export function createSidebarChannel(connect: () => PagePort = () => browser.runtime.connect({ name: SIDEBAR_PORT }) as PagePort): SidebarChannel {
  let port: PagePort | null = null;
  let seq = 0;
  let closed = false;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(push: PortPush) => void>();
  const reopenListeners = new Set<() => void>();

  function settle(entry: Pending, reply: ReplyOf<'matchPerson'>): void {
    entry.cached?.(reply);
    entry.fresh?.(reply);
  }

  function onPush(raw: unknown): void {
    const push = raw as PortPush;
    if (push.type === 'match' || push.type === 'who') {
      const entry = pending.get(push.seq);
      if (!entry) return;
      if (push.type === 'who') entry.onWho?.(push.keys, push.card);
      else if (push.phase === 'cached') {
        entry.cached?.(push.reply);
        entry.cached = undefined;
      } else {
        entry.fresh?.(push.reply);
        entry.fresh = undefined;
      }
      if (!entry.cached && !entry.fresh) pending.delete(push.seq);
      return;
    }
    for (const listener of listeners) listener(push);
  }

  function ensure(): PagePort | null {
    if (port || closed) return port;
    try {
      const next = connect();
      port = next;
      next.onMessage.addListener(onPush);
      next.onDisconnect.addListener(() => {
        if (port === next) port = null;
        // Asked again once on a new port (the worker stopped mid-answer); else an error.
        for (const [id, entry] of pending) {
          pending.delete(id);
          if (entry.resent || closed) settle(entry, unreachable('The background stopped before it answered.'));
          else send({ ...entry, resent: true });
        }
      });
      return next;
    } catch {
      // The extension was reloaded or removed: this page's script is orphaned.
      closed = true;
      return null;
    }
  }

  function send(entry: Pending): void {
    const target = ensure();
    const id = entry.request.seq;
    if (!target) {
      settle(entry, unreachable('The extension cannot be reached; reload the page.'));
      return;
    }
    if (entry.cached || entry.fresh) pending.set(id, entry);
    try {
      target.postMessage(entry.request);
    } catch (error) {
      pending.delete(id);
      if (port === target) port = null;
      if (!entry.resent) send({ ...entry, resent: true });
      else settle(entry, unreachable(String(error)));
    }
  }

  return {
    view(person, want, onWho) {
      const request = { type: 'view' as const, seq: ++seq, person, cached: want.cached, fresh: want.fresh };
      const entry: Pending = { request, onWho, resent: false };
      const cached = want.cached && person ? new Promise<ReplyOf<'matchPerson'>>((resolve) => (entry.cached = resolve)) : null;
      const fresh = want.fresh && person ? new Promise<ReplyOf<'matchPerson'>>((resolve) => (entry.fresh = resolve)) : null;
      send(entry);
      return { cached, fresh };
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReopen(listener) {
      reopenListeners.add(listener);
      return () => reopenListeners.delete(listener);
    },
    wake() {
      if (port || closed) return;
      if (ensure()) for (const listener of reopenListeners) listener();
    },
    close() {
      closed = true;
      port?.disconnect();
      port = null;
    },
  };
}

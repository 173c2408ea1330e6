import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ConnectionStatus, Reply, ReplyError, ReplyOf } from '../messaging/contract';

/** Widths in CSS pixels; the Dialpad page is narrowed by the current one so nothing is covered. */
export const EXPANDED_WIDTH = 340;
export const COLLAPSED_WIDTH = 40;

export type ConnectionView =
  | { kind: 'checking' }
  | { kind: 'unavailable' }
  | { kind: 'state'; state: ConnectionStatus['state']; status: ConnectionStatus; pending: number };

export interface CollapsedStore {
  getValue(): Promise<boolean>;
  setValue(value: boolean): Promise<void>;
  watch(callback: (value: boolean) => void): () => void;
}

export interface SidebarModelDeps {
  collapsedStore: CollapsedStore;
  requestStatus: () => Promise<ReplyOf<'getStatus'>>;
  /** Opens where the user connects (the options page: a Dialpad page may not connect by itself). */
  requestConnect?: () => Promise<Reply<object>>;
  /** Calls back when the background says the connection changed (a storage stamp); returns the stop. */
  watchStatus?: (onChange: () => void) => () => void;
}

export interface SidebarModel {
  collapsed: ReadonlySignal<boolean>;
  width: ReadonlySignal<number>;
  connection: ReadonlySignal<ConnectionView>;
  /** Connected to Salesforce: only then is anyone matched. */
  connected: ReadonlySignal<boolean>;
  /** Connecting now, and the last connect error (shown until the next try). */
  connecting: ReadonlySignal<boolean>;
  connectError: ReadonlySignal<ReplyError | null>;
  toggle(): void;
  connect(): Promise<void>;
  refreshConnection(): Promise<void>;
  /** Loads stored state and starts following changes made in other tabs; returns the teardown. */
  start(): Promise<() => void>;
}

export function createSidebarModel(deps: SidebarModelDeps): SidebarModel {
  const collapsed = signal(false);
  const connection = signal<ConnectionView>({ kind: 'checking' });
  const connecting = signal(false);
  const connectError = signal<ReplyError | null>(null);
  const width = computed(() => (collapsed.value ? COLLAPSED_WIDTH : EXPANDED_WIDTH));
  const connected = computed(() => connection.value.kind === 'state' && connection.value.state === 'connected');

  async function refreshConnection(): Promise<void> {
    const reply = await deps.requestStatus();
    connection.value = reply.ok ? { kind: 'state', state: reply.connection.state, status: reply.connection, pending: reply.pending } : { kind: 'unavailable' };
  }

  return {
    collapsed,
    width,
    connection,
    connected,
    connecting,
    connectError,
    refreshConnection,
    async connect() {
      if (!deps.requestConnect || connecting.value) return;
      connecting.value = true;
      connectError.value = null;
      try {
        const reply = await deps.requestConnect();
        if (!reply.ok) connectError.value = reply.error;
        await refreshConnection();
      } finally {
        connecting.value = false;
      }
    },
    toggle() {
      collapsed.value = !collapsed.value;
      void deps.collapsedStore.setValue(collapsed.value);
    },
    async start() {
      collapsed.value = await deps.collapsedStore.getValue();
      const unwatch = deps.collapsedStore.watch((value) => {
        collapsed.value = value;
      });
      const unwatchStatus = deps.watchStatus?.(() => void refreshConnection()) ?? (() => undefined);
      await refreshConnection();
      return () => {
        unwatch();
        unwatchStatus();
      };
    },
  };
}

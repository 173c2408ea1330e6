import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ConnectionStatus, Reply, ReplyError, ReplyOf, Settings } from '../messaging/contract';

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
  /** Opens the options page (Settings, and Disconnect, which a Dialpad page may not do by itself). */
  requestOpenSettings?: () => Promise<Reply<object>>;
  /** Calls back when the background says the connection changed (a storage stamp); returns the stop. */
  watchStatus?: (onChange: () => void) => () => void;
  requestSettings?: () => Promise<ReplyOf<'getSettings'>>;
  /** Calls back when the user's settings or the policy change; returns the stop. */
  watchSettings?: (onChange: () => void) => () => void;
}

export interface SidebarModel {
  collapsed: ReadonlySignal<boolean>;
  width: ReadonlySignal<number>;
  connection: ReadonlySignal<ConnectionView>;
  /** The connected org's address (`https://acme.my.salesforce.com`), for links the sidebar builds itself. */
  instanceUrl: ReadonlySignal<string | null>;
  /** Connected to Salesforce: only then is anyone matched. */
  connected: ReadonlySignal<boolean>;
  /** Connecting now, and the last connect error (shown until the next try). */
  connecting: ReadonlySignal<boolean>;
  connectError: ReadonlySignal<ReplyError | null>;
  /** The settings in effect (the user's merged with policy), once read; what the call strip predicts from. */
  settings: ReadonlySignal<Settings | null>;
  toggle(): void;
  connect(): Promise<void>;
  /** The options page: the settings, and where the user disconnects (S3). */
  openSettings(): Promise<void>;
  refreshConnection(): Promise<void>;
  /** Loads stored state and starts following changes made in other tabs; returns the teardown. */
  start(): Promise<() => void>;
}

export function createSidebarModel(deps: SidebarModelDeps): SidebarModel {
  const collapsed = signal(false);
  const connection = signal<ConnectionView>({ kind: 'checking' });
  const connecting = signal(false);
  const connectError = signal<ReplyError | null>(null);
  const settings = signal<Settings | null>(null);
  const width = computed(() => (collapsed.value ? COLLAPSED_WIDTH : EXPANDED_WIDTH));
  const instanceUrl = computed(() => (connection.value.kind === 'state' ? (connection.value.status.instanceUrl ?? null) : null));
  const connected = computed(() => connection.value.kind === 'state' && connection.value.state === 'connected');

  async function refreshConnection(): Promise<void> {
    const reply = await deps.requestStatus();
    connection.value = reply.ok ? { kind: 'state', state: reply.connection.state, status: reply.connection, pending: reply.pending } : { kind: 'unavailable' };
  }

  async function refreshSettings(): Promise<void> {
    const reply = await deps.requestSettings?.();
    if (reply?.ok) settings.value = reply.settings;
  }

  return {
    collapsed,
    width,
    connection,
    instanceUrl,
    connected,
    connecting,
    connectError,
    settings,
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
    async openSettings() {
      const reply = await deps.requestOpenSettings?.();
      if (reply && !reply.ok) connectError.value = reply.error;
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
      const unwatchSettings = deps.watchSettings?.(() => void refreshSettings()) ?? (() => undefined);
      await Promise.all([refreshConnection(), refreshSettings()]);
      return () => {
        unwatch();
        unwatchStatus();
        unwatchSettings();
      };
    },
  };
}

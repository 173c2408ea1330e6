import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ConnectionState, ReplyOf } from '../messaging/contract';

/** Widths in CSS pixels; the Dialpad page is narrowed by the current one so nothing is covered. */
export const EXPANDED_WIDTH = 340;
export const COLLAPSED_WIDTH = 40;

export type ConnectionView = { kind: 'checking' } | { kind: 'unavailable' } | { kind: 'state'; state: ConnectionState };

export interface CollapsedStore {
  getValue(): Promise<boolean>;
  setValue(value: boolean): Promise<void>;
  watch(callback: (value: boolean) => void): () => void;
}

export interface SidebarModelDeps {
  collapsedStore: CollapsedStore;
  requestStatus: () => Promise<ReplyOf<'getStatus'>>;
}

export interface SidebarModel {
  collapsed: ReadonlySignal<boolean>;
  width: ReadonlySignal<number>;
  connection: ReadonlySignal<ConnectionView>;
  toggle(): void;
  /** Loads stored state and starts following changes made in other tabs; returns the teardown. */
  start(): Promise<() => void>;
}

export function createSidebarModel(deps: SidebarModelDeps): SidebarModel {
  const collapsed = signal(false);
  const connection = signal<ConnectionView>({ kind: 'checking' });
  const width = computed(() => (collapsed.value ? COLLAPSED_WIDTH : EXPANDED_WIDTH));

  async function refreshConnection(): Promise<void> {
    const reply = await deps.requestStatus();
    connection.value = reply.ok ? { kind: 'state', state: reply.connection.state } : { kind: 'unavailable' };
  }

  return {
    collapsed,
    width,
    connection,
    toggle() {
      collapsed.value = !collapsed.value;
      void deps.collapsedStore.setValue(collapsed.value);
    },
    async start() {
      collapsed.value = await deps.collapsedStore.getValue();
      const unwatch = deps.collapsedStore.watch((value) => {
        collapsed.value = value;
      });
      await refreshConnection();
      return unwatch;
    },
  };
}

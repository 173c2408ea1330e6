import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';
import { TOGGLE_SHORTCUT_LABEL } from '@/lib/sidebar/shortcut';
import type { SidebarModel } from '@/lib/sidebar/sidebar-model';
import { ConnectionMenu, ConnectionPanel, connectionState } from './ConnectionSection';
import { ChevronRightIcon, CloudIcon, SearchIcon } from './icons';

export interface SidebarProps {
  model: SidebarModel;
  /** Writes waiting in the outbox: the collapsed rail keeps a badge while there are any. */
  waiting?: number;
  /** The header's search button: whether the manual search is open, and how to open or close it. */
  search?: { open: boolean; onToggle(open: boolean): void };
  /** What comes first in the body, above everything else (the call strip). */
  top?: ComponentChildren;
  /** The person in view and their Salesforce side. */
  children?: ComponentChildren;
}

/**
 * The sidebar's frame: a compact header (who is connected sits behind one button), the call strip,
 * the full connection block only while there is something to do about the connection, then the
 * person. Collapsed, it is a thin rail that still shows when writes wait.
 */
export function Sidebar({ model, waiting = 0, search, top, children }: SidebarProps) {
  const collapsed = model.collapsed.value;
  const state = connectionState(model.connection.value);
  return (
    <aside
      class={collapsed ? 'sfsd-sidebar sfsd-sidebar--collapsed' : 'sfsd-sidebar'}
      style={{ width: `${model.width.value}px` }}
      aria-label={t('sidebarRegionLabel')}
      data-collapsed={String(collapsed)}
    >
      {collapsed ? (
        <Rail model={model} waiting={waiting} state={state} />
      ) : (
        <>
          <header class="sfsd-header">
            <CloudIcon />
            <h1 class="sfsd-title">{t('sidebarTitle')}</h1>
            <ConnectionMenu model={model} />
            {search ? (
              <button
                type="button"
                class="sfsd-icon-button"
                data-testid="open-search"
                aria-expanded={search.open}
                aria-controls="sfsd-search-panel"
                aria-label={t('manualSearchLabel')}
                title={t('manualSearchLabel')}
                onClick={() => search.onToggle(!search.open)}
              >
                <SearchIcon />
              </button>
            ) : null}
            <button
              type="button"
              class="sfsd-icon-button"
              data-testid="collapse"
              aria-expanded="true"
              aria-label={t('collapseSidebar', TOGGLE_SHORTCUT_LABEL)}
              title={t('collapseSidebar', TOGGLE_SHORTCUT_LABEL)}
              onClick={() => model.toggle()}
            >
              <ChevronRightIcon />
            </button>
          </header>
          <div class="sfsd-body">
            {top}
            <ConnectionPanel model={model} />
            {children}
          </div>
        </>
      )}
    </aside>
  );
}

function Rail({ model, waiting, state }: { model: SidebarModel; waiting: number; state: string }) {
  const label = [t('expandSidebar', TOGGLE_SHORTCUT_LABEL), waiting !== 0 ? t('pendingWrites', String(waiting)) : null].filter(Boolean).join('. ');
  return (
    <button type="button" class="sfsd-icon-button sfsd-rail-button" data-testid="expand" data-state={state} aria-expanded="false" aria-label={label} title={label} onClick={() => model.toggle()}>
      <CloudIcon />
      {state === 'needs-reconnect' || state === 'disconnected' ? <span class="sfsd-presence sfsd-rail-presence" data-state={state} /> : null}
      {waiting > 0 ? (
        <span class="sfsd-rail-badge" data-testid="rail-badge" aria-hidden="true">
          {waiting > 99 ? '99+' : waiting}
        </span>
      ) : null}
    </button>
  );
}

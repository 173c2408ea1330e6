import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';
import { TOGGLE_SHORTCUT_LABEL } from '@/lib/sidebar/shortcut';
import type { SidebarModel } from '@/lib/sidebar/sidebar-model';
import { ConnectionSection } from './ConnectionSection';
import { ContactSection } from './ContactSection';

export interface SidebarProps {
  model: SidebarModel;
  /** The contact in view and its Salesforce side; the placeholder until the page is read. */
  children?: ComponentChildren;
}

export function Sidebar({ model, children }: SidebarProps) {
  const collapsed = model.collapsed.value;
  return (
    <aside
      class={collapsed ? 'sfsd-sidebar sfsd-sidebar--collapsed' : 'sfsd-sidebar'}
      style={{ width: `${model.width.value}px` }}
      aria-label={t('sidebarRegionLabel')}
      data-collapsed={String(collapsed)}
    >
      {collapsed ? (
        <button
          type="button"
          class="sfsd-icon-button sfsd-rail-button"
          data-testid="expand"
          aria-expanded="false"
          aria-label={t('expandSidebar', TOGGLE_SHORTCUT_LABEL)}
          title={t('expandSidebar', TOGGLE_SHORTCUT_LABEL)}
          onClick={() => model.toggle()}
        >
          <CloudIcon />
        </button>
      ) : (
        <>
          <header class="sfsd-header">
            <CloudIcon />
            <h1 class="sfsd-title">{t('sidebarTitle')}</h1>
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
            <ConnectionSection
              connection={model.connection.value}
              connecting={model.connecting.value}
              connectError={model.connectError.value}
              onConnect={() => void model.connect()}
            />
            {children ?? <ContactSection />}
          </div>
        </>
      )}
    </aside>
  );
}

function CloudIcon() {
  return (
    <svg class="sfsd-logo" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M10 5.5a4.5 4.5 0 0 1 3.9 2.3A3.8 3.8 0 0 1 19.5 11 3.5 3.5 0 0 1 18.5 18H6a4 4 0 0 1-.8-7.9A4.5 4.5 0 0 1 10 5.5Z"
      />
    </svg>
  );
}

function ChevronRightIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="m9 6 6 6-6 6" />
    </svg>
  );
}

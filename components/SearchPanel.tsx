import { t } from '@/lib/i18n';
import type { DialpadBridge } from '@/lib/sidebar/dialpad-bridge';
import { NameSearchForm } from './NameSearchForm';

export interface SearchPanelProps {
  bridge: DialpadBridge;
  /** Only a connected sidebar says what to do to see a card. */
  connected: boolean;
}

/**
 * What the sidebar says when it has no card to show, and the manual search: opened from the
 * header's search button, or on its own when the Dialpad page cannot be read (B3). A number or a
 * name is searched as the user types, once the typing pauses (#19), or at once on Enter. The person
 * Dialpad shows is not repeated here: Dialpad shows them two columns to the left.
 */
export function SearchPanel({ bridge, connected }: SearchPanelProps) {
  const health = bridge.health.value;
  const open = bridge.searchOpen.value;
  const query = bridge.manualQuery.value;
  const inView = bridge.live.value !== null || bridge.contact.value !== null;
  const coworker = !bridge.live.value && bridge.contact.value?.internal === true;
  return (
    <div class="sfsd-search-panel" data-testid="search-panel" data-health={health.ok ? 'ok' : 'degraded'}>
      {!health.ok ? (
        <p class="sfsd-warning" role="status" data-testid="reader-degraded">
          {t('readerDegraded')}
        </p>
      ) : null}
      {open ? (
        <NameSearchForm
          id="sfsd-search-panel"
          testId="manual-search"
          inputId="sfsd-manual-search"
          label={t('manualSearchLabel')}
          placeholder={t('manualSearchPlaceholder')}
          search={(text) => bridge.search(text)}
          autoFocus={health.ok}
          extra={(clear) =>
            query || health.ok ? (
              <button
                type="button"
                class="sfsd-link-button"
                data-testid="close-search"
                onClick={() => {
                  clear();
                  bridge.toggleSearch(false);
                }}
              >
                {t('manualSearchClear')}
              </button>
            ) : null
          }
        />
      ) : null}
      {connected && !query && !inView && health.ok ? (
        <p class="sfsd-muted sfsd-empty" data-testid="nobody-in-view">
          {t('contactNoneDetected')}
        </p>
      ) : null}
      {connected && !query && coworker ? (
        <p class="sfsd-muted sfsd-empty" data-testid="coworker-in-view">
          {t('contactInternal')}
        </p>
      ) : null}
    </div>
  );
}

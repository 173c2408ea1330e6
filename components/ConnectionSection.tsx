import { t, type MessageKey } from '@/lib/i18n';
import type { ConnectionView } from '@/lib/sidebar/sidebar-model';

export interface ConnectionSectionProps {
  connection: ConnectionView;
}

function describe(connection: ConnectionView): MessageKey {
  switch (connection.kind) {
    case 'checking':
      return 'connectionChecking';
    case 'unavailable':
      return 'connectionUnavailable';
    case 'state':
      return 'connectionDisconnected';
  }
}

export function ConnectionSection({ connection }: ConnectionSectionProps) {
  return (
    <section class="sfsd-section" aria-labelledby="sfsd-connection-heading" data-testid="connection">
      <h2 id="sfsd-connection-heading" class="sfsd-section-title">
        {t('connectionHeading')}
      </h2>
      <p class="sfsd-text" role="status" data-state={connection.kind === 'state' ? connection.state : connection.kind}>
        {t(describe(connection))}
      </p>
    </section>
  );
}

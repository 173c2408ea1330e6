import { problemText, t, type MessageKey } from '@/lib/i18n';
import type { ReplyError } from '@/lib/messaging/contract';
import type { ConnectionView } from '@/lib/sidebar/sidebar-model';

export interface ConnectionSectionProps {
  connection: ConnectionView;
  connecting: boolean;
  connectError: ReplyError | null;
  onConnect: () => void;
}

function describe(connection: ConnectionView): MessageKey {
  switch (connection.kind) {
    case 'checking':
      return 'connectionChecking';
    case 'unavailable':
      return 'connectionUnavailable';
    case 'state':
      return connection.state === 'connected' ? 'connectionConnected' : connection.state === 'needs-reconnect' ? 'connectionNeedsReconnect' : 'connectionDisconnected';
  }
}

/** S1: who is connected, or the one click that connects (or reconnects), and why it failed. */
export function ConnectionSection({ connection, connecting, connectError, onConnect }: ConnectionSectionProps) {
  const state = connection.kind === 'state' ? connection.state : connection.kind;
  const status = connection.kind === 'state' ? connection.status : null;
  return (
    <section class="sfsd-section" aria-labelledby="sfsd-connection-heading" data-testid="connection">
      <h2 id="sfsd-connection-heading" class="sfsd-section-title">
        {t('connectionHeading')}
      </h2>
      <p class="sfsd-text" role="status" data-state={state}>
        {t(describe(connection))}
      </p>
      {state === 'connected' && status?.user ? (
        <p class="sfsd-text sfsd-text--muted" data-testid="connected-user">
          {t('connectionWho', [status.user.name, status.user.username, status.instanceHost ?? status.loginHost ?? ''])}
        </p>
      ) : null}
      {state === 'needs-reconnect' && status?.problem ? (
        <p class="sfsd-text sfsd-text--muted" data-testid="connection-problem" data-reason={status.problemReason ?? ''}>
          {problemText(status.problemReason, status.problem)}
        </p>
      ) : null}
      {state === 'disconnected' || state === 'needs-reconnect' ? (
        <p class="sfsd-actions">
          <button type="button" class="sfsd-button sfsd-button--primary" data-testid="connect" disabled={connecting} onClick={onConnect}>
            {connecting ? t('connectionConnecting') : state === 'needs-reconnect' ? t('reconnect') : t('connect')}
          </button>
          <small class="sfsd-muted">{t('connectInSettings')}</small>
        </p>
      ) : null}
      {connection.kind === 'state' && connection.pending > 0 ? (
        <p class="sfsd-text sfsd-text--muted" data-testid="pending-count">
          {t('pendingWrites', String(connection.pending))}
        </p>
      ) : null}
      {connectError ? (
        <p class="sfsd-error" role="alert" data-testid="connect-error" data-error-code={connectError.code}>
          {problemText(connectError.reason, connectError.message)}
        </p>
      ) : null}
    </section>
  );
}

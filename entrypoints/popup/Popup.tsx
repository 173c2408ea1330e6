import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messaging/client';
import type { ReplyOf } from '@/lib/messaging/contract';
import { createCalllogModel } from '@/lib/sidebar/calllog-model';
import { statusStampItem } from '@/lib/storage/items';

/**
 * The toolbar popup: connection state, who is connected, and what waits to be written. The
 * connection follows its status stamp; what waits follows the outbox itself, as the sidebar's
 * outbox status does (every change the background publishes, not only a connection change).
 */
export function Popup() {
  const [status, setStatus] = useState(null as ReplyOf<'getStatus'> | null);
  const calllog = useMemo(() => createCalllogModel(sendRequest), []);
  useEffect(() => {
    const load = () => void sendRequest({ type: 'getStatus' }).then(setStatus);
    load();
    const stopStatus = statusStampItem.watch(load);
    const stopOutbox = calllog.watch();
    return () => {
      stopStatus();
      stopOutbox();
    };
  }, [calllog]);
  if (!status) return <p>{t('connectionChecking')}</p>;
  if (!status.ok) return <p role="alert">{status.error.message}</p>;
  const { connection } = status;
  const outbox = calllog.outbox.value;
  // The outbox's own count once it has been read; the status's until then.
  const pending = outbox ? outbox.total : status.pending;
  const held = outbox?.held ?? 0;
  return (
    <main class="sfsd-page sfsd-popup" data-testid="popup" data-state={connection.state}>
      <h1>{t('extensionName')}</h1>
      <p data-testid="popup-state">
        {connection.state === 'connected' ? t('connectionConnected') : connection.state === 'needs-reconnect' ? t('connectionNeedsReconnect') : t('connectionDisconnected')}
      </p>
      {connection.user ? <p data-testid="popup-user">{t('connectionWho', [connection.user.name, connection.user.username, connection.instanceHost ?? ''])}</p> : null}
      <p data-testid="popup-pending">{t('pendingWrites', String(pending))}</p>
      {held ? <p data-testid="popup-held">{t('popupHeld', String(held))}</p> : null}
      <p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openSettings')}
        </button>
      </p>
    </main>
  );
}

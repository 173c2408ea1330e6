import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '@/components/pages.css';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messaging/client';
import type { ReplyOf } from '@/lib/messaging/contract';
import { statusStampItem } from '@/lib/storage/items';

/** The toolbar popup: connection state, who is connected, and what waits to be written. */
function Popup() {
  const [status, setStatus] = useState(null as ReplyOf<'getStatus'> | null);
  const [held, setHeld] = useState(0);
  useEffect(() => {
    const load = () => {
      void sendRequest({ type: 'getStatus' }).then(setStatus);
      void sendRequest({ type: 'getOutbox' }).then((reply) => setHeld(reply.ok ? (reply.outbox.held ?? 0) : 0));
    };
    load();
    return statusStampItem.watch(load);
  }, []);
  if (!status) return <p>{t('connectionChecking')}</p>;
  if (!status.ok) return <p role="alert">{status.error.message}</p>;
  const { connection, pending } = status;
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

render(<Popup />, document.getElementById('root')!);

import { useRef, useState } from 'preact/hooks';
import { problemText, t, type MessageKey } from '@/lib/i18n';
import type { ConnectionView, SidebarModel } from '@/lib/sidebar/sidebar-model';
import { byUser } from './user-event';

export type ConnectionState = 'checking' | 'unavailable' | 'connected' | 'disconnected' | 'needs-reconnect';

export function connectionState(connection: ConnectionView): ConnectionState {
  return connection.kind === 'state' ? connection.state : connection.kind;
}

function describe(connection: ConnectionView): MessageKey {
  switch (connectionState(connection)) {
    case 'checking':
      return 'connectionChecking';
    case 'unavailable':
      return 'connectionUnavailable';
    case 'connected':
      return 'connectionConnected';
    case 'needs-reconnect':
      return 'connectionNeedsReconnect';
    case 'disconnected':
      return 'connectionDisconnected';
  }
}

/** The first letters of the first two words of a name ("Alex Morgan" → "AM", "佐藤 花子" → "佐花"), as Dialpad's avatars show. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
}

/**
 * S1–S3 in the header: one button with the connected user's initials and a presence dot. It opens
 * a small panel with who is connected where, Settings, and Disconnect, which continues on the
 * settings page (a Dialpad page may not change the connection by itself, #17).
 */
export function ConnectionMenu({ model }: { model: SidebarModel }) {
  const [open, setOpen] = useState(false);
  const button = useRef(null as HTMLButtonElement | null);
  const connection = model.connection.value;
  const state = connectionState(connection);
  const status = connection.kind === 'state' ? connection.status : null;
  const user = state === 'disconnected' ? null : (status?.user ?? null);
  const sentence = t(describe(connection));
  const who = user ? t('connectionWho', [user.name, user.username, status?.instanceHost ?? status?.loginHost ?? '']) : null;
  const close = () => setOpen(false);
  const openSettings = () => {
    close();
    void model.openSettings();
  };
  return (
    <div
      class="sfsd-menu"
      data-testid="connection"
      onFocusOut={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) close();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.stopPropagation();
        close();
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        class="sfsd-icon-button sfsd-status-button"
        data-testid="connection-menu-button"
        aria-expanded={open}
        aria-controls="sfsd-connection-menu"
        aria-label={t('connectionStatusLabel', sentence)}
        title={who ?? sentence}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {/* The initials are drawn by CSS: the button's name is what it does, not two letters. */}
        <span class="sfsd-avatar" data-initials={user ? initialsOf(user.name) : ''} aria-hidden="true" />
        <span class="sfsd-presence" data-state={state} />
      </button>
      {open ? (
        <div id="sfsd-connection-menu" class="sfsd-menu__panel" role="group" aria-label={t('connectionHeading')}>
          <p class="sfsd-text" data-testid="connection-sentence">
            {sentence}
          </p>
          {who ? (
            <p class="sfsd-muted sfsd-menu__who" data-testid="connected-user">
              {who}
            </p>
          ) : null}
          <div class="sfsd-menu__items">
            <button type="button" class="sfsd-menu__item" data-testid="open-settings" onClick={byUser(openSettings)}>
              {t('openSettings')}
            </button>
            {user ? (
              <button type="button" class="sfsd-menu__item" data-testid="disconnect" onClick={byUser(openSettings)}>
                {t('disconnectInSettings')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The full connection block, only while there is something to do about it: connect, reconnect
 * (with Salesforce's reason), a background that does not answer, or why connecting failed.
 */
export function ConnectionPanel({ model }: { model: SidebarModel }) {
  const connection = model.connection.value;
  const state = connectionState(connection);
  const connectError = model.connectError.value;
  const connecting = model.connecting.value;
  const status = connection.kind === 'state' ? connection.status : null;
  if ((state === 'connected' || state === 'checking') && !connectError) return null;
  return (
    <section class="sfsd-section sfsd-connection" aria-labelledby="sfsd-connection-heading" data-testid="connection-panel">
      <h2 id="sfsd-connection-heading" class="sfsd-section-title">
        {t('connectionHeading')}
      </h2>
      {state !== 'connected' && state !== 'checking' ? (
        <p class="sfsd-text" role="status" data-state={state}>
          {t(describe(connection))}
        </p>
      ) : null}
      {state === 'needs-reconnect' && status?.problem ? (
        <p class="sfsd-text sfsd-text--muted" data-testid="connection-problem" data-reason={status.problemReason ?? ''}>
          {problemText(status.problemReason, status.problem)}
        </p>
      ) : null}
      {state === 'disconnected' || state === 'needs-reconnect' ? (
        <p class="sfsd-actions">
          <button type="button" class="sfsd-button sfsd-button--primary" data-testid="connect" disabled={connecting} onClick={byUser(() => void model.connect())}>
            {connecting ? t('connectionConnecting') : state === 'needs-reconnect' ? t('reconnect') : t('connect')}
          </button>
          <small class="sfsd-muted">{t('connectInSettings')}</small>
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

import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { OutboxSummary } from '@/lib/messaging/calllog-messages';
import { byUser } from './user-event';

export interface OutboxStatusProps {
  outbox: OutboxSummary | null;
  onRetry(keys: 'all' | string[]): void;
  /** Drops a write for good: the extension's own pages only (the options page). */
  onDiscard?(key: string): void;
  /** Sends writes held for unusual volume: the extension's own pages only (the options page). */
  onRelease?(keys: 'all' | string[]): void;
  /** Where a page without `onDiscard` (the sidebar in Dialpad) sends the user to discard or release. */
  onManage?(): void;
}

function reason(item: OutboxSummary['items'][number]): string {
  if (item.held) return t('outboxStatusHeld');
  switch (item.status) {
    case 'pending':
      return item.error ? t('outboxStatusRetrying', item.error) : t('outboxStatusPending');
    case 'waiting-person':
      return item.personProblem === 'none' ? t('outboxStatusNoPerson') : item.personProblem === 'unresolved' ? t('outboxStatusUnresolved') : t('outboxStatusWaitingPerson');
    case 'waiting-call':
      return t('outboxStatusWaitingCall');
    case 'waiting-reconnect':
      return t('outboxStatusWaitingReconnect');
    case 'failed':
      return t('outboxStatusFailed', item.error ?? '');
  }
}

/**
 * What is waiting to be written to Salesforce, and why (B1): nothing is dropped silently. Each
 * item can be retried; discarding asks for a second click that says what is lost.
 */
export function OutboxStatus({ outbox, onRetry, onDiscard, onRelease, onManage }: OutboxStatusProps) {
  const [confirming, setConfirming] = useState(null as string | null);
  if (!outbox || outbox.total === 0) return null;
  return (
    <section class="sfsd-section sfsd-outbox" data-testid="outbox" aria-labelledby="sfsd-outbox-heading">
      <h2 id="sfsd-outbox-heading" class="sfsd-section-title">
        {t('outboxHeading')}
      </h2>
      <p class="sfsd-text" data-testid="outbox-count">
        {t('outboxCount', String(outbox.total))}
      </p>
      {outbox.held ? (
        <p class="sfsd-text" data-testid="outbox-held" data-held={outbox.held}>
          {t('outboxHeldExplained', String(outbox.held))}{' '}
          {onRelease ? (
            <button type="button" class="sfsd-button" data-testid="outbox-release-all" onClick={byUser(() => onRelease('all'))}>
              {t('outboxReleaseAll')}
            </button>
          ) : null}
        </p>
      ) : null}
      <ul class="sfsd-task-list">
        {outbox.items.map((item) => (
          <li key={item.key} class="sfsd-task" data-outbox-key={item.key} data-status={item.status} data-held={item.held ? 'true' : undefined}>
            <p class="sfsd-task__subject">{item.label}</p>
            <p class="sfsd-muted">{reason(item)}</p>
            <p class="sfsd-actions">
              {item.held && onRelease ? (
                <button type="button" class="sfsd-button" data-testid="outbox-release" onClick={byUser(() => onRelease([item.key]))}>
                  {t('outboxRelease')}
                </button>
              ) : null}
              {!item.held && (item.status === 'failed' || item.status === 'waiting-reconnect' || (item.status === 'pending' && item.error)) ? (
                <button type="button" class="sfsd-button" data-testid="outbox-retry" onClick={byUser(() => onRetry([item.key]))}>
                  {t('outboxRetry')}
                </button>
              ) : null}
              {onDiscard ? (
                confirming === item.key ? (
                  <>
                    <button type="button" class="sfsd-button sfsd-button--danger" data-testid="outbox-discard-confirm" onClick={byUser(() => onDiscard(item.key))}>
                      {t('outboxDiscardConfirm')}
                    </button>
                    <button type="button" class="sfsd-button" onClick={() => setConfirming(null)}>
                      {t('formCancel')}
                    </button>
                  </>
                ) : (
                  <button type="button" class="sfsd-button" data-testid="outbox-discard" onClick={() => setConfirming(item.key)}>
                    {t('outboxDiscard')}
                  </button>
                )
              ) : null}
              {!onDiscard && onManage ? (
                <button type="button" class="sfsd-button" data-testid="outbox-manage" onClick={byUser(() => onManage())}>
                  {item.held ? t('outboxManageHeld') : t('outboxManage')}
                </button>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

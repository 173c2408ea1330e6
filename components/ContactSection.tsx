import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/lib/i18n';
import type { DialpadBridge } from '@/lib/sidebar/dialpad-bridge';

const CALL_STATE_TEXT: Record<string, MessageKey> = {
  ringing: 'callRinging',
  dialing: 'callDialing',
  connected: 'callConnected',
  'on-hold': 'callOnHold',
};

/**
 * What the sidebar read from Dialpad: the live call or the contact in view. When the page cannot
 * be read (Dialpad changed its markup) or nobody is in view, a search box stands in (B3).
 */
export function ContactSection({ bridge }: { bridge?: DialpadBridge }) {
  const [draft, setDraft] = useState('');
  if (!bridge) {
    return (
      <section class="sfsd-section" aria-labelledby="sfsd-contact-heading" data-testid="contact">
        <h2 id="sfsd-contact-heading" class="sfsd-section-title">
          {t('contactHeading')}
        </h2>
        <p class="sfsd-text sfsd-text--muted">{t('contactNoneDetected')}</p>
      </section>
    );
  }
  const live = bridge.live.value;
  const contact = bridge.contact.value;
  const health = bridge.health.value;
  const query = bridge.manualQuery.value;
  const showSearch = !health.ok || query !== null || (!live && !contact);
  return (
    <section class="sfsd-section" aria-labelledby="sfsd-contact-heading" data-testid="contact" data-health={health.ok ? 'ok' : 'degraded'}>
      <h2 id="sfsd-contact-heading" class="sfsd-section-title">
        {t('contactHeading')}
      </h2>
      {live ? (
        <p class="sfsd-text" data-testid="live-call" data-call-state={live.state} data-call-id={live.call.callId ?? ''} data-elapsed={live.call.durationSeconds ?? 0}>
          {t(CALL_STATE_TEXT[live.state] ?? 'callConnected', live.call.remoteName ?? live.call.remoteNumber ?? '')}
        </p>
      ) : null}
      {contact ? (
        <div data-testid="dialpad-contact" data-dialpad-id={contact.dialpadContactId ?? ''} data-internal={String(contact.internal)}>
          <p class="sfsd-text sfsd-contact-name">{contact.name}</p>
          {contact.company ? <p class="sfsd-text sfsd-text--muted">{contact.company}</p> : null}
          <ul class="sfsd-phones">
            {contact.phones.map((phone) => (
              <li key={phone.normalized}>{phone.display}</li>
            ))}
          </ul>
          {contact.internal ? <p class="sfsd-text sfsd-text--muted">{t('contactInternal')}</p> : null}
        </div>
      ) : null}
      {!live && !contact && health.ok ? <p class="sfsd-text sfsd-text--muted">{t('contactNoneDetected')}</p> : null}
      {!health.ok ? (
        <p class="sfsd-warning" role="status" data-testid="reader-degraded">
          {t('readerDegraded')}
        </p>
      ) : null}
      {showSearch ? (
        <form
          class="sfsd-search"
          role="search"
          data-testid="manual-search"
          onSubmit={(event) => {
            event.preventDefault();
            bridge.search(draft);
          }}
        >
          <label class="sfsd-visually-hidden" for="sfsd-manual-search">
            {t('manualSearchLabel')}
          </label>
          <input id="sfsd-manual-search" type="search" value={draft} placeholder={t('manualSearchPlaceholder')} onInput={(e) => setDraft(e.currentTarget.value)} />
          <button type="submit" class="sfsd-button">
            {t('manualSearchButton')}
          </button>
          {query ? (
            <button
              type="button"
              class="sfsd-link-button"
              onClick={() => {
                setDraft('');
                bridge.search(null);
              }}
            >
              {t('manualSearchClear')}
            </button>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

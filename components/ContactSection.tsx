import { t } from '@/lib/i18n';

/** The Dialpad contact in view; filled by the Dialpad adapter (issue: Reading Dialpad). */
export function ContactSection() {
  return (
    <section class="sfsd-section" aria-labelledby="sfsd-contact-heading" data-testid="contact">
      <h2 id="sfsd-contact-heading" class="sfsd-section-title">
        {t('contactHeading')}
      </h2>
      <p class="sfsd-text sfsd-text--muted">{t('contactNoneDetected')}</p>
    </section>
  );
}

import type { SelectorDefinition } from './selector-registry';

/**
 * Every selector the sidebar uses on Dialpad's page, by name. Variants cover the old (`dt-*`)
 * and new (`d-recipe-*`) Dialtone class names and `data-qa` where there is one. Evidence grades
 * follow tests/fixtures/dialpad/README.md: dialtone (Dialtone's source), third-party (code that
 * targets dialpad.com), guess. An admin can replace any of them by name through the policy.
 */
export const SELECTORS = {
  /** The app's frame; observed for changes (the narrowest node that holds everything we read). */
  appRoot: { variants: ['#app', 'body'], evidence: 'guess', note: 'Vue mounts on #app; body is the fallback' },

  callbox: {
    variants: ['[data-qa="dt-recipe-callbox"]', '.d-recipe-callbox', '.dt-recipe-callbox'],
    evidence: 'dialtone',
    note: 'the active-call card in the left bar, present while dialing, connected or on hold',
  },
  callboxTitle: {
    variants: ['[data-qa="dt-recipe-callbox--title"]', '.d-recipe-callbox__title', '.dt-recipe-callbox__title'],
    evidence: 'dialtone',
    note: 'caller name, or the formatted number',
  },
  callboxTimer: {
    variants: ['[data-qa="dt-recipe-callbox--subtitle-wrapper"]', '.d-recipe-callbox__subtitle'],
    evidence: 'dialtone',
    note: 'the call timer (06:01, 1:02:03) or "Calling…"',
  },
  callboxNumber: {
    variants: ['[data-qa="dt-recipe-callbox--bottom-wrapper"]', '.d-recipe-callbox__bottom'],
    evidence: 'dialtone',
    note: 'the remote number as shown (text guessed)',
  },
  callboxLink: { variants: ['a[href*="/app/calls/"]'], evidence: 'guess', note: 'a link to the call view carries the call id' },
  onHoldMark: {
    variants: ['.d-recipe-callbox--on-hold', '.d-avatar__overlay-icon .d-icon--pause', '[data-qa="dt-recipe-callbox--badge-wrapper"] .d-icon--pause'],
    evidence: 'dialtone',
    note: 'the pause overlay on the callbox avatar while on hold',
  },
  banner: { variants: ['[data-qa="banner-info"]', '.d-recipe-top-banner-info', '.dt-top-banner-info'], evidence: 'dialtone', note: 'one line above the app during a call' },
  bannerStatus: {
    variants: ['[data-qa="banner-info--middle"]', '.d-recipe-top-banner-info__middle'],
    evidence: 'dialtone',
    note: 'texts: Ringing..., Connecting Call, Active Call 1:35, On hold 00:08, Caller ID: <name> <number>',
  },
  incomingIcon: { variants: ['.d-icon--phone-incoming'], evidence: 'dialtone', note: 'inbound direction in the banner' },
  outgoingIcon: { variants: ['.d-icon--phone-outgoing'], evidence: 'dialtone', note: 'outbound direction in the banner' },
  hangUp: {
    variants: ['button[aria-label="Hang up"]', '.d-icon--phone-hang-up'],
    evidence: 'third-party',
    note: 'present only while a call is live',
  },
  incomingCard: { variants: ['[data-qa="incoming-call"]'], evidence: 'guess', note: 'the ringing card; the banner is the evidenced part' },

  contactInfoHeader: {
    variants: ['[data-qa="contact-info-header"]', '.d-recipe-contact-info__header'],
    evidence: 'dialtone',
    note: 'a contact-info block\'s name (or number)',
  },
  contactInfoSubtitle: { variants: ['[data-qa="contact-info-subtitle"]', '.d-recipe-contact-info__subtitle'], evidence: 'dialtone', note: '' },
  contactInfoBottom: { variants: ['[data-qa="contact-info-bottom"]', '.d-recipe-contact-info__bottom'], evidence: 'dialtone', note: '' },

  contactDetail: { variants: ['[data-qa="contact-detail"]'], evidence: 'guess', note: 'the contact view at /app/contacts/<id>' },
  coworkerDetail: { variants: ['[data-qa="coworker-detail"]'], evidence: 'guess', note: 'the coworker view at /app/coworkers/<id>: internal' },
  contactPhone: { variants: ['[data-qa="contact-phone-number"] a[href^="tel:"]', 'a[href^="tel:"]'], evidence: 'guess', note: 'tel: links carry E.164' },
  contactEmail: { variants: ['a[data-qa="contact-email"]', 'a[href^="mailto:"]'], evidence: 'guess', note: '' },
  contactCompany: { variants: ['[data-qa="contact-company"]'], evidence: 'guess', note: '' },
  coworkerExtension: { variants: ['[data-qa="coworker-extension"]'], evidence: 'guess', note: '' },

  historyRow: { variants: ['tr.inbox-aff-row', '[data-qa="call-history-row"]'], evidence: 'third-party', note: 'inbox and call-history rows' },
  historyNumber: { variants: ['.inbox-aff-number'], evidence: 'guess', note: '' },
  historyName: { variants: ['.inbox-aff-name a', '.inbox-aff-name span'], evidence: 'third-party', note: '' },
  historyDescription: { variants: ['.inbox-aff-description'], evidence: 'third-party', note: 'Incoming call • 1:43, Missed call, Voicemail…' },
  historyDevice: { variants: ['.inbox-aff-operator'], evidence: 'third-party', note: '' },
  historyTime: { variants: ['.inbox-aff-date time[datetime]', 'time[datetime]'], evidence: 'guess', note: '' },
  historyCallId: { variants: ['a[data-qa="call-review-link"]', 'a[href*="/callreview/"]'], evidence: 'third-party', note: 'the route is seen in third-party code' },
  recordingLink: { variants: ['a[data-qa="call-recording-link"]'], evidence: 'guess', note: '' },
  voicemailLink: { variants: ['a[data-qa="voicemail-link"]'], evidence: 'guess', note: '' },
} satisfies Record<string, SelectorDefinition>;

export type SelectorName = keyof typeof SELECTORS;

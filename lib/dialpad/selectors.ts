import type { SelectorDefinition } from './selector-registry';

/**
 * Every selector the sidebar uses on Dialpad's page, by name: structure first (`data-qa`, icon
 * `data-name`, Dialtone's classes), never a text. Variants cover both Dialtone generations: 2024
 * (`__` data-qa, `d-recipe-*`) and 2023 (`--` data-qa, `dt-recipe-*`). Evidence grades and sources
 * are in tests/fixtures/dialpad/README.md ("Selectors"): dialtone (Dialtone's source), third-party
 * (code that targets dialpad.com), guess. An admin can replace any of them by name through the policy.
 */
export const SELECTORS = {
  /** The app's frame; observed for changes (the narrowest node that holds everything we read). */
  appRoot: { variants: ['#app', 'body'], evidence: 'guess', note: 'Vue mounts on #app; body is the fallback' },
  /** The left bar: presence, unread counts and activity churn there all day; only its callbox is read. */
  leftBar: {
    variants: ['nav'],
    evidence: 'guess',
    note: "the app's navigation column that holds the callbox; not observed but for the callbox's slot (a match holding any other read region is refused)",
  },

  callbox: {
    variants: ['[data-qa="dt-recipe-callbox"]', '.d-recipe-callbox', '.dt-recipe-callbox'],
    evidence: 'dialtone',
    note: 'the active-call card in the left bar (calls and meetings); root data-qa in both generations',
  },
  callboxTitle: {
    variants: ['[data-qa="dt-recipe-callbox__title"]', '[data-qa="dt-recipe-callbox--title"]', '.d-recipe-callbox__content-title', '.dt-recipe-callbox--content-title'],
    evidence: 'dialtone',
    note: 'a button or span: the other party (name or number), or the meeting',
  },
  callboxTimer: {
    variants: ['[data-qa="dt-recipe-callbox__subtitle-wrapper"]', '[data-qa="dt-recipe-callbox--subtitle-wrapper"]', '.d-recipe-callbox__content-subtitle', '.dt-recipe-callbox--content-subtitle'],
    evidence: 'dialtone',
    note: 'the subtitle slot: the call timer (06:01, 1:02:03); anything else while dialing',
  },
  callboxNumber: {
    variants: ['[data-qa="dt-recipe-callbox__bottom-wrapper"]', '[data-qa="dt-recipe-callbox--bottom-wrapper"]', '.d-recipe-callbox__main-content-bottom', '.dt-recipe-callbox--main-content-bottom'],
    evidence: 'dialtone',
    note: 'the bottom slot (Dialtone); that it holds the number during a call is a guess; meetings put participants there',
  },
  onHoldMark: {
    variants: ['.d-avatar__overlay .d-icon--pause', '.d-avatar__overlay svg[data-name="Pause"]'],
    evidence: 'dialtone',
    note: 'the pause icon over the callbox avatar while on hold (both generations)',
  },
  meetingMark: {
    variants: ['svg[data-name="Video"]', '.d-icon--video', '[data-qa="dt-recipe-callbox__video-wrapper"]', '[data-qa="dt-recipe-callbox--video-wrapper"]'],
    evidence: 'guess',
    note: 'inside the callbox: a meeting, not a call (the video wrapper is Dialtone; the icon is our guess)',
  },
  banner: { variants: ['[data-qa="banner-info"]', '.d-recipe-top-banner-info', '.d-top-banner-info'], evidence: 'dialtone', note: 'one line above the app: calls, and the one-tab notice' },
  bannerStatus: {
    variants: ['[data-qa="banner-info--middle"]', '.d-recipe-top-banner-info__middle', '.d-top-banner-info__middle'],
    evidence: 'dialtone',
    note: 'the middle slot: call state and Caller ID (texts read only as hints)',
  },
  incomingIcon: { variants: ['svg[data-name="Phone Incoming"]', '.d-icon--phone-incoming'], evidence: 'dialtone', note: 'inbound direction (banner, history row)' },
  outgoingIcon: { variants: ['svg[data-name="Phone Outgoing"]', '.d-icon--phone-outgoing'], evidence: 'dialtone', note: 'outbound direction (banner, history row)' },
  missedIcon: { variants: ['svg[data-name="Phone Missed"]', '.d-icon--phone-missed'], evidence: 'dialtone', note: 'a missed or declined call (history row)' },
  voicemailIcon: { variants: ['svg[data-name="Voicemail"]', '.d-icon--voicemail'], evidence: 'dialtone', note: 'a voicemail (history row)' },
  hangUp: {
    variants: ['svg[data-name="Phone Hang Up"]', '.d-icon--phone-hang-up'],
    evidence: 'third-party',
    note: 'present only while a call is live; the icon, whatever the language of the button\'s label',
  },
  incomingCard: { variants: ['[data-qa="incoming-call"]'], evidence: 'guess', note: 'the ringing card; the banner is the evidenced part' },
  presenceMark: { variants: ['.d-presence', '[data-qa="dt-presence"]'], evidence: 'dialtone', note: 'a presence dot on a party\'s avatar: a coworker (that outside callers have none is a guess)' },

  contactInfoHeader: { variants: ['[data-qa="contact-info-header"]'], evidence: 'dialtone', note: 'a contact-info block\'s name (or number); the slot divs have no class' },
  contactInfoSubtitle: { variants: ['[data-qa="contact-info-subtitle"]'], evidence: 'dialtone', note: '' },
  contactInfoBottom: { variants: ['[data-qa="contact-info-bottom"]'], evidence: 'dialtone', note: '' },

  contactDetail: { variants: ['[data-qa="contact-detail"]'], evidence: 'guess', note: 'the contact view at /app/contacts/<id>' },
  coworkerDetail: { variants: ['[data-qa="coworker-detail"]'], evidence: 'guess', note: 'the coworker view at /app/coworkers/<id>: internal' },
  contactPhone: { variants: ['[data-qa="contact-phone-number"] a[href^="tel:"]', 'a[href^="tel:"]'], evidence: 'guess', note: 'tel: links carry E.164 (RFC 3966 ;ext= for an extension)' },
  contactEmail: { variants: ['a[data-qa="contact-email"]', 'a[href^="mailto:"]'], evidence: 'guess', note: '' },
  contactCompany: { variants: ['[data-qa="contact-company"]'], evidence: 'guess', note: '' },
  coworkerExtension: { variants: ['[data-qa="coworker-extension"]'], evidence: 'guess', note: '' },

  historyRow: { variants: ['tr.inbox-aff-row'], evidence: 'third-party', note: 'inbox and call-history rows' },
  historyNumber: { variants: ['.inbox-aff-number'], evidence: 'guess', note: '' },
  historyName: { variants: ['.inbox-aff-name a', '.inbox-aff-name span'], evidence: 'third-party', note: '' },
  historyCoworkerLink: { variants: ['.inbox-aff-name a[href*="/coworkers/"]'], evidence: 'guess', note: 'a row whose party links to a coworker: internal' },
  historyDescription: { variants: ['.inbox-aff-description'], evidence: 'third-party', note: 'direction and duration as text ("3m 12s", "3分12秒")' },
  historyDevice: { variants: ['.inbox-aff-operator'], evidence: 'third-party', note: 'filled for calls taken elsewhere' },
  historyTime: { variants: ['.inbox-aff-date'], evidence: 'third-party', note: 'visible text: "Today 3:45 pm", "今日 15:45", "Jun 3"' },
  historyCallId: { variants: ['a[href*="/callhistory/callreview/"]'], evidence: 'third-party', note: 'the only public id-bearing route; for queue calls the entry point\'s id' },
  recordingLink: { variants: ['a[data-qa="call-recording-link"]'], evidence: 'guess', note: '' },
  voicemailLink: { variants: ['a[data-qa="voicemail-link"]'], evidence: 'guess', note: '' },
} satisfies Record<string, SelectorDefinition>;

export type SelectorName = keyof typeof SELECTORS;

/**
 * The regions of the page the reader reads: everything it looks at lies inside one of them, so a
 * change elsewhere cannot change a reading. Kept here, beside the selectors, so the observer can
 * later watch just these regions.
 */
export const READ_REGIONS: readonly SelectorName[] = ['contactDetail', 'coworkerDetail', 'incomingCard', 'banner', 'callbox', 'hangUp', 'historyRow'];

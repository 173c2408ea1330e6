/**
 * Dialtone-shaped markup pieces (icons, avatars, contact info, callbox, banner, callbar buttons,
 * feed pills, inbox rows). Class names and `data-qa` values follow the evidence in
 * ../shared/docs/DIALPAD-DOM.md; tests/fixtures/dialpad/README.md says which ones are guesses.
 */
import type { HistoryEntry, LiveCall, LiveMeeting, Presence } from '../types';
import { formatLasted, formatPhone, formatShortTimer, formatTimer, html, initials, raw, type Raw } from './format';
import { config, formatClock, formatDuration, formatWhen, participants, t } from './texts';

/** Simple glyphs of our own; only the class names mirror Dialtone's icon set. */
const ICON_PATHS: Record<string, string> = {
  phone: 'M6 3h3l2 5-2 1a11 11 0 0 0 6 6l1-2 5 2v3a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2z',
  'phone-hang-up': 'M3 14c5-5 13-5 18 0l-2 3-4-1v-3a10 10 0 0 0-6 0v3l-4 1z',
  'phone-incoming': 'M6 3h3l2 5-2 1a11 11 0 0 0 6 6l1-2 5 2v3a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2zM21 3l-6 6m0-4v4h4',
  'phone-outgoing': 'M6 3h3l2 5-2 1a11 11 0 0 0 6 6l1-2 5 2v3a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2zM15 9l6-6m-4 0h4v4',
  'phone-missed': 'M3 14c5-5 13-5 18 0l-2 3-4-1v-3a10 10 0 0 0-6 0v3l-4 1zM8 3l4 4 4-4',
  voicemail: 'M6 15a3 3 0 1 1 0-.01zM18 15a3 3 0 1 1 0-.01zM6 18h12',
  pause: 'M8 5v14M16 5v14',
  hold: 'M8 5v14M16 5v14',
  play: 'M7 4l12 8-12 8z',
  record: 'M12 7a5 5 0 1 1 0 10 5 5 0 0 1 0-10z',
  microphone: 'M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  transfer: 'M4 8h14l-4-4M20 16H6l4 4',
  park: 'M7 21V3h6a5 5 0 0 1 0 10H7',
  transcript: 'M5 5h14M5 10h14M5 15h9',
  'more-horizontal': 'M5 12h.01M12 12h.01M19 12h.01',
  close: 'M6 6l12 12M18 6L6 18',
  'message': 'M4 5h16v11H8l-4 4z',
  'contact': 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  'users': 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM1 21a8 8 0 0 1 16 0M17 3a4 4 0 0 1 0 8M23 21a8 8 0 0 0-5-7',
  'inbox': 'M3 13h5l2 3h4l2-3h5M5 4h14l2 9v7H3v-7z',
  'history': 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3',
  video: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  warning: 'M12 3l10 18H2zM12 10v5M12 18h.01',
};

/** "phone-hang-up" → "Phone Hang Up": the title-cased name Dialtone's icon build puts in `data-name`. */
export function iconDataName(name: string): string {
  return name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** `svg.d-icon.d-icon--<name>`; the 2024 generation adds `data-name` (our glyphs, Dialtone's names). */
export function icon(name: string, size = 200): Raw {
  const d = ICON_PATHS[name] ?? ICON_PATHS.phone!;
  const dataName = config.markup === '2024' ? raw(` data-name="${iconDataName(name)}"`) : '';
  return html`<svg class="d-icon d-icon--${name} d-icon--size-${size}"${dataName} data-qa="dt-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="${d}"></path></svg>`;
}

export function avatar(name: string, options: { size?: 'sm' | 'md' | 'lg'; presence?: Presence; onHold?: boolean } = {}): Raw {
  const presence = options.presence
    ? html`<span class="d-avatar__presence d-presence" data-qa="dt-presence"><span class="d-presence__inner d-presence__inner--${options.presence}"></span></span>`
    : '';
  const overlay = options.onHold
    ? html`<span class="d-avatar__overlay" data-qa="dt-avatar-overlay"><span class="d-avatar__overlay-icon">${icon('pause', 100)}</span></span>`
    : '';
  return html`<span class="d-avatar d-avatar--${options.size ?? 'md'}" data-qa="dt-avatar"><span class="d-avatar__canvas"><span class="d-avatar__initials">${initials(name)}</span></span>${overlay}${presence}</span>`;
}

/**
 * item_layout/contact_info: the name (or number) in the header slot, extra lines below. 2024: the
 * slot divs carry `data-qa` and no class (Dialtone's source); 2023: our guessed classes beside them.
 */
export function contactInfo(parts: {
  header: string;
  subtitle?: Raw | string;
  bottom?: Raw | string;
  right?: Raw;
  avatarName: string;
  presence?: Presence;
  onHold?: boolean;
  extraClass?: string;
}): Raw {
  const old = config.markup === '2023';
  const slot = (qa: string, content: Raw | string) => (old ? html`<div class="d-recipe-contact-info__${qa}" data-qa="contact-info-${qa}">${content}</div>` : html`<div data-qa="contact-info-${qa}">${content}</div>`);
  const root = old ? 'dt-contact-info dt-item-layout' : 'd-recipe-contact-info d-item-layout';
  return html`<div class="${root} ${parts.extraClass ?? ''}" data-qa="contact-info">
  <div class="d-item-layout--left" data-qa="dt-item-layout-left-wrapper"><button type="button" class="d-recipe-contact-info__left" data-qa="contact-info-left" aria-label="${parts.header}">${avatar(parts.avatarName, { presence: parts.presence, onHold: parts.onHold })}</button></div>
  <div class="d-item-layout--content" data-qa="dt-item-layout-content-wrapper">
    <div class="d-item-layout--title" data-qa="dt-item-layout-title-wrapper">${slot('header', parts.header)}</div>
    ${parts.subtitle ? html`<div class="d-item-layout--subtitle" data-qa="dt-item-layout-subtitle-wrapper">${slot('subtitle', parts.subtitle)}</div>` : ''}
    ${parts.bottom ? html`<div class="d-item-layout--bottom" data-qa="dt-item-layout-bottom-wrapper">${slot('bottom', parts.bottom)}</div>` : ''}
  </div>
  ${parts.right ? html`<div class="d-item-layout--right" data-qa="dt-item-layout-right-wrapper">${slot('right', parts.right)}</div>` : ''}
</div>`;
}

export function callbarButton(label: string, iconName: string, options: { active?: boolean; danger?: boolean; action?: string } = {}): Raw {
  const modifiers = [options.active ? 'active' : '', options.danger ? 'danger' : ''].filter(Boolean);
  const base = config.markup === '2023' ? 'dt-recipe-callbar-button' : 'd-recipe-callbar-button';
  const classes = [base, ...modifiers.map((m) => `${base}--${m}`)];
  return html`<button type="button" class="${classes.join(' ')} d-btn d-btn--stacked" data-qa="dt-recipe-callbar-button" aria-label="${label}" aria-pressed="${options.active ? 'true' : 'false'}"${raw(options.action ? ` data-action="${options.action}"` : '')}>${icon(iconName)}<span class="d-btn__label">${label}</span></button>`;
}

/** The red hang-up button: its label is in the user's language, the icon is not. */
export function hangUpButton(label = t().hangUp): Raw {
  const base = config.markup === '2023' ? 'dt-recipe-callbar-button' : 'd-recipe-callbar-button';
  return html`<button type="button" class="${base} ${base}--danger ${base}--circle d-btn d-btn--danger d-btn--circle" aria-label="${label}" data-action="hang-up">${icon('phone-hang-up')}</button>`;
}

export function partyName(call: Pick<LiveCall, 'name' | 'number'>): string {
  return call.name ?? formatPhone(call.number);
}

/**
 * leftbar/callbox: the active-call card in the left bar, as Dialtone's source draws it in each
 * generation. The title is a button (never a link: the live call shows no id). A meeting uses the
 * same card: its title, its timer, and participants or screen sharing in the bottom slot.
 */
export function callbox(item: { kind: 'call'; call: LiveCall } | { kind: 'meeting'; meeting: LiveMeeting }): Raw {
  const old = config.markup === '2023';
  const sep = old ? '--' : '__';
  const cls = (part: string) => (old ? `dt-recipe-callbox--${part}` : `d-recipe-callbox__${part}`);
  const qa = (part: string) => `dt-recipe-callbox${sep}${part}`;
  let title: string;
  let subtitle: string;
  let badge = '';
  let bottom: Raw | string;
  let onHold = false;
  let right: Raw;
  if (item.kind === 'call') {
    const { call } = item;
    onHold = call.state === 'hold';
    title = partyName(call);
    subtitle = call.state === 'dialing' ? t().calling : formatTimer(call.durationSeconds);
    badge = onHold ? t().onHold : call.recording ? t().recording : '';
    bottom = call.name ? formatPhone(call.number) : '';
    right = hangUpButton();
  } else {
    const { meeting } = item;
    title = meeting.title;
    subtitle = formatTimer(meeting.durationSeconds);
    bottom = html`${icon('video', 100)} <span>${meeting.sharingScreen ? t().sharingScreen : participants(meeting.participants)}</span>`;
    right = html`<button type="button" class="d-btn d-btn--danger d-btn--circle" aria-label="${t().leave}" data-action="leave-meeting">${icon('phone-hang-up')}</button>`;
  }
  return html`<div class="${old ? 'dt-recipe-callbox' : 'd-recipe-callbox'}" data-qa="dt-recipe-callbox">
  <div class="${cls('main-content')} ${cls('border-default')}" data-qa="${qa('main-content')}">
    <div class="${cls('main-content-top')}">
      ${avatar(title, { size: 'sm', onHold })}
      <div class="${cls('content')}">
        <button type="button" class="${cls('content-title')}" data-qa="${qa('title')}">${title}</button>
        ${badge ? html`<div class="${cls('content-badge')}" data-qa="${qa('badge-wrapper')}"><span class="d-badge">${badge}</span></div>` : ''}
        <div class="${cls('content-subtitle')}" data-qa="${qa('subtitle-wrapper')}"><span class="dp-callbox__timer">${subtitle}</span></div>
      </div>
      <div class="${cls('right')}" data-qa="${qa('right-wrapper')}">${right}</div>
    </div>
    ${bottom ? html`<div class="${cls('main-content-bottom')}" data-qa="${qa('bottom-wrapper')}">${bottom}</div>` : ''}
  </div>
</div>`;
}

/** notices/top_banner_info: one line above the app while a call rings or runs. */
export function bannerText(call: LiveCall): string {
  switch (call.state) {
    case 'ringing':
      return t().ringing;
    case 'dialing':
      return t().connecting;
    case 'hold':
      return `${t().onHold} ${formatTimer(call.holdSeconds)}`;
    default:
      return `${t().active} ${formatShortTimer(call.durationSeconds)}`;
  }
}

/** The top banner frame of each generation: 2024 `d-recipe-top-banner-info` with a `data-qa` middle; 2023 `d-top-banner-info`. */
export function topBanner(kind: 'info' | 'success' | 'warning' | 'critical', left: Raw | string, middle: Raw | string, right: Raw | string): Raw {
  if (config.markup === '2023') {
    const bg = { info: 'd-bgc-black-400', success: 'd-bgc-green-300', warning: 'd-bgc-gold-200', critical: 'd-bgc-red-100' }[kind];
    return html`<div class="d-fs11 d-d-flex d-top-banner-info d-jc-space-between d-ai-center ${bg}" data-qa="banner-info" role="status">
  <div class="d-top-banner-info__left">${left}</div>
  <div class="d-top-banner-info__middle d-my4">${middle}</div>
  <div class="d-top-banner-info__right d-ta-right">${right}</div>
</div>`;
  }
  return html`<div class="d-recipe-top-banner-info d-recipe-top-banner-info--${kind}" data-qa="banner-info" role="status">
  <div class="d-recipe-top-banner-info__left">${left}</div>
  <div class="d-recipe-top-banner-info__middle" data-qa="banner-info--middle">${middle}</div>
  <div class="d-recipe-top-banner-info__right">${right}</div>
</div>`;
}

export function banner(call: LiveCall): Raw {
  const kind = call.state === 'ringing' || call.state === 'dialing' ? 'info' : call.state === 'hold' ? 'warning' : 'success';
  const action =
    call.state === 'ringing'
      ? html`<button type="button" class="d-btn d-btn--sm" data-action="answer">${t().clickToAnswer}</button>`
      : html`<button type="button" class="d-btn d-btn--sm d-btn--danger" data-action="hang-up">${t().endCall}</button>`;
  return topBanner(
    kind,
    icon(call.direction === 'inbound' ? 'phone-incoming' : 'phone-outgoing'),
    html`<span class="dp-banner__status">${bannerText(call)}</span> <span class="dp-banner__caller">${t().callerId} ${partyName(call)}${call.name ? ` ${formatPhone(call.number)}` : ''}</span>`,
    action,
  );
}

/** "Dialpad supports only one active app tab", in a tab that is not the active one. */
export function oneTabBanner(): Raw {
  return topBanner('warning', icon('warning'), html`<span>${t().oneTab}</span>`, html`<button type="button" class="d-btn d-btn--sm" data-action="use-here">${t().useHere}</button>`);
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

/** conversation_view feed pill: the title and subtitle Dialtone's examples show (English), ours in Japanese. */
export function feedPillText(entry: Pick<HistoryEntry, 'direction' | 'status' | 'name' | 'number' | 'durationSeconds' | 'startedAt'>): {
  icon: string;
  title: string;
  subtitle: string;
} {
  const ja = config.lang === 'ja';
  const who = entry.name ? (ja ? entry.name : firstName(entry.name)) : formatPhone(entry.number);
  const endedAt = Date.parse(entry.startedAt) + entry.durationSeconds * 1000;
  const lasted = ja
    ? `通話時間 ${formatDuration(entry.durationSeconds)} • ${formatClock(endedAt)} に終了`
    : `Lasted ${formatLasted(entry.durationSeconds)} • Ended at ${formatClock(endedAt)}`;
  const from = ja ? `発信元 ${formatPhone(entry.number)}` : `From ${formatPhone(entry.number)}`;
  switch (entry.status) {
    case 'missed':
    case 'declined':
      return { icon: 'phone-missed', title: ja ? `${who} さんからの不在着信` : `Missed call from ${who}`, subtitle: from };
    case 'voicemail':
      return { icon: 'voicemail', title: t().voicemail, subtitle: from };
    case 'cancelled':
      return { icon: 'phone-outgoing', title: ja ? `${who} さんに発信` : `You called ${who}`, subtitle: t().noAnswer };
    default:
      return entry.direction === 'inbound'
        ? { icon: 'phone-incoming', title: ja ? `${who} さんからの着信` : `${who} called you`, subtitle: lasted }
        : { icon: 'phone-outgoing', title: ja ? `${who} さんに発信` : `You called ${who}`, subtitle: lasted };
  }
}

export function feedPill(entry: HistoryEntry): Raw {
  const text = feedPillText(entry);
  return html`<div class="d-recipe-feed-item-pill" data-qa="dt-recipe-feed-item-pill">
  <span class="d-recipe-feed-item-pill__icon">${icon(text.icon)}</span>
  <span class="d-recipe-feed-item-pill__content"><span class="d-recipe-feed-item-pill__title">${text.title}</span> <span class="d-recipe-feed-item-pill__subtitle">${text.subtitle}</span></span>
</div>`;
}

/** A feed row keeps Dialtone's `<time>` (feed_item_row); the history table does not. */
export function feedRow(entry: HistoryEntry): Raw {
  return html`<li class="d-recipe-feed-item-row" data-qa="dt-recipe-feed-item-row">
  <time class="d-recipe-feed-item-row__time" datetime="${entry.startedAt}">${formatWhen(Date.parse(entry.startedAt), config.now())}</time>
  ${feedPill(entry)}
  ${historyLinks(entry)}
</li>`;
}

/** "Incoming call • 3m 12s" / "着信 • 3分12秒", "Missed call", "Voicemail"… */
export function describeCall(entry: HistoryEntry): string {
  const direction = entry.direction === 'inbound' ? t().incomingCall : t().outgoingCall;
  switch (entry.status) {
    case 'missed':
      return t().missedCall;
    case 'declined':
      return t().declinedCall;
    case 'voicemail':
      return t().voicemail;
    case 'cancelled':
      return `${t().outgoingCall} • ${t().noAnswer}`;
    default:
      return `${direction} • ${formatDuration(entry.durationSeconds)}`;
  }
}

export function historyLinks(entry: HistoryEntry): Raw {
  return html`<span class="dp-history-links">${entry.recordingUrl ? html`<a class="d-link" href="${entry.recordingUrl}" target="_blank" rel="noopener" data-qa="call-recording-link">${icon('play', 100)} ${t().recordingLink}</a>` : ''}${entry.voicemailUrl ? html`<a class="d-link" href="${entry.voicemailUrl}" target="_blank" rel="noopener" data-qa="voicemail-link">${icon('voicemail', 100)} ${t().voicemail}</a>` : ''}</span>`;
}

function historyIcon(entry: HistoryEntry): string {
  if (entry.status === 'voicemail') return 'voicemail';
  if (entry.status === 'missed' || entry.status === 'declined') return 'phone-missed';
  return entry.direction === 'inbound' ? 'phone-incoming' : 'phone-outgoing';
}

/**
 * One row of the inbox / call-history table (third-party code reads `tr.inbox-aff-row`). The time is
 * visible text only; the call-review link carries the id (the entry point's, for a queue call).
 */
export function historyRow(entry: HistoryEntry, personHref: string | null): Raw {
  const name = entry.name ?? formatPhone(entry.number);
  const unread = entry.status === 'missed' || entry.status === 'voicemail';
  const reviewId = entry.entryPointId ?? entry.callId;
  return html`<tr class="inbox-aff-row${unread ? ' unread' : ''}">
  <td class="inbox-aff-name">${icon(historyIcon(entry))} ${personHref ? html`<a href="${personHref}" class="d-link">${name}</a>` : html`<span>${name}</span>`}<div class="inbox-aff-number">${formatPhone(entry.number)}</div></td>
  <td class="inbox-aff-description">${describeCall(entry)} ${historyLinks(entry)} <a class="d-link d-link--muted" href="/callhistory/callreview/${reviewId}">${t().callDetails}</a></td>
  <td class="inbox-aff-operator">${entry.device}</td>
  <td class="inbox-aff-date">${formatWhen(Date.parse(entry.startedAt), config.now())}</td>
</tr>`;
}

export function tab(group: string, id: string, label: string, selected: boolean, href?: string): Raw {
  return html`<button type="button" role="tab" id="dt-tab-${group}-${id}" class="d-tab${selected ? ' d-tab--selected' : ''}" aria-selected="${selected ? 'true' : 'false'}"${raw(href ? ` data-href="${href}"` : '')}>${label}</button>`;
}

/**
 * Dialtone-shaped markup pieces (icons, avatars, contact info, callbox, banner, callbar buttons,
 * feed pills, inbox rows). Class names and `data-qa` values follow the evidence in
 * ../shared/docs/DIALPAD-DOM.md; tests/fixtures/dialpad/README.md says which ones are guesses.
 */
import type { HistoryEntry, LiveCall, Presence } from '../types';
import { formatDateTime, formatLasted, formatPhone, formatShortTimer, formatTimer, html, initials, raw, type Raw } from './format';

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
};

export function icon(name: string, size = 200): Raw {
  const d = ICON_PATHS[name] ?? ICON_PATHS.phone!;
  return html`<svg class="d-icon d-icon--${name} d-icon--size-${size}" data-qa="dt-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="${d}"></path></svg>`;
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

/** item_layout/contact_info: the name (or number) in the header slot, extra lines below. */
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
  return html`<div class="dt-contact-info d-recipe-contact-info dt-item-layout ${parts.extraClass ?? ''}" data-qa="contact-info">
  <div class="dt-item-layout--left" data-qa="dt-item-layout-left-wrapper"><div class="d-recipe-contact-info__left" data-qa="contact-info-left"><button type="button" class="d-btn d-btn--unstyled d-recipe-contact-info__avatar" aria-label="${parts.header}">${avatar(parts.avatarName, { presence: parts.presence, onHold: parts.onHold })}</button></div></div>
  <div class="dt-item-layout--content" data-qa="dt-item-layout-content-wrapper">
    <div class="dt-item-layout--title" data-qa="dt-item-layout-title-wrapper"><span class="d-recipe-contact-info__header" data-qa="contact-info-header">${parts.header}</span></div>
    ${parts.subtitle ? html`<div class="dt-item-layout--subtitle" data-qa="dt-item-layout-subtitle-wrapper"><span class="d-recipe-contact-info__subtitle" data-qa="contact-info-subtitle">${parts.subtitle}</span></div>` : ''}
    ${parts.bottom ? html`<div class="dt-item-layout--bottom" data-qa="dt-item-layout-bottom-wrapper"><div class="d-recipe-contact-info__bottom" data-qa="contact-info-bottom">${parts.bottom}</div></div>` : ''}
  </div>
  ${parts.right ? html`<div class="dt-item-layout--right" data-qa="dt-item-layout-right-wrapper"><div class="d-recipe-contact-info__right" data-qa="contact-info-right">${parts.right}</div></div>` : ''}
</div>`;
}

export function callbarButton(label: string, iconName: string, options: { active?: boolean; danger?: boolean; action?: string } = {}): Raw {
  const modifiers = [options.active ? 'active' : '', options.danger ? 'danger' : ''].filter(Boolean);
  const classes = ['dt-recipe-callbar-button', 'd-recipe-callbar-button', ...modifiers.flatMap((m) => [`dt-recipe-callbar-button--${m}`, `d-recipe-callbar-button--${m}`])];
  return html`<button type="button" class="${classes.join(' ')} d-btn d-btn--stacked" data-qa="dt-recipe-callbar-button" aria-label="${label}" aria-pressed="${options.active ? 'true' : 'false'}"${raw(options.action ? ` data-action="${options.action}"` : '')}>${icon(iconName)}<span class="d-btn__label">${label}</span></button>`;
}

export function hangUpButton(label = 'Hang up'): Raw {
  return html`<button type="button" class="dt-recipe-callbar-button d-recipe-callbar-button dt-recipe-callbar-button--danger d-recipe-callbar-button--danger dt-recipe-callbar-button--circle d-recipe-callbar-button--circle d-btn d-btn--danger d-btn--circle" aria-label="${label}" data-action="hang-up">${icon('phone-hang-up')}</button>`;
}

export function partyName(call: Pick<LiveCall, 'name' | 'number'>): string {
  return call.name ?? formatPhone(call.number);
}

/** leftbar/callbox: the active-call card in the left bar. */
export function callbox(call: LiveCall, href: string): Raw {
  const onHold = call.state === 'hold';
  const subtitle = call.state === 'dialing' ? 'Calling…' : formatTimer(call.durationSeconds);
  const badge = onHold ? 'On hold' : call.recording ? 'Recording' : '';
  return html`<div class="dt-recipe-callbox d-recipe-callbox${onHold ? ' d-recipe-callbox--on-hold' : ''}" data-qa="dt-recipe-callbox">
  <div class="d-recipe-callbox__main">
    <a class="d-recipe-callbox__avatar" href="${href}" data-qa="dt-recipe-callbox--avatar">${avatar(partyName(call), { size: 'sm', onHold })}</a>
    <div class="d-recipe-callbox__content">
      <div class="d-recipe-callbox__title dt-recipe-callbox__title" data-qa="dt-recipe-callbox--title">${partyName(call)}</div>
      <div class="d-recipe-callbox__subtitle" data-qa="dt-recipe-callbox--subtitle-wrapper"><span class="d-recipe-callbox__timer">${subtitle}</span></div>
      ${badge ? html`<div class="d-recipe-callbox__badge" data-qa="dt-recipe-callbox--badge-wrapper"><span class="d-badge">${badge}</span></div>` : ''}
    </div>
    <div class="d-recipe-callbox__right" data-qa="dt-recipe-callbox--right-wrapper">${hangUpButton()}</div>
  </div>
  <div class="d-recipe-callbox__bottom" data-qa="dt-recipe-callbox--bottom-wrapper">${formatPhone(call.number)}</div>
</div>`;
}

/** notices/top_banner_info: one line above the app while a call rings or runs. */
export function bannerText(call: LiveCall): string {
  switch (call.state) {
    case 'ringing':
      return 'Ringing...';
    case 'dialing':
      return 'Connecting Call';
    case 'hold':
      return `On hold ${formatTimer(call.holdSeconds)}`;
    default:
      return `Active Call ${formatShortTimer(call.durationSeconds)}`;
  }
}

export function banner(call: LiveCall): Raw {
  const kind = call.state === 'ringing' || call.state === 'dialing' ? 'info' : call.state === 'hold' ? 'warning' : 'success';
  const action =
    call.state === 'ringing'
      ? html`<button type="button" class="d-btn d-btn--sm" data-action="answer">Click to answer</button>`
      : html`<button type="button" class="d-btn d-btn--sm d-btn--danger" data-action="hang-up">End Call</button>`;
  return html`<div class="dt-top-banner-info d-recipe-top-banner-info d-recipe-top-banner-info--${kind}" data-qa="banner-info" role="status">
  <div class="d-recipe-top-banner-info__left" data-qa="banner-info--left">${icon(call.direction === 'inbound' ? 'phone-incoming' : 'phone-outgoing')}</div>
  <div class="d-recipe-top-banner-info__middle" data-qa="banner-info--middle"><span class="d-recipe-top-banner-info__status">${bannerText(call)}</span> <span class="d-recipe-top-banner-info__caller">Caller ID: ${partyName(call)}${call.name ? ` ${formatPhone(call.number)}` : ''}</span></div>
  <div class="d-recipe-top-banner-info__right" data-qa="banner-info--right">${action}</div>
</div>`;
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

/** conversation_view feed pill: the title and subtitle Dialtone's examples show. */
export function feedPillText(entry: Pick<HistoryEntry, 'direction' | 'status' | 'name' | 'number' | 'durationSeconds' | 'startedAt'>): {
  icon: string;
  title: string;
  subtitle: string;
} {
  const who = entry.name ? firstName(entry.name) : formatPhone(entry.number);
  const endedAt = Date.parse(entry.startedAt) + entry.durationSeconds * 1000;
  const lasted = `Lasted ${formatLasted(entry.durationSeconds)} • Ended at ${formatDateTime(endedAt).split(', ').pop()}`;
  switch (entry.status) {
    case 'missed':
    case 'declined':
      return { icon: 'phone-missed', title: `Missed call from ${who}`, subtitle: `From ${formatPhone(entry.number)}` };
    case 'voicemail':
      return { icon: 'voicemail', title: 'Voicemail', subtitle: `From ${formatPhone(entry.number)}` };
    case 'cancelled':
      return { icon: 'phone-outgoing', title: `You called ${who}`, subtitle: 'No answer' };
    default:
      return entry.direction === 'inbound'
        ? { icon: 'phone-incoming', title: `${who} called you`, subtitle: lasted }
        : { icon: 'phone-outgoing', title: `You called ${who}`, subtitle: lasted };
  }
}

export function feedPill(entry: HistoryEntry): Raw {
  const text = feedPillText(entry);
  return html`<div class="d-recipe-feed-item-pill dt-recipe-feed-item-pill" data-qa="dt-recipe-feed-item-pill">
  <span class="d-recipe-feed-item-pill__icon">${icon(text.icon)}</span>
  <span class="d-recipe-feed-item-pill__content"><span class="d-recipe-feed-item-pill__title">${text.title}</span> <span class="d-recipe-feed-item-pill__subtitle">${text.subtitle}</span></span>
</div>`;
}

export function feedRow(entry: HistoryEntry): Raw {
  return html`<li class="d-recipe-feed-item-row dt-feed-item-row" data-qa="dt-recipe-feed-item-row">
  <time class="d-recipe-feed-item-row__time" datetime="${entry.startedAt}">${formatDateTime(Date.parse(entry.startedAt))}</time>
  ${feedPill(entry)}
  ${historyLinks(entry)}
</li>`;
}

export function describeCall(entry: HistoryEntry): string {
  const direction = entry.direction === 'inbound' ? 'Incoming call' : 'Outgoing call';
  switch (entry.status) {
    case 'missed':
      return 'Missed call';
    case 'declined':
      return 'Declined call';
    case 'voicemail':
      return 'Voicemail';
    case 'cancelled':
      return 'Outgoing call • No answer';
    default:
      return `${direction} • ${formatShortTimer(entry.durationSeconds)}`;
  }
}

export function historyLinks(entry: HistoryEntry): Raw {
  return html`<span class="dp-history-links">${entry.recordingUrl ? html`<a class="d-link" href="${entry.recordingUrl}" target="_blank" rel="noopener" data-qa="call-recording-link">${icon('play', 100)} Recording</a>` : ''}${entry.voicemailUrl ? html`<a class="d-link" href="${entry.voicemailUrl}" target="_blank" rel="noopener" data-qa="voicemail-link">${icon('voicemail', 100)} Voicemail</a>` : ''}</span>`;
}

function historyIcon(entry: HistoryEntry): string {
  if (entry.status === 'voicemail') return 'voicemail';
  if (entry.status === 'missed' || entry.status === 'declined') return 'phone-missed';
  return entry.direction === 'inbound' ? 'phone-incoming' : 'phone-outgoing';
}

/** One row of the inbox / call-history table (third-party code reads `tr.inbox-aff-row`). */
export function historyRow(entry: HistoryEntry, personHref: string | null): Raw {
  const name = entry.name ?? formatPhone(entry.number);
  const unread = entry.status === 'missed' || entry.status === 'voicemail';
  return html`<tr class="inbox-aff-row${unread ? ' unread' : ''}" data-qa="call-history-row">
  <td class="inbox-aff-name">${icon(historyIcon(entry))} ${personHref ? html`<a href="${personHref}" class="d-link">${name}</a>` : html`<span>${name}</span>`}<div class="inbox-aff-number">${formatPhone(entry.number)}</div></td>
  <td class="inbox-aff-description">${describeCall(entry)} ${historyLinks(entry)}<div class="inbox-aff-callid"><a class="d-link d-link--muted" href="/callhistory/callreview/${entry.callId}" data-qa="call-review-link">Call ID ${entry.callId}</a></div></td>
  <td class="inbox-aff-operator">${entry.device}</td>
  <td class="inbox-aff-date"><time datetime="${entry.startedAt}">${formatDateTime(Date.parse(entry.startedAt))}</time></td>
</tr>`;
}

export function tab(group: string, id: string, label: string, selected: boolean, href?: string): Raw {
  return html`<button type="button" role="tab" id="dt-tab-${group}-${id}" class="d-tab${selected ? ' d-tab--selected' : ''}" aria-selected="${selected ? 'true' : 'false'}"${raw(href ? ` data-href="${href}"` : '')}>${label}</button>`;
}

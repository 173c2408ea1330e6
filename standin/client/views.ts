/** The routes of the stand-in and the markup of each view. */
import type { HistoryEntry, LiveCall, NormalizedSeed, SeedContact, SeedCoworker } from '../types';
import { formatDateTime, formatLasted, formatPhone, formatTimer, html, type Raw } from './format';
import {
  avatar,
  callbarButton,
  contactInfo,
  feedPill,
  feedRow,
  hangUpButton,
  historyRow,
  icon,
  partyName,
  tab,
} from './markup';

export const HISTORY_FILTERS = ['all', 'calls', 'missed', 'voicemails', 'recordings', 'messages'] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

export type Route =
  | { view: 'inbox' }
  | { view: 'contacts'; frequent: boolean }
  | { view: 'contact'; id: string }
  | { view: 'coworkers' }
  | { view: 'coworker'; id: string }
  | { view: 'history'; filter: HistoryFilter }
  | { view: 'call'; id: string }
  | { view: 'messages' }
  | { view: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(2);
  const [section, arg, ...rest] = parts;
  if (rest.length) return { view: 'not-found' };
  switch (section) {
    case undefined:
    case 'inbox':
      return arg === undefined ? { view: 'inbox' } : { view: 'not-found' };
    case 'contacts':
      if (arg === undefined || arg === 'frequent') return { view: 'contacts', frequent: arg === 'frequent' };
      return /^\d+$/.test(arg) ? { view: 'contact', id: arg } : { view: 'not-found' };
    case 'coworkers':
      if (arg === undefined) return { view: 'coworkers' };
      return /^\d+$/.test(arg) ? { view: 'coworker', id: arg } : { view: 'not-found' };
    case 'history':
      if (arg === undefined) return { view: 'history', filter: 'all' };
      return (HISTORY_FILTERS as readonly string[]).includes(arg) ? { view: 'history', filter: arg as HistoryFilter } : { view: 'not-found' };
    case 'calls':
      return arg && /^\d{16}$/.test(arg) ? { view: 'call', id: arg } : { view: 'not-found' };
    case 'messages':
      return arg === undefined ? { view: 'messages' } : { view: 'not-found' };
    default:
      return { view: 'not-found' };
  }
}

export interface ViewData {
  seed: NormalizedSeed;
  history: HistoryEntry[];
  call: LiveCall | null;
}

export function personHref(seed: NormalizedSeed, id: string | null): string | null {
  if (!id) return null;
  if (seed.contacts.some((c) => c.id === id)) return `/app/contacts/${id}`;
  if (seed.coworkers.some((c) => c.id === id)) return `/app/coworkers/${id}`;
  return null;
}

function heading(title: string, extra: Raw | string = ''): Raw {
  return html`<header class="dp-view__header"><h1 class="dp-view__title d-headline--lg">${title}</h1>${extra}</header>`;
}

function historyTable(data: ViewData, entries: HistoryEntry[], label: string): Raw {
  if (!entries.length) return html`<p class="dp-empty" data-qa="empty-state">No calls yet.</p>`;
  return html`<table class="dp-history-table" data-qa="call-history" aria-label="${label}">
  <thead><tr><th scope="col">Contact</th><th scope="col">Call</th><th scope="col">Device</th><th scope="col">Date &amp; Time</th></tr></thead>
  <tbody>${entries.map((e) => historyRow(e, personHref(data.seed, e.contactId)))}</tbody>
</table>`;
}

function inboxView(data: ViewData): Raw {
  return html`<section class="dp-view dp-inbox" data-qa="inbox">
  ${heading('Inbox')}
  <div class="d-tablist" role="tablist" aria-label="Inbox">
    ${tab('group-inbox-tab', 'calls', 'Calls', true)}${tab('group-inbox-tab', 'messages', 'Messages', false, '/app/messages')}
  </div>
  ${historyTable(data, data.history.slice(0, 10), 'Recent calls')}
</section>`;
}

function contactRowItem(contact: SeedContact): Raw {
  const sub = [contact.jobTitle, contact.company].filter(Boolean).join(' · ');
  const first = contact.phones[0];
  return html`<li class="dp-list__item"><a class="dp-list__link" href="/app/contacts/${contact.id}" data-qa="contact-list-item" title="${contact.name}">${contactInfo({
    header: contact.name,
    subtitle: sub || (first ? formatPhone(first.number) : ''),
    bottom: first && sub ? formatPhone(first.number) : '',
    avatarName: contact.name,
  })}</a></li>`;
}

function contactsView(data: ViewData, frequent: boolean): Raw {
  const contacts = frequent
    ? data.seed.contacts.filter((c) => data.history.some((h) => h.contactId === c.id))
    : [...data.seed.contacts].sort((a, b) => a.name.localeCompare(b.name));
  return html`<section class="dp-view dp-contacts" data-qa="contacts-list">
  ${heading('Contacts')}
  <div class="d-tablist" role="tablist" aria-label="Contacts">
    ${tab('group-contacts-tab', 'all', 'All', !frequent, '/app/contacts')}${tab('group-contacts-tab', 'frequent', 'Frequent', frequent, '/app/contacts/frequent')}
  </div>
  <ul class="dp-list">${contacts.map(contactRowItem)}</ul>
</section>`;
}

function phoneList(phones: { number: string; label: string }[]): Raw {
  return html`<ul class="dp-phones" data-qa="contact-phone-numbers">${phones.map(
    (p) => html`<li class="dp-phones__item" data-qa="contact-phone-number"><span class="dp-phones__label d-fc-tertiary">${p.label}</span> <a class="d-link dp-phones__number" href="tel:${p.number}">${formatPhone(p.number)}</a> <button type="button" class="d-btn d-btn--sm d-btn--outlined" data-action="call" data-number="${p.number}" aria-label="Call ${formatPhone(p.number)}">${icon('phone', 100)} Call</button></li>`,
  )}</ul>`;
}

function conversation(data: ViewData, id: string): Raw {
  const entries = data.history.filter((h) => h.contactId === id);
  return html`<section class="dp-conversation" data-qa="conversation-view" aria-label="Activity">
  <h2 class="d-headline--sm">Activity</h2>
  ${entries.length ? html`<ol class="dp-feed">${entries.map(feedRow)}</ol>` : html`<p class="dp-empty">No activity yet.</p>`}
</section>`;
}

function contactView(data: ViewData, contact: SeedContact): Raw {
  const sub = [contact.jobTitle, contact.company].filter(Boolean).join(' · ');
  const first = contact.phones[0];
  return html`<section class="dp-view dp-contact" data-qa="contact-detail">
  ${contactInfo({
    header: contact.name,
    subtitle: sub,
    avatarName: contact.name,
    extraClass: 'dp-contact__header',
    right: first
      ? html`<button type="button" class="d-btn d-btn--primary" data-action="call" data-number="${first.number}" aria-label="Call ${contact.name}">${icon('phone', 100)} Call</button>`
      : undefined,
  })}
  <dl class="dp-fields">
    <div class="dp-fields__row"><dt>Phone</dt><dd>${phoneList(contact.phones)}</dd></div>
    ${contact.email ? html`<div class="dp-fields__row"><dt>Email</dt><dd><a class="d-link" href="mailto:${contact.email}" data-qa="contact-email">${contact.email}</a></dd></div>` : ''}
    ${contact.company ? html`<div class="dp-fields__row"><dt>Company</dt><dd data-qa="contact-company">${contact.company}</dd></div>` : ''}
    ${contact.jobTitle ? html`<div class="dp-fields__row"><dt>Job title</dt><dd data-qa="contact-job-title">${contact.jobTitle}</dd></div>` : ''}
  </dl>
  ${conversation(data, contact.id)}
</section>`;
}

const PRESENCE_TEXT = { active: 'Available', away: 'Away', busy: 'On a call', offline: 'Offline' } as const;

function coworkersView(data: ViewData): Raw {
  return html`<section class="dp-view dp-coworkers" data-qa="coworkers-list">
  ${heading(data.seed.company.name)}
  <ul class="dp-list">${data.seed.coworkers.map(
    (w) =>
      html`<li class="dp-list__item"><a class="dp-list__link" href="/app/coworkers/${w.id}" data-qa="coworker-list-item" title="${w.name}">${contactInfo({
        header: w.name,
        subtitle: [w.jobTitle, w.department].filter(Boolean).join(' · ') || `Ext. ${w.extension}`,
        bottom: `Ext. ${w.extension}`,
        avatarName: w.name,
        presence: w.presence ?? 'offline',
      })}</a></li>`,
  )}</ul>
</section>`;
}

function coworkerView(data: ViewData, w: SeedCoworker): Raw {
  const presence = w.presence ?? 'offline';
  return html`<section class="dp-view dp-coworker" data-qa="coworker-detail">
  ${contactInfo({
    header: w.name,
    subtitle: html`<span data-qa="coworker-presence-text">${PRESENCE_TEXT[presence]}</span>${w.jobTitle ? ` · ${w.jobTitle}` : ''}`,
    avatarName: w.name,
    presence,
    extraClass: 'dp-contact__header',
    right: html`<button type="button" class="d-btn d-btn--primary" data-action="call" data-number="${w.extension}" aria-label="Call ${w.name}">${icon('phone', 100)} Call</button>`,
  })}
  <dl class="dp-fields">
    <div class="dp-fields__row"><dt>Extension</dt><dd data-qa="coworker-extension">${w.extension}</dd></div>
    ${w.phones.length ? html`<div class="dp-fields__row"><dt>Phone</dt><dd>${phoneList(w.phones)}</dd></div>` : ''}
    <div class="dp-fields__row"><dt>Email</dt><dd><a class="d-link" href="mailto:${w.email}" data-qa="contact-email">${w.email}</a></dd></div>
    ${w.department ? html`<div class="dp-fields__row"><dt>Department</dt><dd data-qa="coworker-department">${w.department}</dd></div>` : ''}
    <div class="dp-fields__row"><dt>Company</dt><dd data-qa="contact-company">${data.seed.company.name}</dd></div>
  </dl>
  ${conversation(data, w.id)}
</section>`;
}

function historyView(data: ViewData, filter: HistoryFilter): Raw {
  const pick: Record<HistoryFilter, (h: HistoryEntry) => boolean> = {
    all: () => true,
    calls: (h) => h.status === 'completed' || h.status === 'cancelled',
    missed: (h) => h.status === 'missed' || h.status === 'declined',
    voicemails: (h) => h.status === 'voicemail',
    recordings: (h) => h.recordingUrl !== null,
    messages: () => false,
  };
  const labels: Record<HistoryFilter, string> = {
    all: 'All',
    calls: 'Calls',
    missed: 'Missed',
    voicemails: 'Voicemails',
    recordings: 'Recordings',
    messages: 'Messages',
  };
  return html`<section class="dp-view dp-history" data-qa="history-view" data-filter="${filter}">
  ${heading('History')}
  <div class="d-tablist" role="tablist" aria-label="History">${HISTORY_FILTERS.map((f) => tab('group-history-tab', f, labels[f], f === filter, `/app/history/${f}`))}</div>
  ${historyTable(data, data.history.filter(pick[filter]), `History: ${labels[filter]}`)}
</section>`;
}

const CALL_STATUS_TEXT = {
  ringing: 'Incoming call',
  dialing: 'Calling…',
  connected: 'Connected',
  hold: 'On hold',
  ended: 'Call ended',
  missed: 'Missed call',
  voicemail: 'Voicemail',
} as const;

/** The live call (or its end) in the main area, at /app/calls/<id>. */
export function callView(data: ViewData, id: string): Raw {
  const call = data.call?.callId === id ? data.call : null;
  if (!call) {
    const past = data.history.find((h) => h.callId === id);
    return html`<section class="dp-view dp-call" data-qa="call-view" data-call-state="ended">
  ${heading('Call')}
  ${past ? html`<ul class="dp-feed">${feedRow(past)}</ul>` : html`<p class="dp-empty">This call is over.</p>`}
</section>`;
  }
  const live = call.state === 'connected' || call.state === 'hold';
  const timer =
    call.state === 'ended'
      ? `Lasted ${formatLasted(call.durationSeconds)}`
      : call.state === 'dialing' || call.state === 'ringing'
        ? ''
        : formatTimer(call.durationSeconds);
  const entry = data.history.find((h) => h.callId === call.callId);
  return html`<section class="dp-view dp-call" data-qa="call-view" data-call-state="${call.state}" aria-label="Call">
  ${contactInfo({
    header: partyName(call),
    subtitle: call.name ? formatPhone(call.number) : call.internal ? 'Coworker' : '',
    avatarName: partyName(call),
    onHold: call.state === 'hold',
    extraClass: 'dp-call__party',
  })}
  <p class="dp-call__status" data-qa="call-status">${CALL_STATUS_TEXT[call.state]}${call.direction === 'outbound' && call.state === 'connected' ? '' : ''}</p>
  <time class="dp-call__timer" data-qa="call-timer">${timer}</time>
  ${live || call.state === 'dialing' ? html`<div class="dp-callbar" role="toolbar" aria-label="Call controls">
    ${live ? [
      callbarButton('Mute', 'microphone'),
      call.state === 'hold' ? callbarButton('Unhold', 'hold', { active: true, action: 'unhold' }) : callbarButton('Hold', 'hold', { action: 'hold' }),
      callbarButton('Record', 'record', { active: call.recording, action: 'record' }),
      callbarButton('Transfer', 'transfer'),
      callbarButton('Park', 'park'),
      callbarButton('More', 'more-horizontal'),
    ] : ''}
    ${hangUpButton()}
  </div>` : ''}
  ${entry ? html`<ul class="dp-feed">${feedRow(entry)}</ul>` : ''}
</section>`;
}

export function incomingCard(call: LiveCall): Raw {
  return html`<section class="dp-incoming" data-qa="incoming-call" aria-label="Incoming call" role="alertdialog">
  ${contactInfo({
    header: partyName(call),
    subtitle: call.name ? formatPhone(call.number) : call.internal ? 'Coworker' : 'Incoming call',
    bottom: call.internal ? 'Internal call' : 'Incoming call',
    avatarName: partyName(call),
    right: html`<button type="button" class="d-btn d-btn--positive" data-action="answer" aria-label="Answer">${icon('phone', 100)} Answer</button> <button type="button" class="d-btn d-btn--danger d-btn--outlined" data-action="decline" aria-label="Decline">${icon('close', 100)} Decline</button>`,
  })}
</section>`;
}

/** After a missed call or a voicemail: a feed pill that stays until the next call. */
export function callNotice(entry: HistoryEntry): Raw {
  return html`<section class="dp-notice" data-qa="call-notice" aria-live="polite">${feedPill(entry)}<time datetime="${entry.startedAt}">${formatDateTime(Date.parse(entry.startedAt))}</time></section>`;
}

export function renderView(route: Route, data: ViewData): Raw {
  switch (route.view) {
    case 'inbox':
      return inboxView(data);
    case 'contacts':
      return contactsView(data, route.frequent);
    case 'contact': {
      const contact = data.seed.contacts.find((c) => c.id === route.id);
      return contact ? contactView(data, contact) : notFound('No such contact.');
    }
    case 'coworkers':
      return coworkersView(data);
    case 'coworker': {
      const coworker = data.seed.coworkers.find((c) => c.id === route.id);
      return coworker ? coworkerView(data, coworker) : notFound('No such coworker.');
    }
    case 'history':
      return historyView(data, route.filter);
    case 'call':
      return callView(data, route.id);
    case 'messages':
      return html`<section class="dp-view" data-qa="messages-view">${heading('Messages')}<p class="dp-empty">No messages.</p></section>`;
    default:
      return notFound('This page does not exist.');
  }
}

function notFound(text: string): Raw {
  return html`<section class="dp-view" data-qa="not-found">${heading('Not found')}<p class="dp-empty">${text}</p></section>`;
}

export { avatar };

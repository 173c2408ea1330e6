/** The routes of the stand-in and the markup of each view. */
import type { HistoryEntry, LiveCall, NormalizedSeed, SeedContact, SeedCoworker } from '../types';
import { formatPhone, formatTimer, html, telHref, type Raw } from './format';
import { config, formatWhen, t } from './texts';
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

/**
 * Where a history row's name links. A coworker reached on their own direct number is listed by that
 * number, like any outside caller (guess): only an extension call links the coworker.
 */
function historyPersonHref(seed: NormalizedSeed, entry: HistoryEntry): string | null {
  const coworker = seed.coworkers.find((w) => w.id === entry.contactId);
  if (coworker && entry.number !== coworker.extension) return null;
  return personHref(seed, entry.contactId);
}

function heading(title: string, extra: Raw | string = ''): Raw {
  return html`<header class="dp-view__header"><h1 class="dp-view__title d-headline--lg">${title}</h1>${extra}</header>`;
}

function historyTable(data: ViewData, entries: HistoryEntry[], label: string): Raw {
  if (!entries.length) return html`<p class="dp-empty" data-qa="empty-state">${t().noCalls}</p>`;
  const heads = config.lang === 'ja' ? ['連絡先', '通話', 'デバイス', '日時'] : ['Contact', 'Call', 'Device', 'Date & Time'];
  return html`<table class="dp-history-table" data-qa="call-history" aria-label="${label}">
  <thead><tr>${heads.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
  <tbody>${entries.map((e) => historyRow(e, historyPersonHref(data.seed, e)))}</tbody>
</table>`;
}

function inboxView(data: ViewData): Raw {
  return html`<section class="dp-view dp-inbox" data-qa="inbox">
  ${heading(t().inbox)}
  <div class="d-tablist" role="tablist" aria-label="${t().inbox}">
    ${tab('group-inbox-tab', 'calls', t().calls, true)}${tab('group-inbox-tab', 'messages', t().messages, false, '/app/messages')}
  </div>
  ${historyTable(data, data.history.slice(0, 10), t().calls)}
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
  ${heading(t().contacts)}
  <div class="d-tablist" role="tablist" aria-label="${t().contacts}">
    ${tab('group-contacts-tab', 'all', t().all, !frequent, '/app/contacts')}${tab('group-contacts-tab', 'frequent', t().frequent, frequent, '/app/contacts/frequent')}
  </div>
  <ul class="dp-list">${contacts.map(contactRowItem)}</ul>
</section>`;
}

function phoneList(phones: { number: string; label: string }[]): Raw {
  return html`<ul class="dp-phones" data-qa="contact-phone-numbers">${phones.map(
    (p) => html`<li class="dp-phones__item" data-qa="contact-phone-number"><span class="dp-phones__label d-fc-tertiary">${p.label}</span> <a class="d-link dp-phones__number" href="${telHref(p.number)}">${formatPhone(p.number)}</a> <button type="button" class="d-btn d-btn--sm d-btn--outlined" data-action="call" data-number="${p.number}" aria-label="${t().call} ${formatPhone(p.number)}">${icon('phone', 100)} ${t().call}</button></li>`,
  )}</ul>`;
}

function conversation(data: ViewData, id: string): Raw {
  const entries = data.history.filter((h) => h.contactId === id);
  return html`<section class="dp-conversation" data-qa="conversation-view" aria-label="Activity">
  <h2 class="d-headline--sm">${t().activity}</h2>
  ${entries.length ? html`<ol class="dp-feed">${entries.map(feedRow)}</ol>` : html`<p class="dp-empty">${t().noActivity}</p>`}
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
      ? html`<button type="button" class="d-btn d-btn--primary" data-action="call" data-number="${first.number}" aria-label="${t().call} ${contact.name}">${icon('phone', 100)} ${t().call}</button>`
      : undefined,
  })}
  <dl class="dp-fields">
    <div class="dp-fields__row"><dt>${t().phone}</dt><dd>${phoneList(contact.phones)}</dd></div>
    ${contact.email ? html`<div class="dp-fields__row"><dt>${t().email}</dt><dd><a class="d-link" href="mailto:${contact.email}" data-qa="contact-email">${contact.email}</a></dd></div>` : ''}
    ${contact.company ? html`<div class="dp-fields__row"><dt>${t().company}</dt><dd data-qa="contact-company">${contact.company}</dd></div>` : ''}
    ${contact.jobTitle ? html`<div class="dp-fields__row"><dt>${t().jobTitle}</dt><dd data-qa="contact-job-title">${contact.jobTitle}</dd></div>` : ''}
  </dl>
  ${conversation(data, contact.id)}
</section>`;
}

function coworkersView(data: ViewData): Raw {
  return html`<section class="dp-view dp-coworkers" data-qa="coworkers-list">
  ${heading(data.seed.company.name)}
  <ul class="dp-list">${data.seed.coworkers.map(
    (w) =>
      html`<li class="dp-list__item"><a class="dp-list__link" href="/app/coworkers/${w.id}" data-qa="coworker-list-item" title="${w.name}">${contactInfo({
        header: w.name,
        subtitle: [w.jobTitle, w.department].filter(Boolean).join(' · ') || formatPhone(w.extension),
        bottom: formatPhone(w.extension),
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
    subtitle: html`<span data-qa="coworker-presence-text">${t().presence[presence]}</span>${w.jobTitle ? ` · ${w.jobTitle}` : ''}`,
    avatarName: w.name,
    presence,
    extraClass: 'dp-contact__header',
    right: html`<button type="button" class="d-btn d-btn--primary" data-action="call" data-number="${w.extension}" aria-label="${t().call} ${w.name}">${icon('phone', 100)} ${t().call}</button>`,
  })}
  <dl class="dp-fields">
    <div class="dp-fields__row"><dt>${t().extension}</dt><dd data-qa="coworker-extension">${w.extension}</dd></div>
    ${w.phones.length ? html`<div class="dp-fields__row"><dt>${t().phone}</dt><dd>${phoneList(w.phones)}</dd></div>` : ''}
    <div class="dp-fields__row"><dt>${t().email}</dt><dd><a class="d-link" href="mailto:${w.email}" data-qa="contact-email">${w.email}</a></dd></div>
    ${w.department ? html`<div class="dp-fields__row"><dt>${t().department}</dt><dd data-qa="coworker-department">${w.department}</dd></div>` : ''}
    <div class="dp-fields__row"><dt>${t().company}</dt><dd data-qa="contact-company">${data.seed.company.name}</dd></div>
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
    all: t().all,
    calls: t().calls,
    missed: t().missed,
    voicemails: t().voicemails,
    recordings: t().recordings,
    messages: t().messages,
  };
  return html`<section class="dp-view dp-history" data-qa="history-view" data-filter="${filter}">
  ${heading(t().history)}
  <div class="d-tablist" role="tablist" aria-label="${t().history}">${HISTORY_FILTERS.map((f) => tab('group-history-tab', f, labels[f], f === filter, `/app/history/${f}`))}</div>
  ${historyTable(data, data.history.filter(pick[filter]), `${t().history}: ${labels[filter]}`)}
</section>`;
}

/**
 * The live call's controls above the main view, without a route of its own: nothing public shows
 * a live-call URL (or any call id) in the app, so the stand-in shows none (guess).
 */
export function callPanel(call: LiveCall): Raw {
  const live = call.state === 'connected' || call.state === 'hold';
  const status = { ringing: t().incomingCall, dialing: t().calling, connected: t().active, hold: t().onHold, ended: '', missed: t().missedCall, voicemail: t().voicemail }[call.state];
  return html`<section class="dp-view dp-call" data-qa="call-view" data-call-state="${call.state}" aria-label="${t().call}">
  ${contactInfo({
    header: partyName(call),
    subtitle: call.name ? formatPhone(call.number) : call.internal ? t().coworker : '',
    avatarName: partyName(call),
    onHold: call.state === 'hold',
    extraClass: 'dp-call__party',
  })}
  <p class="dp-call__status" data-qa="call-status">${status}</p>
  <span class="dp-call__timer" data-qa="call-timer">${live ? formatTimer(call.durationSeconds) : ''}</span>
  <div class="dp-callbar" role="toolbar" aria-label="${t().call}">
    ${live ? [
      callbarButton(t().mute, 'microphone'),
      call.state === 'hold' ? callbarButton(t().unhold, 'hold', { active: true, action: 'unhold' }) : callbarButton(t().hold, 'hold', { action: 'hold' }),
      callbarButton(t().record, 'record', { active: call.recording, action: 'record' }),
      callbarButton(t().transfer, 'transfer'),
      callbarButton(t().park, 'park'),
      callbarButton(t().more, 'more-horizontal'),
    ] : ''}
    ${hangUpButton()}
  </div>
</section>`;
}

export function incomingCard(call: LiveCall): Raw {
  return html`<section class="dp-incoming" data-qa="incoming-call" aria-label="${t().incomingCall}" role="alertdialog">
  ${contactInfo({
    header: partyName(call),
    subtitle: call.name ? formatPhone(call.number) : call.internal ? t().coworker : t().incomingCall,
    bottom: call.internal ? t().internalCall : t().incomingCall,
    avatarName: partyName(call),
    // Coworkers have presence; outside callers do not (guess).
    ...(call.internal ? { presence: 'active' as const } : {}),
    right: html`<button type="button" class="d-btn d-btn--positive" data-action="answer" aria-label="${t().answer}">${icon('phone', 100)} ${t().answer}</button> <button type="button" class="d-btn d-btn--danger d-btn--outlined" data-action="decline" aria-label="${t().decline}">${icon('close', 100)} ${t().decline}</button>`,
  })}
</section>`;
}

/** After a missed call or a voicemail: a feed pill that stays until the next call. */
export function callNotice(entry: HistoryEntry): Raw {
  return html`<section class="dp-notice" data-qa="call-notice" aria-live="polite">${feedPill(entry)}<span>${formatWhen(Date.parse(entry.startedAt), config.now())}</span></section>`;
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
    case 'messages':
      return html`<section class="dp-view" data-qa="messages-view">${heading(t().messages)}<p class="dp-empty">—</p></section>`;
    default:
      return notFound('This page does not exist.');
  }
}

function notFound(text: string): Raw {
  return html`<section class="dp-view" data-qa="not-found">${heading('Not found')}<p class="dp-empty">${text}</p></section>`;
}

export { avatar };

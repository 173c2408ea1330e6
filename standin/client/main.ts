/**
 * The stand-in's browser app: lays out Dialpad's frame (left bar, top banner, main view), routes
 * with the history API, re-renders only the region a change touches, and exposes
 * `window.dialpadStandin` plus a small control drawer for demos.
 */
import type { ChurnOptions, ChurnResult, DialpadStandinApi, HistoryEntry, NormalizedSeed, StandinConfig, StandinState } from '../types';
import { formatPhone, formatTimer, html, type Raw } from './format';
import { avatar, banner, bannerText, callbox, icon, oneTabBanner } from './markup';
import { StandinModel, StandinStateError } from './model';
import { config, t } from './texts';
import { callNotice, callPanel, incomingCard, parseRoute, personHref, renderView, type Route } from './views';

const seed = JSON.parse(document.getElementById('standin-seed')!.textContent!) as NormalizedSeed;
const pageConfig = JSON.parse(document.getElementById('standin-config')!.textContent!) as StandinConfig;
config.markup = pageConfig.markup;
config.lang = pageConfig.lang;
const model = new StandinModel(seed);
// History shows when calls really happened ("Today 3:45 pm"), by the wall clock, not the manual one.
config.now = () => Date.now();
const root = document.getElementById('app')!;
/** Dialpad allows one active app tab: the first tab holds a Web Lock; a later one is passive until "Use here". */
let activeTab = true;

let route: Route = parseRoute(location.pathname);
/** The history entry of the last missed call or voicemail, shown until the next call. */
let notice: HistoryEntry | null = null;

const NAV_LINKS = [
  { name: 'inbox', label: t().inbox, href: '/app/inbox', icon: 'inbox', views: ['inbox'] },
  { name: 'contacts', label: t().contacts, href: '/app/contacts', icon: 'contact', views: ['contacts', 'contact'] },
  { name: 'coworkers', label: t().coworkers, href: '/app/coworkers', icon: 'users', views: ['coworkers', 'coworker'] },
  { name: 'history', label: t().history, href: '/app/history/all', icon: 'history', views: ['history'] },
  { name: 'messages', label: t().messages, href: '/app/messages', icon: 'message', views: ['messages'] },
];

function set(el: Element, markup: Raw | string | readonly Raw[]): void {
  el.innerHTML = Array.isArray(markup) ? markup.join('') : String(markup);
}

// ---- frame ---------------------------------------------------------------------------------

set(
  root,
  html`<nav class="dp-leftbar" data-qa="leftbar" aria-label="Main">
  <div class="dp-leftbar__user" data-qa="leftbar-user">${avatar(seed.user.name, { size: 'sm', presence: 'active' })}<div class="dp-leftbar__user-text"><span class="dp-leftbar__user-name">${seed.user.name}</span><span class="dp-leftbar__company">${seed.company.name}</span></div></div>
  <div class="dp-leftbar__callbox" id="standin-callbox"></div>
  <ul class="dp-leftbar__links" id="standin-links"></ul>
  <div class="dp-leftbar__section"><h2 class="dp-leftbar__heading">${t().contacts}</h2><ul class="dp-leftbar__rows" id="standin-contact-rows"></ul></div>
  <div class="dp-leftbar__section"><h2 class="dp-leftbar__heading">${t().coworkers}</h2><ul class="dp-leftbar__rows" id="standin-coworker-rows"></ul></div>
  <ul class="dp-leftbar__activity" data-qa="leftbar-activity" aria-label="Recent activity" id="standin-activity"></ul>
</nav>
<div class="dp-main">
  <div class="dp-main__banner" id="standin-banner"></div>
  <header class="dp-topbar">
    <input type="search" class="d-input dp-topbar__search" aria-label="${t().searchDialpad}" placeholder="${t().searchDialpad}">
    <form class="dp-topbar__dial" id="standin-dial"><input type="tel" class="d-input" aria-label="${t().phone}" placeholder="${t().phone}"><button type="submit" class="d-btn d-btn--primary" data-qa="header-cta-call">${t().call}</button></form>
  </header>
  <div class="dp-main__incoming" id="standin-incoming"></div>
  <div class="dp-main__call" id="standin-callpanel"></div>
  <main class="dp-main__view" id="standin-view"></main>
</div>`,
);

const $ = (id: string) => document.getElementById(id)!;
const region = {
  callbox: $('standin-callbox'),
  links: $('standin-links'),
  contactRows: $('standin-contact-rows'),
  coworkerRows: $('standin-coworker-rows'),
  activity: $('standin-activity'),
  banner: $('standin-banner'),
  incoming: $('standin-incoming'),
  callPanel: $('standin-callpanel'),
  view: $('standin-view'),
};

// ---- rendering -----------------------------------------------------------------------------

function leftbarRow(kind: 'contacts' | 'coworkers', id: string, name: string, presence: string, presenceText: string, selected: boolean): Raw {
  return html`<li class="dt-leftbar-row d-recipe-leftbar-row${selected ? ' dt-leftbar-row--selected d-recipe-leftbar-row--selected' : ''}" data-qa="dt-leftbar-row">
  <a class="dt-leftbar-row__primary d-recipe-leftbar-row__primary" href="/app/${kind}/${id}" data-qa="contact-row" title="${name}">
    <span class="dt-leftbar-row__alpha">${avatar(name, { size: 'sm', presence: presence as 'active' })}</span>
    <span class="dt-leftbar-row__label"><span class="dt-leftbar-row__description" data-qa="dt-leftbar-row-description">${name}</span><span class="dt-leftbar-row__presence-text" data-qa="dt-leftbar-row-presence-text">${presenceText}</span></span>
  </a>
  <button type="button" class="dt-leftbar-row__action d-btn d-btn--unstyled" data-qa="dt-leftbar-row-action-call-button" aria-label="Call ${name}" data-action="call-${kind}" data-id="${id}">${icon('phone', 100)}</button>
</li>`;
}

const PRESENCE_TEXT: Record<string, string> = t().presence;

function renderNav(): void {
  set(
    region.links,
    NAV_LINKS.map((link) => {
      const selected = link.views.includes(route.view);
      return html`<li><a class="dp-leftbar__link${selected ? ' dp-leftbar__link--selected' : ''}" href="${link.href}" data-qa="leftbar-links-${link.name}" data-qa-selected="${selected ? 'true' : 'false'}"${selected ? html` aria-current="page"` : ''}>${link.label}<span class="dp-leftbar__badge d-badge" data-qa="leftbar-links-${link.name}-badge"></span></a></li>`;
    }),
  );
  const currentId = route.view === 'contact' || route.view === 'coworker' ? route.id : null;
  set(
    region.contactRows,
    seed.contacts.map((c) => leftbarRow('contacts', c.id, c.name, 'offline', formatPhone(c.phones[0]?.number ?? ''), c.id === currentId)),
  );
  set(
    region.coworkerRows,
    seed.coworkers.map((w) =>
      leftbarRow('coworkers', w.id, w.name, w.presence ?? 'offline', PRESENCE_TEXT[w.presence ?? 'offline']!, w.id === currentId),
    ),
  );
}

function renderCallRegions(): void {
  if (!activeTab) {
    // A passive tab shows the one-tab banner and no call at all.
    for (const el of [region.callbox, region.incoming, region.callPanel]) set(el, '');
    set(region.banner, oneTabBanner());
    return;
  }
  const call = model.call;
  const meeting = model.meeting;
  const live = call && ['dialing', 'connected', 'hold'].includes(call.state);
  set(region.callbox, live ? callbox({ kind: 'call', call }) : meeting ? callbox({ kind: 'meeting', meeting }) : '');
  set(region.banner, call && model.isLive ? banner(call) : '');
  set(region.incoming, call?.state === 'ringing' ? incomingCard(call) : notice ? callNotice(notice) : '');
  set(region.callPanel, live ? callPanel(call) : '');
}

function renderMain(): void {
  set(region.view, renderView(route, { seed, history: model.history, call: model.call }));
}

/** Timers change text only (as a reactive app would), never the surrounding markup. */
function renderTimers(): void {
  if (!activeTab) return;
  const callboxTimer = region.callbox.querySelector('.dp-callbox__timer');
  const meeting = model.meeting;
  if (meeting) {
    if (callboxTimer) callboxTimer.textContent = formatTimer(meeting.durationSeconds);
    return;
  }
  const call = model.call;
  if (!call) return;
  if (callboxTimer && call.state !== 'dialing') callboxTimer.textContent = formatTimer(call.durationSeconds);
  const status = region.banner.querySelector('.dp-banner__status');
  if (status) status.textContent = bannerText(call);
  const viewTimer = region.callPanel.querySelector('[data-qa="call-timer"]');
  if (viewTimer && (call.state === 'connected' || call.state === 'hold')) viewTimer.textContent = formatTimer(call.durationSeconds);
}

function applyTheme(): void {
  const theme = model.theme;
  const htmlEl = document.documentElement;
  htmlEl.dataset.dtTheme = theme;
  htmlEl.classList.toggle('d-theme--dark', theme === 'dark');
  htmlEl.classList.toggle('d-theme--light', theme === 'light');
  htmlEl.style.colorScheme = theme;
  document.body.classList.toggle('dialtone-theme-dark', theme === 'dark');
  document.body.classList.toggle('dialtone-theme-light', theme === 'light');
}

model.onChange((kind) => {
  switch (kind) {
    case 'timer':
      renderTimers();
      break;
    case 'call':
      renderCallRegions();
      break;
    case 'history':
      renderMain();
      break;
    case 'theme':
      applyTheme();
      break;
    case 'reset':
      break;
  }
});

// ---- routing -------------------------------------------------------------------------------

function currentPath(): string {
  return location.pathname + location.search;
}

function onRoute(): void {
  route = parseRoute(location.pathname);
  renderNav();
  renderMain();
  region.view.scrollTop = 0;
}

function navigate(path: string, replace = false): void {
  const url = new URL(path, location.origin);
  if (url.origin !== location.origin || !(url.pathname === '/app' || url.pathname.startsWith('/app/'))) {
    throw new StandinStateError(`navigate(): only paths under /app, not ${path}`);
  }
  const target = url.pathname + url.search;
  if (target === currentPath() && !replace) return;
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  onRoute();
}

const popWaiters: (() => void)[] = [];
window.addEventListener('popstate', () => {
  onRoute();
  popWaiters.splice(0).forEach((resolve) => resolve());
});

document.addEventListener('click', (event) => {
  const target = event.target as Element;
  const actionEl = target.closest<HTMLElement>('[data-action]');
  if (actionEl && !actionEl.closest('[data-standin-control]')) {
    event.preventDefault();
    void runAction(actionEl.dataset.action!, actionEl);
    return;
  }
  const tabEl = target.closest<HTMLElement>('[role=tab][data-href]');
  if (tabEl) {
    navigate(tabEl.dataset.href!);
    return;
  }
  const link = target.closest<HTMLAnchorElement>('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target) return;
  const url = new URL(link.href);
  if (url.origin === location.origin && (url.pathname === '/app' || url.pathname.startsWith('/app/'))) {
    event.preventDefault();
    navigate(url.pathname + url.search);
  }
});

$('standin-dial').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = (event.currentTarget as HTMLFormElement).querySelector('input')!;
  if (input.value.trim()) void api.outgoingCall({ number: input.value.trim() }).then(() => (input.value = ''), report);
});

async function runAction(action: string, el: HTMLElement): Promise<void> {
  try {
    switch (action) {
      case 'answer':
        await api.answer();
        break;
      case 'decline':
        await api.decline();
        break;
      case 'hold':
        await api.hold();
        break;
      case 'unhold':
        await api.unhold();
        break;
      case 'record':
        await api.toggleRecording();
        break;
      case 'hang-up':
        await api.hangUp();
        break;
      case 'leave-meeting':
        await api.endMeeting();
        break;
      case 'use-here':
        await api.useHere();
        break;
      case 'call':
        await api.outgoingCall({ number: el.dataset.number! });
        break;
      case 'call-contacts':
      case 'call-coworkers': {
        const person =
          action === 'call-contacts'
            ? seed.contacts.find((c) => c.id === el.dataset.id)?.phones[0]?.number
            : seed.coworkers.find((w) => w.id === el.dataset.id)?.extension;
        if (person) await api.outgoingCall({ number: person });
        break;
      }
    }
  } catch (error) {
    report(error);
  }
}

function report(error: unknown): void {
  const status = document.querySelector('[data-standin-status]');
  if (status) status.textContent = error instanceof Error ? error.message : String(error);
  console.warn('[dialpad stand-in]', error);
}

// ---- clock ---------------------------------------------------------------------------------

let lastSecond = -1;
setInterval(() => {
  if (model.clock.mode !== 'real') return;
  const second = Math.floor(model.clock.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    model.tick();
  }
}, 200);

// ---- churn ---------------------------------------------------------------------------------

const PRESENCES = ['active', 'away', 'busy', 'offline'] as const;
const ACTIVITY = ['is typing…', 'joined a meeting', 'sent a message', 'left a voicemail', 'is on a call', 'became available'];

function churnOnce(n: number): number {
  const pick = <T>(items: ArrayLike<T>): T | undefined => items[Math.floor(Math.random() * items.length)];
  switch (n % 4) {
    case 0: {
      const dot = pick(document.querySelectorAll('.dp-leftbar .d-presence__inner'));
      if (!dot) return 0;
      dot.className = `d-presence__inner d-presence__inner--${pick(PRESENCES)!}`;
      return 1;
    }
    case 1: {
      const badge = pick(region.links.querySelectorAll('.dp-leftbar__badge'));
      if (!badge) return 0;
      const count = (Number(badge.textContent) || 0) + 1;
      badge.textContent = count > 99 ? '' : String(count);
      return 1;
    }
    case 2: {
      const people = [...seed.coworkers.map((w) => w.name), ...seed.contacts.map((c) => c.name)];
      const li = document.createElement('li');
      li.className = 'dp-leftbar__activity-item';
      li.textContent = `${pick(people) ?? 'Someone'} ${pick(ACTIVITY)!}`;
      region.activity.prepend(li);
      let mutations = 1;
      while (region.activity.childElementCount > 5) {
        region.activity.lastElementChild!.remove();
        mutations += 1;
      }
      return mutations;
    }
    default: {
      const time = pick(document.querySelectorAll('.dp-leftbar .dt-leftbar-row__presence-text'));
      if (!time) return 0;
      time.textContent = PRESENCE_TEXT[pick(PRESENCES)!]!;
      return 1;
    }
  }
}

/** The main column's live feed (churn of the main view): a new row, the unread count, a relative time. */
function churnMainOnce(feed: HTMLElement, n: number): number {
  const pick = <T>(items: ArrayLike<T>): T | undefined => items[Math.floor(Math.random() * items.length)];
  switch (n % 3) {
    case 0: {
      const people = [...seed.coworkers.map((w) => w.name), ...seed.contacts.map((c) => c.name)];
      const li = document.createElement('li');
      li.className = 'dp-main__feed-item';
      li.innerHTML = html`<span class="dp-main__feed-text">${pick(people) ?? 'Someone'} ${pick(ACTIVITY)!}</span> <time class="dp-main__feed-time">now</time>`.toString();
      feed.lastElementChild!.prepend(li);
      let mutations = 1;
      while (feed.lastElementChild!.childElementCount > 8) {
        feed.lastElementChild!.lastElementChild!.remove();
        mutations += 1;
      }
      return mutations;
    }
    case 1: {
      feed.firstElementChild!.textContent = String(n);
      return 1;
    }
    default: {
      const time = pick(feed.querySelectorAll('.dp-main__feed-time'));
      if (!time) return 0;
      time.textContent = `${n % 60}m`;
      return 1;
    }
  }
}

function churn(options: ChurnOptions = {}): Promise<ChurnResult> {
  const rate = options.mutationsPerSecond ?? 1000;
  const seconds = options.seconds ?? 5;
  if (!(rate > 0 && seconds >= 0)) return Promise.reject(new StandinStateError('churn(): rate > 0 and seconds >= 0'));
  if (options.region !== undefined && options.region !== 'leftbar' && options.region !== 'main') return Promise.reject(new StandinStateError("churn(): region is 'leftbar' or 'main'"));
  let feed: HTMLElement | null = null;
  if (options.region === 'main') {
    feed = document.createElement('section');
    feed.className = 'dp-main__feed';
    feed.innerHTML = '<span class="dp-main__feed-unread">0</span><ul class="dp-main__feed-list"></ul>';
    region.view.before(feed);
  }
  const once = feed ? (n: number) => churnMainOnce(feed, n) : churnOnce;
  const start = performance.now();
  let mutations = 0;
  let step = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.floor((Math.min(elapsed, seconds * 1000) * rate) / 1000);
      let guard = 0;
      while (mutations < due && guard++ < due + 10) mutations += once(step++);
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        feed?.remove();
        resolve({ mutations, elapsedMs: Math.round(performance.now() - start) });
      }
    }, 10);
  });
}

// ---- page API ------------------------------------------------------------------------------

function stateSnapshot(): StandinState {
  return {
    route: currentPath(),
    view: route.view,
    user: { ...seed.user },
    company: { ...seed.company },
    contacts: seed.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      phones: c.phones.map((p) => ({ ...p, display: formatPhone(p.number) })),
      email: c.email ?? null,
      company: c.company ?? null,
      jobTitle: c.jobTitle ?? null,
    })),
    coworkers: seed.coworkers.map((w) => ({
      id: w.id,
      name: w.name,
      phones: w.phones.map((p) => ({ ...p, display: formatPhone(p.number) })),
      email: w.email,
      company: seed.company.name,
      jobTitle: w.jobTitle ?? null,
      extension: w.extension,
      department: w.department ?? null,
      presence: w.presence ?? 'offline',
    })),
    call: model.call,
    theme: model.theme,
    clock: model.clock.mode,
    meeting: model.meeting,
    markup: config.markup,
    lang: config.lang,
    activeTab,
  };
}

/** Wraps a synchronous action so the page API always answers with a Promise. */
const act =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  async (...args: A): Promise<R> =>
    fn(...args);

const api: DialpadStandinApi = {
  navigate: act((path: string) => navigate(path)),
  goBack: () =>
    new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, 2000);
      popWaiters.push(() => {
        clearTimeout(timeout);
        resolve();
      });
      history.back();
    }),
  showContact: act((id: string) => {
    if (!seed.contacts.some((c) => c.id === id)) throw new StandinStateError(`showContact(): no contact ${id}`);
    navigate(personHref(seed, id)!);
  }),
  showCoworker: act((id: string) => {
    if (!seed.coworkers.some((w) => w.id === id)) throw new StandinStateError(`showCoworker(): no coworker ${id}`);
    navigate(`/app/coworkers/${id}`);
  }),
  incomingCall: act((request) => {
    notice = null;
    return model.incoming(request);
  }),
  outgoingCall: act((request) => {
    notice = null;
    return model.outgoing(request);
  }),
  answer: act(() => model.answer()),
  decline: act(() => {
    const entry = model.decline();
    if (entry.direction === 'inbound') {
      notice = entry;
      renderCallRegions();
    }
    return entry;
  }),
  hold: act(() => model.hold()),
  unhold: act(() => model.unhold()),
  toggleRecording: act(() => model.toggleRecording()),
  hangUp: act(() => model.hangUp()),
  missCall: act(() => {
    const entry = model.miss();
    notice = entry;
    renderCallRegions();
    return entry;
  }),
  leaveVoicemail: act((options?: { url?: string }) => {
    const entry = model.leaveVoicemail(options?.url);
    notice = entry;
    renderCallRegions();
    return entry;
  }),
  addHistoryCall: act((entry) => model.addHistoryCall(entry)),
  history: () => model.history.map((h) => ({ ...h })),
  startMeeting: act((request) => {
    notice = null;
    return model.startMeeting(request);
  }),
  endMeeting: act(() => model.endMeeting()),
  useHere: () => takeOver(),
  setTheme: act((theme) => model.setTheme(theme)),
  useManualClock: () => model.clock.useManual(),
  advance: act((seconds: number) => {
    model.clock.advance(seconds);
    model.tick();
  }),
  state: stateSnapshot,
  reset: act(() => {
    notice = null;
    model.reset();
    applyTheme();
    renderCallRegions();
    navigate('/app', true);
  }),
  churn,
};

Object.defineProperty(window, 'dialpadStandin', { value: api, configurable: false, enumerable: false, writable: false });

// ---- control drawer (for humans during the demo) --------------------------------------------

function controlPanel(): void {
  const panel = document.createElement('details');
  panel.className = 'standin-control';
  panel.setAttribute('data-standin-control', '');
  const first = seed.contacts[0];
  const button = (action: string, label: string) => `<button type="button" data-control="${action}">${label}</button>`;
  panel.innerHTML = `<summary>Stand-in controls</summary>
<div class="standin-control__body">
  <label>Number <input name="number" autocomplete="off" value="${first?.phones[0]?.number ?? ''}"></label>
  <label>Name <input name="name" autocomplete="off" value="${first?.name ?? ''}"></label>
  <div class="standin-control__row">${button('incoming', 'Incoming')}${button('outgoing', 'Outgoing')}</div>
  <div class="standin-control__row">${button('answer', 'Answer')}${button('decline', 'Decline')}${button('miss', 'Miss')}${button('voicemail', 'Voicemail')}</div>
  <div class="standin-control__row">${button('hold', 'Hold')}${button('unhold', 'Unhold')}${button('hangup', 'Hang up')}</div>
  <div class="standin-control__row">${button('desk', 'Desk-phone call')}${button('theme', 'Theme')}${button('reset', 'Reset')}</div>
  <output data-standin-status></output>
</div>`;
  panel.addEventListener('click', (event) => {
    const control = (event.target as Element).closest<HTMLElement>('[data-control]')?.dataset.control;
    if (!control) return;
    const value = (name: string) => (panel.querySelector<HTMLInputElement>(`input[name=${name}]`)?.value ?? '').trim();
    const request = { number: value('number'), ...(value('name') ? { name: value('name') } : {}) };
    const actions: Record<string, () => Promise<unknown>> = {
      incoming: () => api.incomingCall(request),
      outgoing: () => api.outgoingCall(request),
      answer: api.answer,
      decline: api.decline,
      miss: api.missCall,
      voicemail: () => api.leaveVoicemail(),
      hold: api.hold,
      unhold: api.unhold,
      hangup: api.hangUp,
      desk: () => api.addHistoryCall({ ...request, durationSeconds: 120, device: 'desk phone' }),
      theme: () => api.setTheme(model.theme === 'light' ? 'dark' : 'light'),
      reset: api.reset,
    };
    const status = panel.querySelector('[data-standin-status]')!;
    status.textContent = '';
    actions[control]?.().then(() => (status.textContent = `${control}: ok`), report);
  });
  document.body.append(panel);
}

// ---- one active tab ------------------------------------------------------------------------

const TAB_LOCK = 'dialpad-standin-active-tab';

/** Holds the active-tab lock until another tab steals it ("Use here" there). */
function holdLock(steal: boolean): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    navigator.locks
      .request(TAB_LOCK, steal ? { steal: true } : { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Held for the life of the page (or until stolen).
        return lock ? new Promise<void>(() => {}) : undefined;
      })
      .catch(() => {
        // Stolen by another tab: this one turns passive.
        activeTab = false;
        renderCallRegions();
      });
  });
}

async function takeOver(): Promise<void> {
  if (activeTab) return;
  await holdLock(true);
  activeTab = true;
  renderCallRegions();
}

// ---- start ---------------------------------------------------------------------------------

document.documentElement.lang = config.lang;
applyTheme();
onRoute();
activeTab = await holdLock(false);
renderCallRegions();
controlPanel();
document.documentElement.dataset.standinReady = 'true';


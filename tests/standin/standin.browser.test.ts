/**
 * The stand-in in real Chromium (headless, no extension): deep links, SPA navigation with
 * back/forward, the call flows with a manual clock, history, theme, layout and churn.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStandin } from '../../standin/server';
import { browserForTests } from '../../scripts/browser/find-browser';

const CHROMIUM = browserForTests().path;
const BEN = '5629499534213120';

let standin: Awaited<ReturnType<typeof startStandin>>;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  // Yesterday's Dialtone in English here; today's in Japanese below ('2024 markup in Japanese').
  standin = await startStandin({ port: 0, markup: '2023', lang: 'en' });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
    defaultViewport: { width: 1280, height: 800 },
  });
});

afterAll(async () => {
  await browser?.close();
  await standin?.close();
});

async function open(path = '/app'): Promise<Page> {
  page = await browser.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(new URL(path, standin.origin).href);
  await page.waitForSelector('html[data-standin-ready=true]');
  return page;
}

afterEach(async () => {
  expect(pageErrors).toEqual([]);
  await page?.close();
});

const text = (selector: string) => page.$eval(selector, (el) => el.textContent?.replace(/\s+/g, ' ').trim());
const texts = (selector: string) => page.$$eval(selector, (els) => els.map((el) => el.textContent?.replace(/\s+/g, ' ').trim()));
const count = (selector: string) => page.$$eval(selector, (els) => els.length);
const pathname = () => page.evaluate(() => location.pathname);
const documentLoads = () => page.evaluate(() => performance.getEntriesByType('navigation').length);

describe('routes and navigation', () => {
  it('opens a contact by deep link with its name, numbers as Dialpad shows them, e-mail and company', async () => {
    await open(`/app/contacts/${BEN}`);
    expect(await text('[data-qa=contact-detail] [data-qa=contact-info-header]')).toBe('Ben Carter');
    expect(await texts('[data-qa=contact-detail] [data-qa=contact-phone-number] a[href^="tel:"]')).toEqual(['(415) 555-0100', '(415) 555-0123']);
    expect(await page.$$eval('[data-qa=contact-phone-number] a[href^="tel:"]', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'tel:+14155550100',
      'tel:+14155550123',
    ]);
    expect(await text('[data-qa=contact-email]')).toBe('ben.carter@northwind.example');
    expect(await text('[data-qa=contact-company]')).toBe('Northwind Traders');
    expect(await text('.dt-leftbar-row--selected [data-qa=dt-leftbar-row-description]')).toBe('Ben Carter');
    expect(await text('[data-qa=leftbar-links-contacts]')).toBe('Contacts');
    expect(await page.$eval('[data-qa=leftbar-links-contacts]', (a) => a.getAttribute('data-qa-selected'))).toBe('true');
  });

  it('shows a Japanese contact and a coworker with extension, and every view of the evidence routes', async () => {
    await open('/app/contacts/6192449487634432');
    expect(await text('[data-qa=contact-info-header]')).toBe('山田 太郎');
    expect(await texts('[data-qa=contact-phone-number] a')).toEqual(['+81 3-1234-5678', '+81 90-1234-5678']);
    await page.evaluate(() => window.dialpadStandin.showCoworker('6473924464345088'));
    expect(await pathname()).toBe('/app/coworkers/6473924464345088');
    expect(await text('[data-qa=coworker-detail] [data-qa=contact-info-header]')).toBe('Jordan Lee');
    expect(await text('[data-qa=coworker-extension]')).toBe('1042');
    expect(await count('[data-qa=coworker-detail] .d-presence__inner--active')).toBe(1);
    const views: Record<string, string> = {
      '/app': 'inbox',
      '/app/inbox': 'inbox',
      '/app/contacts': 'contacts-list',
      '/app/contacts/frequent': 'contacts-list',
      '/app/coworkers': 'coworkers-list',
      '/app/history/all': 'history-view',
      '/app/history/missed': 'history-view',
      '/app/messages': 'messages-view',
      '/app/nowhere': 'not-found',
    };
    for (const [path, qa] of Object.entries(views)) {
      await page.evaluate((p) => window.dialpadStandin.navigate(p), path);
      expect(await count(`main [data-qa=${qa}]`), path).toBe(1);
    }
    expect(await documentLoads()).toBe(1);
  });

  it('navigates with pushState on clicks, and back/forward restore each view without a reload', async () => {
    await open('/app');
    await page.click('[data-qa=leftbar-links-contacts]');
    expect(await pathname()).toBe('/app/contacts');
    await page.click(`a[data-qa=contact-list-item][href="/app/contacts/${BEN}"]`);
    expect(await pathname()).toBe(`/app/contacts/${BEN}`);
    expect(await text('[data-qa=contact-info-header]')).toBe('Ben Carter');
    await page.click('[data-qa=leftbar-links-history]');
    await page.click('#dt-tab-group-history-tab-voicemails');
    expect(await pathname()).toBe('/app/history/voicemails');
    expect(await texts('tr.inbox-aff-row .inbox-aff-name a')).toEqual(['山田 太郎']);

    await page.goBack();
    expect(await pathname()).toBe('/app/history/all');
    await page.evaluate(() => window.dialpadStandin.goBack());
    expect(await pathname()).toBe(`/app/contacts/${BEN}`);
    expect(await text('[data-qa=contact-info-header]')).toBe('Ben Carter');
    await page.goForward();
    expect(await count('[data-qa=history-view][data-filter=all]')).toBe(1);
    expect(await documentLoads()).toBe(1);
    // about:blank, then five app entries, all in one document.
    expect(await page.evaluate(() => history.length)).toBe(6);

    await page.reload();
    await page.waitForSelector('html[data-standin-ready=true]');
    expect(await count('[data-qa=history-view][data-filter=all]')).toBe(1);
  });

  it('refuses to navigate outside /app and to show an unknown contact', async () => {
    await open('/app');
    await expect(page.evaluate(() => window.dialpadStandin.navigate('/elsewhere'))).rejects.toThrow(/only paths under \/app/);
    await expect(page.evaluate(() => window.dialpadStandin.showContact('1'))).rejects.toThrow(/no contact 1/);
  });
});

describe('calls', () => {
  it('rings, is answered, runs its timer, holds, resumes and hangs up into history', async () => {
    await open(`/app/contacts/${BEN}`);
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    const ringing = await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    expect(ringing.callId).toMatch(/^\d{16}$/);
    expect(await text('[data-qa=incoming-call] [data-qa=contact-info-header]')).toBe('Ben Carter');
    expect(await texts('[data-qa=incoming-call] button[data-action]')).toEqual(['Answer', 'Decline']);
    expect(await text('[data-qa=banner-info] .d-top-banner-info__middle')).toContain('Ringing...');
    expect(await count('.d-icon--phone-hang-up')).toBe(0);
    expect(await pathname()).toBe(`/app/contacts/${BEN}`);

    await page.click('[data-qa=incoming-call] [aria-label=Answer]');
    await page.waitForSelector('[data-qa=dt-recipe-callbox]');
    // The live call has no route and shows no id.
    expect(await pathname()).toBe(`/app/contacts/${BEN}`);
    expect(await page.evaluate((id) => document.body.innerHTML.includes(id), ringing.callId)).toBe(false);
    expect(await count('[data-qa=incoming-call]')).toBe(0);
    expect(await text('[data-qa=dt-recipe-callbox--title]')).toBe('Ben Carter');
    expect(await text('.dp-callbox__timer')).toBe('00:00');
    expect(await count('.d-icon--phone-hang-up')).toBeGreaterThan(0);

    await page.evaluate(() => window.dialpadStandin.advance(95));
    expect(await text('.dp-callbox__timer')).toBe('01:35');
    expect(await text('[data-qa=call-timer]')).toBe('01:35');
    expect(await text('.dp-banner__status')).toBe('Active Call 1:35');

    await page.click('[data-qa=dt-recipe-callbar-button][aria-label=Hold]');
    expect(await count('[data-qa=dt-recipe-callbox] .d-avatar__overlay-icon svg.d-icon--pause')).toBe(1);
    expect(await text('.dt-recipe-callbar-button--active .d-btn__label')).toBe('Unhold');
    await page.evaluate(() => window.dialpadStandin.advance(8));
    expect(await text('.dp-banner__status')).toBe('On hold 00:08');
    expect(await page.evaluate(() => window.dialpadStandin.state().call)).toMatchObject({ state: 'hold', durationSeconds: 103, holdSeconds: 8 });
    await page.evaluate(() => window.dialpadStandin.unhold());
    expect(await count('.d-avatar__overlay-icon')).toBe(0);

    const entry = await page.evaluate(() => window.dialpadStandin.hangUp());
    expect(entry).toMatchObject({ callId: ringing.callId, durationSeconds: 103, status: 'completed', direction: 'inbound', contactId: BEN });
    expect(await count('.d-icon--phone-hang-up')).toBe(0);
    expect(await count('[data-qa=banner-info], [data-qa=dt-recipe-callbox]')).toBe(0);
    expect(await count('[data-qa=call-view]')).toBe(0);
    expect(await text('[data-qa=contact-detail] [data-qa=dt-recipe-feed-item-pill]')).toMatch(/^Ben called you Lasted 2 min • Ended at \d{1,2}:\d\d [ap]m$/);

    const history = await page.evaluate(() => window.dialpadStandin.history());
    expect(history[0]).toEqual(entry);
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    expect(await text('tr.inbox-aff-row:first-child .inbox-aff-description')).toBe('Incoming call • 1m 43s Call details');
    expect(await page.$eval('tr.inbox-aff-row:first-child a[href^="/callhistory/callreview/"]', (a) => a.getAttribute('href'))).toBe(`/callhistory/callreview/${ringing.callId}`);
    expect(await text('tr.inbox-aff-row:first-child .inbox-aff-date')).toMatch(/^Today \d{1,2}:\d\d [ap]m$/);
    expect(await count('tr.inbox-aff-row time')).toBe(0);
  });

  it('dials out, connects when the other side answers, records, and hangs up from the callbox', async () => {
    await open('/app');
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.type('input[type=tel]', '+81 3-1234-5678');
    await page.click('[data-qa=header-cta-call]');
    await page.waitForSelector('[data-qa=call-view][data-call-state=dialing]');
    expect(await text('[data-qa=call-status]')).toBe('Calling…');
    expect(await text('.dp-banner__status')).toBe('Connecting Call');
    expect(await text('[data-qa=call-view] [data-qa=contact-info-header]')).toBe('山田 太郎');
    const call = await page.evaluate(() => window.dialpadStandin.answer());
    expect(call).toMatchObject({ direction: 'outbound', state: 'connected', number: '+81312345678' });
    await page.click('[data-qa=dt-recipe-callbar-button][aria-label=Record]');
    await page.evaluate(() => window.dialpadStandin.advance(30));
    await page.click('[data-qa=dt-recipe-callbox--right-wrapper] [aria-label="Hang up"]');
    await page.waitForFunction(() => !document.querySelector('[data-qa=call-view]'));
    const [entry] = await page.evaluate(() => window.dialpadStandin.history());
    expect(entry).toMatchObject({ callId: call.callId, durationSeconds: 30, recordingUrl: `https://dialpad.com/recording/${call.callId}.mp3` });
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/recordings'));
    expect(await count(`tr.inbox-aff-row a[data-qa=call-recording-link][href$="${call.callId}.mp3"]`)).toBe(1);
  });

  it('misses a call, takes a voicemail, and shows both in history with a voicemail link', async () => {
    await open('/app/history/all');
    const call = await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+1 646 555 0142' }));
    expect(await text('[data-qa=incoming-call] [data-qa=contact-info-header]')).toBe('Dana Whitfield');
    await page.evaluate(() => window.dialpadStandin.missCall());
    expect(await text('[data-qa=call-notice] [data-qa=dt-recipe-feed-item-pill]')).toBe('Missed call from Dana From (646) 555-0142');
    expect(await text('tr.inbox-aff-row:first-child .inbox-aff-description')).toBe('Missed call Call details');
    await page.evaluate(() => window.dialpadStandin.leaveVoicemail({ url: 'https://dialpad.com/voicemail/test.mp3' }));
    expect(await text('[data-qa=call-notice] .d-recipe-feed-item-pill__title')).toBe('Voicemail');
    expect(await page.$eval('tr.inbox-aff-row:first-child a[data-qa=voicemail-link]', (a) => a.getAttribute('href'))).toBe(
      'https://dialpad.com/voicemail/test.mp3',
    );
    expect(await page.evaluate(() => window.dialpadStandin.state().call)).toMatchObject({ callId: call.callId, state: 'voicemail' });
  });

  it('declines a ringing call with the Decline button', async () => {
    await open('/app');
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '1043' }));
    expect(await text('[data-qa=incoming-call] [data-qa=contact-info-bottom]')).toBe('Internal call');
    await page.click('[data-qa=incoming-call] [aria-label=Decline]');
    await page.waitForSelector('[data-qa=call-notice]');
    expect((await page.evaluate(() => window.dialpadStandin.history()))[0]).toMatchObject({ status: 'declined', internal: true, name: 'Mia Chen' });
  });

  it('lists a desk-phone call the browser never saw live', async () => {
    await open('/app/history/all');
    const entry = await page.evaluate(() =>
      window.dialpadStandin.addHistoryCall({ number: '+14155550123', direction: 'outbound', durationSeconds: 61 }),
    );
    expect(entry).toMatchObject({ device: 'desk phone', name: 'Ben Carter' });
    expect(await text('tr.inbox-aff-row:first-child .inbox-aff-number')).toBe('(415) 555-0123');
    expect(await texts('tr.inbox-aff-row:first-child td')).toEqual([
      'Ben Carter(415) 555-0123',
      'Outgoing call • 1m 1s Call details',
      'desk phone',
      expect.any(String),
    ]);
  });

  it('runs the timer on real time when no manual clock is used', async () => {
    await open('/app');
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    // Any second past zero: a loaded machine may paint 00:02 without ever showing 00:01.
    await page.waitForFunction(() => /^00:0[1-9]$/.test(document.querySelector('.dp-callbox__timer')?.textContent ?? ''));
    await page.evaluate(() => window.dialpadStandin.hangUp());
  });

  it('changes only the timer texts when a second passes, as a reactive app would', async () => {
    await open(`/app/contacts/${BEN}`);
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    const touched = await page.evaluate(async () => {
      const targets = new Set<string>();
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target instanceof Element ? r.target : r.target.parentElement;
          targets.add(`${r.type}:${el?.className || el?.getAttribute('data-qa')}`);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      await window.dialpadStandin.advance(1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      observer.disconnect();
      return [...targets].sort();
    });
    expect(touched).toEqual(['childList:dp-banner__status', 'childList:dp-call__timer', 'childList:dp-callbox__timer']);
  });

  it('calls a contact from the Call buttons of the contact view and the left bar', async () => {
    await open(`/app/contacts/${BEN}`);
    await page.click('[data-qa=contact-phone-number]:nth-child(2) button[data-action=call]');
    await page.waitForSelector('[data-qa=call-view][data-call-state=dialing]');
    expect(await page.evaluate(() => window.dialpadStandin.state().call)).toMatchObject({ number: '+14155550123', name: 'Ben Carter', direction: 'outbound' });
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await page.click('li[data-qa=dt-leftbar-row]:has(a[title="Jordan Lee"]) [data-qa=dt-leftbar-row-action-call-button]');
    await page.waitForSelector('[data-qa=call-view][data-call-state=dialing]');
    expect(await page.evaluate(() => window.dialpadStandin.state().call)).toMatchObject({ number: '1042', internal: true, name: 'Jordan Lee' });
    expect(await text('[data-qa=call-view] [data-qa=contact-info-subtitle]')).toBe('Ext. 1042');
    await page.evaluate(() => window.dialpadStandin.hangUp());
  });

  it('refuses actions that do not fit the call state', async () => {
    await open('/app');
    await expect(page.evaluate(() => window.dialpadStandin.hangUp())).rejects.toThrow(/hangUp\(\): needs a call/);
    await expect(page.evaluate(() => window.dialpadStandin.advance(1))).rejects.toThrow(/useManualClock/);
  });
});

describe('the page', () => {
  it('switches between light and dark theme the Dialtone way', async () => {
    await open('/app');
    expect(await page.evaluate(() => document.documentElement.dataset.dtTheme)).toBe('light');
    await page.evaluate(() => window.dialpadStandin.setTheme('dark'));
    expect(
      await page.evaluate(() => ({
        attr: document.documentElement.dataset.dtTheme,
        body: document.body.classList.contains('dialtone-theme-dark'),
        scheme: getComputedStyle(document.documentElement).colorScheme,
        bg: getComputedStyle(document.body).backgroundColor,
      })),
    ).toEqual({ attr: 'dark', body: true, scheme: 'dark', bg: 'rgb(24, 23, 28)' });
    expect(await page.evaluate(() => window.dialpadStandin.state().theme)).toBe('dark');
  });

  it('reflows when the page narrows with html{margin-right}, keeping every control on the left of it', async () => {
    await open(`/app/contacts/${BEN}`);
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    for (const route of ['/app/history/all', `/app/contacts/${BEN}`, '/app/coworkers/6473924464345088', '/app/inbox']) {
      await page.evaluate((r) => window.dialpadStandin.navigate(r), route);
      const overflow = await page.evaluate(() => {
        document.documentElement.style.marginRight = '420px';
        const limit = window.innerWidth - 420;
        return [...document.querySelectorAll('button, a, input')]
          .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().right > limit + 0.5)
          .map((el) => el.outerHTML.slice(0, 80));
      });
      expect(overflow, route).toEqual([]);
    }
    expect(await page.$eval('#app', (el) => getComputedStyle(el).position)).not.toBe('fixed');
  });

  it('has a control drawer at the bottom left that drives the same actions', async () => {
    await open('/app');
    const box = await page.$eval('[data-standin-control]', (el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.left).toBeLessThan(20);
    expect(box.right).toBeLessThan(400);
    expect(box.bottom).toBeGreaterThan(760);
    await page.click('[data-standin-control] summary');
    await page.click('[data-standin-control] [data-control=incoming]');
    await page.waitForSelector('[data-qa=incoming-call]');
    await page.click('[data-standin-control] [data-control=answer]');
    await page.waitForSelector('[data-qa=dt-recipe-callbox]');
    await page.click('[data-standin-control] [data-control=hangup]');
    await page.waitForFunction(() => !document.querySelector('[data-qa=dt-recipe-callbox]'));
    expect((await page.evaluate(() => window.dialpadStandin.history()))[0]).toMatchObject({ name: 'Ben Carter', status: 'completed' });
  });

  it('reports its state and resets to the seed', async () => {
    await open('/app/contacts');
    const state = await page.evaluate(() => window.dialpadStandin.state());
    expect(state).toMatchObject({ route: '/app/contacts', view: 'contacts', call: null, theme: 'light', clock: 'real' });
    expect(state.contacts[0]).toMatchObject({ id: BEN, name: 'Ben Carter', company: 'Northwind Traders' });
    expect(state.contacts[0]?.phones[0]).toEqual({ number: '+14155550100', label: 'work', display: '(415) 555-0100' });
    expect(state.coworkers.map((w) => w.extension)).toEqual(['1042', '1043', '1044']);
    const seeded = (await page.evaluate(() => window.dialpadStandin.history())).length;
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    await page.evaluate(() => window.dialpadStandin.missCall());
    await page.evaluate(() => window.dialpadStandin.setTheme('dark'));
    await page.evaluate(() => window.dialpadStandin.reset());
    expect(await page.evaluate(() => window.dialpadStandin.state())).toMatchObject({ route: '/app', call: null, theme: 'light' });
    expect(await page.evaluate(() => window.dialpadStandin.history())).toHaveLength(seeded);
    expect(await count('[data-qa=call-notice]')).toBe(0);
  });

  it('churns the DOM at about the requested rate', async () => {
    await open('/app');
    const result = await page.evaluate(async () => {
      let observed = 0;
      const observer = new MutationObserver((records) => (observed += records.length));
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const churned = await window.dialpadStandin.churn({ mutationsPerSecond: 1000, seconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 0));
      observer.disconnect();
      return { ...churned, observed };
    });
    expect(result.mutations).toBeGreaterThanOrEqual(950);
    expect(result.mutations).toBeLessThanOrEqual(1050);
    expect(result.observed).toBeGreaterThanOrEqual(result.mutations * 0.9);
    expect(result.elapsedMs).toBeLessThan(1500);
  });

  it('churns the main column instead of the left bar when asked, and leaves no trace', async () => {
    await open('/app');
    const result = await page.evaluate(async () => {
      const seen = { leftbar: 0, main: 0 };
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          const target = record.target instanceof Element ? record.target : record.target.parentElement;
          if (target?.closest('nav')) seen.leftbar += 1;
          else if (target?.closest('.dp-main')) seen.main += 1;
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      const churned = await window.dialpadStandin.churn({ mutationsPerSecond: 500, seconds: 0.5, region: 'main' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      observer.disconnect();
      return { ...churned, ...seen, feedLeft: document.querySelector('.dp-main__feed') !== null };
    });
    // How many changes fit in half a second depends on the machine's load: only where they land is checked.
    expect(result.mutations).toBeGreaterThan(0);
    expect(result.leftbar).toBe(0);
    expect(result.main).toBeGreaterThanOrEqual(result.mutations * 0.9);
    expect(result.feedLeft).toBe(false);
  });
});

describe("today's Dialtone in Japanese (the default)", { timeout: 30_000 }, () => {
  let today: Awaited<ReturnType<typeof startStandin>>;
  beforeAll(async () => {
    today = await startStandin({ port: 0, markup: '2024', lang: 'ja' });
  });
  afterAll(async () => {
    await today?.close();
  });
  async function openToday(path = '/app'): Promise<Page> {
    page = await browser.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(new URL(path, today.origin).href);
    await page.waitForSelector('html[data-standin-ready=true]');
    return page;
  }

  it('renders the 2024 callbox and banner in Japanese, icons with data-name, and no call id anywhere live', async () => {
    await openToday(`/app/contacts/${BEN}`);
    expect(await page.evaluate(() => window.dialpadStandin.state())).toMatchObject({ markup: '2024', lang: 'ja', activeTab: true });
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    const call = await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    expect(await text('[data-qa=banner-info--middle]')).toBe('着信中... 発信者番号: Ben Carter (415) 555-0100');
    expect(await texts('[data-qa=incoming-call] button[data-action]')).toEqual(['応答', '拒否']);
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(95));
    expect(await text('[data-qa="dt-recipe-callbox__title"]')).toBe('Ben Carter');
    expect(await page.$eval('[data-qa="dt-recipe-callbox__title"]', (el) => `${el.tagName} ${el.className}`)).toBe('BUTTON d-recipe-callbox__content-title');
    expect(await text('.d-recipe-callbox__content-subtitle')).toBe('01:35');
    expect(await text('.d-recipe-callbox__main-content-bottom')).toBe('(415) 555-0100');
    expect(await text('[data-qa=banner-info--middle]')).toMatch(/^通話中 1:35 /);
    expect(await count('svg[data-name="Phone Hang Up"]')).toBeGreaterThan(0);
    expect(await count('[aria-label="Hang up"]')).toBe(0);
    expect(await count('a[href*="/app/calls/"]')).toBe(0);
    expect(await page.evaluate((id) => document.documentElement.outerHTML.includes(id), call.callId)).toBe(false);
    await page.evaluate(() => window.dialpadStandin.hold());
    expect(await count('[data-qa=dt-recipe-callbox] .d-avatar__overlay svg.d-icon--pause[data-name=Pause]')).toBe(1);
    expect(await text('[data-qa="dt-recipe-callbox__badge-wrapper"]')).toBe('保留中');
    await page.evaluate(() => window.dialpadStandin.unhold());
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    expect(await text('tr.inbox-aff-row:first-child .inbox-aff-description')).toBe('着信 • 1分35秒 通話の詳細');
    expect(await text('tr.inbox-aff-row:first-child .inbox-aff-date')).toMatch(/^今日 \d{1,2}:\d\d$/);
    expect(await page.$eval('tr.inbox-aff-row:first-child a[href^="/callhistory/callreview/"]', (a) => a.getAttribute('href'))).toBe(`/callhistory/callreview/${call.callId}`);
    // Older calls show only their date.
    expect(await texts('tr.inbox-aff-row .inbox-aff-date')).toContainEqual(expect.stringMatching(/^\d{1,2}月\d{1,2}日$/));
  });

  it("shows a queue call's entry-point id in history, a number with an extension, and a coworker reached on a direct number by number only", async () => {
    await openToday('/app/contacts/5348024557502465');
    expect(await text('[data-qa=contact-phone-number] a[href^="tel:"]')).toBe('(415) 555-0186 内線 12');
    expect(await page.$eval('[data-qa=contact-phone-number] a[href^="tel:"]', (a) => a.getAttribute('href'))).toBe('tel:+14155550186;ext=12');
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+1 415-555-0100', entryPointId: '4000000000000042' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    const entry = await page.evaluate(() => window.dialpadStandin.hangUp());
    expect(entry.entryPointId).toBe('4000000000000042');
    await page.evaluate(() => window.dialpadStandin.addHistoryCall({ number: '+1 415-555-0142', direction: 'inbound' }));
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    expect(await page.$eval('tr.inbox-aff-row:first-child .inbox-aff-name', (td) => [td.querySelector('a') === null, td.textContent?.trim()])).toEqual([true, 'Jordan Lee(415) 555-0142']);
    expect(await count('a[href="/callhistory/callreview/4000000000000042"]')).toBe(1);
    expect(await count(`a[href="/callhistory/callreview/${entry.callId}"]`)).toBe(0);
  });

  it('shows a meeting in the callbox, with no banner and no history', async () => {
    await openToday('/app');
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate(() => window.dialpadStandin.startMeeting({ title: '週次定例' }));
    await page.evaluate(() => window.dialpadStandin.advance(61));
    expect(await text('[data-qa="dt-recipe-callbox__title"]')).toBe('週次定例');
    expect(await text('[data-qa="dt-recipe-callbox__bottom-wrapper"]')).toBe('参加者 1 人');
    expect(await text('[data-qa="dt-recipe-callbox__subtitle-wrapper"]')).toBe('01:01');
    expect(await count('[data-qa=dt-recipe-callbox] svg[data-name=Video]')).toBe(1);
    expect(await count('[data-qa=banner-info]')).toBe(0);
    await expect(page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }))).rejects.toThrow(/meeting/);
    const before = (await page.evaluate(() => window.dialpadStandin.history())).length;
    await page.click('[data-action=leave-meeting]');
    await page.waitForFunction(() => !document.querySelector('[data-qa=dt-recipe-callbox]'));
    expect((await page.evaluate(() => window.dialpadStandin.history())).length).toBe(before);
  });

  it('keeps one active tab: a second tab shows the one-tab banner and no call, until "Use here"', async () => {
    const first = await openToday('/app');
    const second = await browser.newPage();
    await second.goto(new URL('/app', today.origin).href);
    await second.waitForSelector('html[data-standin-ready=true]');
    expect(await second.evaluate(() => window.dialpadStandin.state().activeTab)).toBe(false);
    expect(await second.$eval('[data-qa=banner-info--middle]', (el) => el.textContent?.trim())).toBe('Dialpad でアクティブにできるアプリのタブは 1 つだけです');
    await second.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100' }));
    expect(await second.$$eval('[data-qa=incoming-call], [data-qa=dt-recipe-callbox]', (els) => els.length)).toBe(0);
    await second.click('[data-action=use-here]');
    await second.waitForSelector('[data-qa=incoming-call]');
    await first.waitForFunction(() => !window.dialpadStandin.state().activeTab);
    expect(await first.$eval('[data-qa=banner-info--middle]', (el) => el.textContent?.trim())).toMatch(/^Dialpad で/);
    await second.close();
  });
});

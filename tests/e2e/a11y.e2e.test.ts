import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startStandin } from '../../standin/server';
import { clickInSidebar, evaluateInContentScript, evaluateInWorld, extensionWorker, launchBrowser, readSidebar, ROOT_DIR, SIDEBAR_TAG, waitForSidebar, waitForSidebarElement, type LaunchedBrowser } from './harness';
import { connectFromSidebar, useEmulator } from './salesforce';

type Standin = Awaited<ReturnType<typeof startStandin>>;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let emulator: RunningEmulator;
let standin: Standin;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  standin = await startStandin({ port: 0 });
});
afterAll(async () => {
  await standin?.close();
  await emulator?.close();
});

async function connected(launched: LaunchedBrowser): Promise<Page> {
  await useEmulator(await extensionWorker(launched.browser), emulator, { defaultRegion: 'US' });
  const page = await launched.browser.newPage();
  await page.goto(standin.url);
  await waitForSidebarElement(page, 'aside');
  await connectFromSidebar(page, launched.browser);
  await page.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
  await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false]'));
  return page;
}

/**
 * axe-core on the sidebar's shadow tree only (Dialpad's own page is not ours), run in the content
 * script's world: the root is closed, and only there does `shadowRoot` lead into it (patched for
 * axe, in that world alone).
 */
async function violations(page: Page): Promise<string[]> {
  await evaluateInWorld(page, `(() => {
    if (!globalThis.axe) {
      ${readFileSync(AXE, 'utf8')}
    }
    const own = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot');
    if (!own.get.patchedForAxe) {
      const get = function () { try { return chrome.dom.openOrClosedShadowRoot(this) ?? null; } catch { return null; } };
      get.patchedForAxe = true;
      Object.defineProperty(Element.prototype, 'shadowRoot', { get, configurable: true });
    }
  })()`);
  return evaluateInContentScript(page, async (tag) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run({ include: [[[tag, 'aside']]] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }, SIDEBAR_TAG);
}

/** Where the card ends, and whether the sidebar's body has to scroll to show it all. */
async function cardFit(page: Page) {
  return readSidebar(page, (root) => {
    const body = root.querySelector('.sfsd-body')!;
    const card = root.querySelector('[data-testid=record-card]:not([data-partial])')!;
    return {
      next: card.querySelectorAll('[data-testid=next-steps] [data-task-id]').length,
      past: card.querySelectorAll('[data-testid=past-activity] [data-task-id]').length,
      scrolls: body.scrollHeight > body.clientHeight,
      belowTheFold: card.getBoundingClientRect().bottom > window.innerHeight,
    };
  });
}

describe('accessibility and language (U1, U2)', () => {
  let launched: LaunchedBrowser;
  let page: Page;
  beforeAll(async () => {
    launched = await launchBrowser();
    page = await connected(launched);
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('shows the whole card of a person with 2 next steps and 3 past activities above the fold at 1280×800', async () => {
    expect(await page.evaluate(() => [window.innerWidth, window.innerHeight])).toEqual([1280, 800]);
    expect(await cardFit(page)).toEqual({ next: 2, past: 3, scrolls: false, belowTheFold: false });
  });

  it('has no axe violations in the light theme: card, candidates and the create form', async () => {
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.showContact('4573968371548160'));
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=candidates] button').length > 1);
    expect(await violations(page)).toEqual([]);
  });

  it("has no axe violations on a company's card, its folded and open sections, a name search's list and Related to in the ToDo form (#19)", async () => {
    await page.evaluate(() => window.dialpadStandin.showContact('6011254498361344'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[data-record-type=Account][aria-busy=false] [data-testid=pick-contact]'));
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] #sfsd-card-related'));
    // The folded sections open from the keyboard (a disclosure), then the ToDo form with its own Related to.
    await (await waitForSidebarElement(page, '[data-testid=opportunities] summary')).focus();
    await page.keyboard.press('Enter');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=opportunities][open] [data-opportunity-id]'));
    await clickInSidebar(page, '[data-testid=create-todo]');
    await waitForSidebarElement(page, '#sfsd-todo-related');
    expect(await violations(page)).toEqual([]);
    await clickInSidebar(page, '[data-testid=todo-close]');
    await clickInSidebar(page, '[data-testid=open-search]');
    await (await waitForSidebarElement(page, '#sfsd-manual-search')).type('Bluefin');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=candidates] button[data-record-type=Account]'));
    expect(await violations(page)).toEqual([]);
    await clickInSidebar(page, '[data-testid=close-search]');
    // "Not the right person?": the number's list, and a name search's below it.
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card][aria-busy=false] [data-field=name]')?.textContent === 'Ben Carter');
    await clickInSidebar(page, '[data-testid=not-right-person]');
    await (await waitForSidebarElement(page, '#sfsd-name-search')).type('Marcus');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=name-candidates] button'));
    expect(await violations(page)).toEqual([]);
    // Ben again, for the tests after this one.
    const ben = await readSidebar(page, (root) => [...root.querySelectorAll('[data-testid=candidates] button')].find((b) => b.textContent?.includes('Ben Carter'))?.getAttribute('data-record-id'));
    await clickInSidebar(page, `[data-testid=candidates] button[data-record-id="${ben}"]`);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card][aria-busy=false] [data-field=name]')?.textContent === 'Ben Carter');
  });

  it('has no axe violations in the dark theme', async () => {
    await page.evaluate(() => window.dialpadStandin.setTheme('dark'));
    await page.evaluate(() => window.dialpadStandin.showContact('5629499534213120'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false]'));
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.setTheme('light'));
  });

  it('is usable by keyboard: Tab reaches Create ToDo, Enter opens the form with the cursor in the subject, typing and Enter save it', async () => {
    await page.focus('body');
    let reached = false;
    for (let i = 0; i < 120 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await readSidebar(page, (root) => root.activeElement?.getAttribute('data-testid') === 'create-todo')) === true;
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await waitForSidebarElement(page, '[data-testid=todo-form]');
    await waitForSidebar(page, (root) => root.activeElement?.getAttribute('name') === 'subject');
    await page.keyboard.type('Typed with the keyboard');
    await page.keyboard.press('Enter');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=todo-saved]'));
    await expect.poll(() => (emulator.emulator.control.records('Task') as Array<Record<string, unknown>>).some((t) => t.Subject === 'Typed with the keyboard'), { timeout: 20_000 }).toBe(true);
  });

  it('has no axe violations with the call strip during and after a call, in both themes, with the header menu and the search open, and collapsed', async () => {
    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(12));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="12"] [data-fate=will-log]'));
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.setTheme('dark'));
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await waitForSidebarElement(page, '[data-testid=last-call]');
    // The call history's row gives the call Dialpad's id, and it is logged at once.
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-fate=logged]'));
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => window.dialpadStandin.setTheme('light'));
    expect(await violations(page)).toEqual([]);
    // The search first: a click elsewhere closes the menu, as focus leaves it.
    await clickInSidebar(page, '[data-testid=open-search]');
    // The search takes focus once it has painted; opened before that, the menu would lose it at once.
    await waitForSidebar(page, (root) => root.activeElement?.id === 'sfsd-manual-search');
    await clickInSidebar(page, '[data-testid=connection-menu-button]');
    await waitForSidebar(page, (root) => root.querySelector('#sfsd-connection-menu') && root.querySelector('[data-testid=manual-search]'));
    expect(await violations(page)).toEqual([]);
    await clickInSidebar(page, '[data-testid=open-search]');
    await clickInSidebar(page, '[data-testid=collapse]');
    await waitForSidebarElement(page, '[data-testid=expand]');
    expect(await violations(page)).toEqual([]);
    await clickInSidebar(page, '[data-testid=expand]');
  });

  it('opens the connection menu by keyboard, moves into it with Tab, and closes it with Escape back on its button', async () => {
    await (await waitForSidebarElement(page, '[data-testid=connection-menu-button]')).focus();
    // Opened by the click above and left open: a second Enter toggles it, so start closed.
    if (await readSidebar(page, (root) => Boolean(root.querySelector('#sfsd-connection-menu')))) await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection-menu-button][aria-expanded=true]'));
    await page.keyboard.press('Tab');
    expect(await readSidebar(page, (root) => root.activeElement?.getAttribute('data-testid'))).toBe('open-settings');
    await page.keyboard.press('Escape');
    await waitForSidebar(page, (root) => !root.querySelector('#sfsd-connection-menu'));
    expect(await readSidebar(page, (root) => root.activeElement?.getAttribute('data-testid'))).toBe('connection-menu-button');
  });

  it('fits long names, titles and companies to the column with the full text on hover, and sizes record-type chips to their words', async () => {
    const long = {
      firstName: 'Maximiliana Alexandra',
      lastName: 'Whitfield-Montgomery-Abernathy',
      title: 'Senior Vice President of Global Procurement and Strategic Sourcing',
      company: 'Consolidated Intercontinental Logistics and Freight Forwarding Holdings',
    };
    // Dana has no Salesforce record: created as a Lead, with everything long.
    await page.evaluate(() => window.dialpadStandin.showContact('5910974510923776'));
    await waitForSidebarElement(page, '[data-testid=no-match] [data-testid=create-lead]');
    await clickInSidebar(page, '[data-testid=create-lead]');
    const form = await waitForSidebarElement(page, '[data-testid=create-form]');
    for (const [name, value] of Object.entries(long)) {
      await form.$eval(`[name=${name}]`, (input) => ((input as HTMLInputElement).value = ''));
      await (await form.$(`[name=${name}]`))!.type(value);
    }
    await clickInSidebar(page, '[data-testid=create-save]');
    const fullName = `${long.firstName} ${long.lastName}`;
    await waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === n, fullName);
    const layout = await readSidebar(page, (root) => {
      const card = root.querySelector('[data-testid=record-card]:not([data-partial])')!;
      const box = (el: Element) => el.getBoundingClientRect();
      const cut = (el: Element) => el.scrollWidth > el.clientWidth;
      const name = card.querySelector('[data-field=name]')!;
      const title = card.querySelector('[data-field=title] dd')!;
      const company = card.querySelector('[data-field=company] dd')!;
      const chip = card.querySelector('.sfsd-chip')!;
      const chipWords = document.createRange();
      chipWords.selectNodeContents(chip);
      const aside = root.querySelector('aside')!;
      return {
        overflowsSideways: aside.scrollWidth > aside.clientWidth || card.scrollWidth > card.clientWidth,
        nameTitle: name.getAttribute('title'),
        nameInside: box(name).right <= box(card).right + 0.5,
        nameLines: Math.round(box(name).height / parseFloat(getComputedStyle(name).lineHeight)),
        title: { hover: title.getAttribute('title'), cut: cut(title), inside: box(title).right <= box(card).right + 0.5 },
        company: { hover: company.getAttribute('title'), cut: cut(company), inside: box(company).right <= box(card).right + 0.5 },
        chipSpare: Math.round(box(chip).width - chipWords.getBoundingClientRect().width),
      };
    });
    expect(layout).toEqual({
      overflowsSideways: false,
      nameTitle: fullName,
      nameInside: true,
      nameLines: expect.any(Number),
      title: { hover: long.title, cut: true, inside: true },
      company: { hover: long.company, cut: true, inside: true },
      // The chip's padding (8 px a side) and border, not the card's width.
      chipSpare: expect.any(Number),
    });
    expect(layout!.nameLines).toBeGreaterThanOrEqual(1);
    expect(layout!.nameLines).toBeLessThanOrEqual(2);
    expect(layout!.chipSpare).toBeLessThanOrEqual(20);
    // In the candidate list too: each chip as wide as its words.
    await page.evaluate(() => window.dialpadStandin.showContact('4573968371548160'));
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=candidates] button').length > 1);
    const spare = await readSidebar(page, (root) =>
      [...root.querySelectorAll('[data-testid=candidates] .sfsd-chip')].map((chip) => {
        const words = document.createRange();
        words.selectNodeContents(chip);
        return Math.round(chip.getBoundingClientRect().width - words.getBoundingClientRect().width);
      }),
    );
    expect(spare!.length).toBeGreaterThan(1);
    for (const px of spare!) expect(px).toBeLessThanOrEqual(20);
    expect(await violations(page)).toEqual([]);
  });
});

describe('in Japanese', () => {
  let launched: LaunchedBrowser;
  afterAll(async () => {
    await launched?.close();
  });

  it('shows every sidebar string in Japanese, with the help article\'s words', async () => {
    launched = await launchBrowser({ lang: 'ja' });
    const page = await connected(launched);
    const text = (await readSidebar(page, (root) => (root.querySelector('aside') as HTMLElement).innerText)) ?? '';
    for (const words of ['Contact を表示', '次のステップ', '過去の活動', '全てを表示', 'ToDo を作成', 'オーナー', 'ステージ', '関連先', '商談', 'ケース']) expect(text).toContain(words);
    // Dates and durations the Japanese way: 2026年11月29日, 5分12秒 (312秒).
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toMatch(/\d+分\d+秒 \(\d+秒\)/);
    const en = JSON.parse(await readFile(path.join(ROOT_DIR, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
    const ja = JSON.parse(await readFile(path.join(ROOT_DIR, 'public/_locales/ja/messages.json'), 'utf8')) as Record<string, { message: string }>;
    const english = Object.entries(en)
      .filter(([key, entry]) => !entry.message.includes('$') && entry.message.split(' ').length >= 2 && !ja[key]!.message.includes(entry.message))
      .map(([, entry]) => entry.message);
    expect(english.filter((message) => text.includes(message))).toEqual([]);
    // A company's main line: Salesforce's own words for the account and its people.
    await page.evaluate(() => window.dialpadStandin.showContact('6011254498361344'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[data-record-type=Account][aria-busy=false]'));
    const company = (await readSidebar(page, (root) => (root.querySelector('[data-testid=record-card]:not([data-partial])') as HTMLElement).innerText)) ?? '';
    for (const words of ['取引先を表示', '取引先責任者', '選択']) expect(company).toContain(words);
    // 山田 太郎, as full a card as Ben Carter's, fits above the fold in Japanese too.
    await page.evaluate(() => window.dialpadStandin.showContact('6192449487634432'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === '山田 太郎');
    expect(await cardFit(page)).toEqual({ next: 2, past: 3, scrolls: false, belowTheFold: false });
  });
});

/**
 * During a call a rep on a 1280×800 laptop sees who is calling, the call strip and the card's key
 * facts without scrolling: in the language of this run (`npm test` runs Japanese, then English),
 * the sidebar in the browser's language beside Dialpad in the same one.
 */
describe('the call strip and the whole card fit 1280×800 during and after a call', () => {
  const lang = process.env.SFSD_DIALPAD_LANG === 'en' ? 'en' : 'ja';
  const person = lang === 'ja' ? { contactId: '6192449487634432', name: '山田 太郎', number: '+81312345678' } : { contactId: '5629499534213120', name: 'Ben Carter', number: '+14155550100' };
  let launched: LaunchedBrowser;
  // A fresh org: the tests above add ToDos and calls to the same people.
  let org: RunningEmulator;
  beforeAll(async () => {
    org = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await launched?.close();
    await org?.close();
  });

  /** Where the strip and the card end (px from the top), and what the card's lists show. */
  const measure = (page: Page) =>
    readSidebar(page, (root) => {
      const body = root.querySelector('.sfsd-body')!;
      const strip = root.querySelector('.sfsd-call-strip')!;
      const card = root.querySelector('[data-testid=record-card]:not([data-partial])')!;
      return {
        strip: Math.round(strip.getBoundingClientRect().height),
        // "Add note" beside the words of the fate, not on a line of its own.
        noteBesideFate: (() => {
          const note = strip.querySelector('[data-testid=call-note]')?.getBoundingClientRect();
          const fate = strip.querySelector('[data-testid=call-fate]')!.getBoundingClientRect();
          return note ? note.left >= fate.right && note.top < fate.bottom && note.bottom > fate.top : null;
        })(),
        bottom: Math.round(card.getBoundingClientRect().bottom),
        viewport: window.innerHeight,
        scrolls: body.scrollHeight > body.clientHeight,
        next: card.querySelectorAll('[data-testid=next-steps] [data-task-id]').length,
        past: card.querySelectorAll('[data-testid=past-activity] [data-task-id]').length,
        more: [...card.querySelectorAll('[data-testid=show-more]')].map((button) => button.textContent),
      };
    });

  it(`in ${lang}: the strip is two lines high, each list shows its first two entries with the rest one click away, and the card ends above 800 px`, async () => {
    launched = await launchBrowser({ lang, width: 1280, height: 800 });
    await useEmulator(await extensionWorker(launched.browser), org, { defaultRegion: lang === 'ja' ? 'JP' : 'US' });
    const page = await launched.browser.newPage();
    await page.goto(standin.url);
    await waitForSidebarElement(page, 'aside');
    await connectFromSidebar(page, launched.browser);
    await page.evaluate((id) => window.dialpadStandin.showContact(id), person.contactId);
    await waitForSidebar(page, (root, n) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-field=name]')?.textContent === n, person.name);
    const before = await readSidebar(page, (root) => ({
      next: root.querySelectorAll('[data-testid=next-steps] [data-task-id]').length,
      past: root.querySelectorAll('[data-testid=past-activity] [data-task-id]').length,
    }));
    expect(before).toEqual({ next: 2, past: 3 });

    await page.evaluate(() => window.dialpadStandin.useManualClock());
    await page.evaluate((p) => window.dialpadStandin.incomingCall({ number: p.number, name: p.name }), person);
    await page.evaluate(() => window.dialpadStandin.answer());
    await page.evaluate(() => window.dialpadStandin.advance(170));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=live-call][data-elapsed="170"] [data-fate=will-log]'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card][data-during-call=true]:not([data-partial])[aria-busy=false]'));
    const during = await measure(page);
    const more = lang === 'ja' ? '残り 1 件を表示' : 'Show 1 more';
    expect(during).toMatchObject({ viewport: 800, scrolls: false, next: 2, past: 2, more: [more] });
    // The strip: who and the phase, then what happens to the call beside "Add note" — no third line.
    expect(during!.noteBesideFate).toBe(true);
    expect(during!.bottom).toBeLessThanOrEqual(800);
    expect(await violations(page)).toEqual([]);
    // The rest of a list is one click (or key) away, and goes back as it came.
    await clickInSidebar(page, '[data-testid=past-activity] [data-testid=show-more]');
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=past-activity] [data-task-id]').length === 3);
    expect(await readSidebar(page, (root) => root.querySelector('[data-testid=past-activity] [data-testid=show-more]')?.getAttribute('aria-expanded'))).toBe('true');
    await clickInSidebar(page, '[data-testid=past-activity] [data-testid=show-more]');
    await waitForSidebar(page, (root) => root.querySelectorAll('[data-testid=past-activity] [data-task-id]').length === 2);

    // Once logged, the call's own Task leads Past activity, and the card still fits.
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await waitForSidebarElement(page, '[data-testid=last-call]');
    await page.evaluate(() => window.dialpadStandin.navigate('/app/history/all'));
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=last-call] [data-fate=logged]'));
    await page.evaluate((id) => window.dialpadStandin.showContact(id), person.contactId);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card]:not([data-partial])[aria-busy=false] [data-testid=past-activity] [data-task-id]') && root.querySelectorAll('[data-testid=past-activity] [data-task-id]').length === 2 && root.querySelector('[data-testid=past-activity] [data-testid=show-more]')?.textContent?.includes('2'));
    const logged = await measure(page);
    expect(logged).toMatchObject({ viewport: 800, scrolls: false, next: 2, past: 2, more: [lang === 'ja' ? '残り 2 件を表示' : 'Show 2 more'] });
    expect(logged!.bottom).toBeLessThanOrEqual(800);
    console.log(`[fit ${lang}] during the call: strip ${during!.strip} px, card ends at ${during!.bottom} px; logged: card ends at ${logged!.bottom} px`);
    // Dismissed, the call is over: the lists show whole again.
    await clickInSidebar(page, '[data-testid=last-call] [data-testid=dismiss-call]');
    await waitForSidebar(page, (root) => !root.querySelector('[data-testid=last-call]') && root.querySelectorAll('[data-testid=past-activity] [data-task-id]').length === 4);
  });
});

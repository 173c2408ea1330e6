import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startStandin } from '../../standin/server';
import { COLLAPSED_WIDTH, EXPANDED_WIDTH } from '../../lib/sidebar/sidebar-model';
import { clickInSidebar, launchBrowser, readSidebar, waitForSidebar, waitForSidebarElement, type LaunchedBrowser } from './harness';

type Standin = Awaited<ReturnType<typeof startStandin>>;

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ port: 0 });
});
afterAll(async () => {
  await standin?.close();
});

async function openDialpad(launched: LaunchedBrowser, path = '/app'): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(new URL(path, standin.url).href);
  await waitForSidebarElement(page, 'aside');
  return page;
}

const sidebarHostCount = (page: Page) => page.evaluate(() => document.querySelectorAll('sfsd-sidebar').length);
const isCollapsed = (page: Page) => readSidebar(page, (root) => root.querySelector('aside')?.getAttribute('data-collapsed'));

describe('the sidebar shell on the Dialpad stand-in', () => {
  let launched: LaunchedBrowser;
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('mounts once on /app with its header and asks the background for the connection state', async () => {
    const page = await openDialpad(launched);
    expect(await sidebarHostCount(page)).toBe(1);
    const title = await readSidebar(page, (root) => root.querySelector('h1')?.textContent);
    expect(title).toBe('Salesforce');
    // "disconnected" can only come from the background's reply, so messaging works end to end.
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=connection] [data-state=disconnected]'));
    const region = await readSidebar(page, (root) => root.querySelector('aside')?.getAttribute('aria-label'));
    expect(region).toBe('Salesforce sidebar');
    await page.close();
  });

  it('survives history-API navigation between Dialpad views without duplicating itself', async () => {
    const page = await openDialpad(launched);
    const pathsSeen: string[] = [];
    for (const path of ['/app/contacts', '/app/history/all', '/app/contacts']) {
      await page.evaluate((p) => window.dialpadStandin.navigate(p), path);
      pathsSeen.push(await page.evaluate(() => location.pathname));
      expect(await sidebarHostCount(page)).toBe(1);
    }
    await page.goBack();
    await page.goBack();
    expect(pathsSeen).toEqual(['/app/contacts', '/app/history/all', '/app/contacts']);
    expect(await page.evaluate(() => location.pathname)).toBe('/app/contacts');
    expect(await sidebarHostCount(page)).toBe(1);
    // No reload happened: the same document still holds the sidebar.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.close();
  });

  it('loads its body and the Dialpad reader after the first paint (#18), and says so when one of them cannot load while the rest works', async () => {
    const healthy = await openDialpad(launched);
    await waitForSidebarElement(healthy, '[data-testid=open-search]');
    expect(await readSidebar(healthy, (root) => root.querySelectorAll('[data-testid=part-missing]').length)).toBe(0);
    await healthy.close();

    const opened = async (missing: string) => {
      const page = await launched.browser.newPage();
      // The test build misses the parts this attribute names (entrypoints/dialpad.content/parts.ts).
      await page.evaluateOnNewDocument((parts: string) => {
        const mark = () => document.documentElement && (document.documentElement.dataset.sfsdMissParts = parts);
        mark();
        document.addEventListener('DOMContentLoaded', mark);
      }, missing);
      await page.goto(new URL('/app', standin.url).href);
      await waitForSidebar(page, (root, part) => root.querySelector(`[data-testid=part-missing][data-part="${part}"][role=alert]`), missing);
      return page;
    };
    // Without its body, the sidebar says so; the header works and Dialpad is still read (calls are logged).
    const noBody = await opened('sidebar-ui');
    await noBody.evaluate(() => window.dialpadStandin.showContact(window.dialpadStandin.state().contacts[0]!.id));
    await noBody.waitForFunction(() => JSON.parse(document.documentElement.dataset.sfsdEvents ?? '[]').some((e: { type: string; contact?: unknown }) => e.type === 'contact' && e.contact), { timeout: 15_000, polling: 200 });
    await waitForSidebar(noBody, (root) => root.querySelector('[data-testid=connection] [data-state=disconnected]'));
    await clickInSidebar(noBody, '[data-testid=collapse]');
    await waitForSidebar(noBody, (root) => root.querySelector('aside')?.getAttribute('data-collapsed') === 'true');
    await clickInSidebar(noBody, '[data-testid=expand]');
    await noBody.close();
    // Without the reader, the sidebar says calls are not logged here, and its body still works.
    const noReader = await opened('sidebar-dialpad');
    await waitForSidebarElement(noReader, '[data-testid=open-search]');
    expect(await noReader.evaluate(() => document.documentElement.dataset.sfsdEvents ?? null)).toBeNull();
    await noReader.close();
  });

  it('collapses with the button, expands with Alt+Shift+S, and remembers the state across a reload', async () => {
    const page = await openDialpad(launched);
    expect(await isCollapsed(page)).toBe('false');

    const collapse = await waitForSidebarElement(page, '[data-testid=collapse]');
    await collapse.click();
    await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=true]'));

    await page.reload();
    await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=true]'));

    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyS');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=false]'));

    await page.reload();
    await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=false]'));

    // And the other way round: keyboard collapses, the button expands.
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyS');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    const expand = await waitForSidebarElement(page, '[data-testid=expand]');
    await expand.click();
    await waitForSidebar(page, (root) => root.querySelector('aside[data-collapsed=false]'));
    await page.close();
  });
});

describe.each([
  [1280, 800],
  [1920, 1080],
])('layout at %i×%i', (width, height) => {
  let launched: LaunchedBrowser;
  beforeAll(async () => {
    launched = await launchBrowser({ width, height });
  });
  afterAll(async () => {
    await launched?.close();
  });

  /** Every visible Dialpad control must be left of the sidebar and not hit-tested to it. */
  async function uncoveredControls(page: Page, sidebarWidth: number) {
    return page.evaluate((reserved) => {
      const limit = window.innerWidth - reserved;
      const controls = [...document.querySelectorAll('button, a, input')].filter(
        (el) => !el.closest('sfsd-sidebar') && (el as HTMLElement).offsetParent !== null,
      );
      const covered = controls.filter((el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return box.right > limit + 0.5 || hit?.closest('sfsd-sidebar') != null;
      });
      return { total: controls.length, covered: covered.map((el) => el.outerHTML.slice(0, 120)) };
    }, sidebarWidth);
  }

  it('narrows Dialpad instead of covering its controls, expanded and collapsed, during a call', async () => {
    const page = await openDialpad(launched);
    await page.evaluate(() => window.dialpadStandin.incomingCall({ number: '+14155550100', name: 'Ben Carter' }));
    await page.evaluate(() => window.dialpadStandin.answer());

    const sidebarBox = await readSidebar(page, (root) => root.querySelector('aside')!.getBoundingClientRect().toJSON());
    expect(sidebarBox).toMatchObject({ width: EXPANDED_WIDTH, right: width });
    const expanded = await uncoveredControls(page, EXPANDED_WIDTH);
    expect(expanded.total).toBeGreaterThan(5);
    expect(expanded.covered).toEqual([]);

    const collapse = await waitForSidebarElement(page, '[data-testid=collapse]');
    await collapse.click();
    await waitForSidebar(page, (root, w) => root.querySelector('aside')!.getBoundingClientRect().width === w, COLLAPSED_WIDTH);
    const collapsed = await uncoveredControls(page, COLLAPSED_WIDTH);
    expect(collapsed.covered).toEqual([]);
    const expand = await waitForSidebarElement(page, '[data-testid=expand]');
    await expand.click();
    await page.evaluate(() => window.dialpadStandin.hangUp());
    await page.close();
  });
});

describe('in Japanese', () => {
  let launched: LaunchedBrowser;
  beforeAll(async () => {
    launched = await launchBrowser({ lang: 'ja' });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('shows the sidebar in Japanese when the browser language is Japanese', async () => {
    const page = await openDialpad(launched);
    await waitForSidebar(page, (root) => root.querySelector('[data-state=disconnected]'));
    const texts = await readSidebar(page, (root) => ({
      region: root.querySelector('aside')?.getAttribute('aria-label'),
      connection: root.querySelector('[data-testid=connection-panel] [data-state]')?.textContent,
    }));
    expect(texts).toEqual({ region: 'Salesforce サイドバー', connection: 'Salesforce にはまだ接続していません。' });
    await page.close();
  });
});

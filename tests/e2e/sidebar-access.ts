/**
 * How tests reach into the sidebar. Its shadow root is closed (#17): no script of the page can see
 * it, and the release build has no way in. Tests go where only the extension goes — the content
 * script's isolated world, reached through the DevTools protocol, where
 * `chrome.dom.openOrClosedShadowRoot` returns the closed root — and they act as the user does:
 * clicks and keys through the browser's input (trusted events), never `element.click()`.
 */
import type { CDPSession, Page } from 'puppeteer-core';
export const SIDEBAR_TAG = 'sfsd-sidebar';

interface ContentWorld {
  session: CDPSession;
  /** Execution contexts of our content script, by id, with their frame. */
  contexts: Map<number, string>;
}

const worlds = new WeakMap<Page, Promise<ContentWorld>>();

function contentWorld(page: Page): Promise<ContentWorld> {
  let world = worlds.get(page);
  if (!world) {
    world = (async () => {
      const session = await page.createCDPSession();
      const contexts = new Map<number, string>();
      session.on('Runtime.executionContextCreated', ({ context }) => {
        const aux = context.auxData as { frameId?: string; type?: string } | undefined;
        // The browser of a test has one extension (the e2e build, or a self-hosted release with its own id).
        if (context.origin.startsWith('chrome-extension://') && aux?.type === 'isolated' && aux.frameId) contexts.set(context.id, aux.frameId);
      });
      session.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
      session.on('Runtime.executionContextsCleared', () => contexts.clear());
      await session.send('Runtime.enable');
      return { session, contexts };
    })();
    worlds.set(page, world);
  }
  return world;
}

/** Runs `expression` (source text) in the content script's world of the page's main frame; waits for that world to exist. */
export async function evaluateInWorld<T>(page: Page, expression: string, timeout = 15_000): Promise<T> {
  const { session, contexts } = await contentWorld(page);
  const deadline = Date.now() + timeout;
  for (;;) {
    const frameId = (page.mainFrame() as unknown as { _id: string })._id;
    const contextId = [...contexts].filter(([, frame]) => frame === frameId).at(-1)?.[0];
    if (contextId !== undefined) {
      const result = await session.send('Runtime.evaluate', { contextId, expression, awaitPromise: true, returnByValue: true }).catch((error: Error) => {
        // The page navigated away under the evaluation: its next world answers.
        if (/context|destroyed|Inspected target navigated/i.test(error.message)) return null;
        throw error;
      });
      if (result) {
        if (result.exceptionDetails) throw new Error(`In the content script: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
        return result.result.value as T;
      }
    }
    if (Date.now() > deadline) throw new Error('The extension has no content script in this page.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `fn` in the extension's content-script world of `page`: what a content script — or a
 * compromised renderer running as one — can do. `fn` travels as source text; arguments and result
 * as JSON.
 */
export function evaluateInContentScript<T, A extends unknown[]>(page: Page, fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T> {
  return evaluateInWorld<T>(page, `(${fn.toString()})(...${JSON.stringify(args)})`);
}

/** Source text of a function `(root) => …` that finds the sidebar's closed root in the content script's world. */
const ROOT = `(() => { const host = document.querySelector(${JSON.stringify(SIDEBAR_TAG)}); return host ? chrome.dom.openOrClosedShadowRoot(host) : null; })`;

/**
 * Waits until `predicate(shadowRoot, ...args)` is truthy, and answers its value. The predicate runs
 * in the content script's world at every change of the sidebar (a MutationObserver) and every
 * 100 ms, so it also sees changes no mutation reports (focus, layout).
 */
async function waitInSidebar<T>(page: Page, predicateSource: string, args: unknown[], timeout: number, what: string): Promise<T> {
  const expression = `new Promise((resolve, reject) => {
    const predicate = (${predicateSource});
    const args = ${JSON.stringify(args)};
    const rootOf = ${ROOT};
    let done = false;
    const finish = (fn, value) => { if (done) return; done = true; observer.disconnect(); clearInterval(poll); clearTimeout(timer); fn(value); };
    const check = () => {
      const root = rootOf();
      if (!root) return;
      let value;
      try { value = predicate(root, ...args); } catch (error) { return; }
      if (value) finish(resolve, value === true ? true : value);
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const hookRoot = () => { const root = rootOf(); if (root) observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true }); };
    hookRoot();
    const poll = setInterval(() => { hookRoot(); check(); }, 100);
    const timer = setTimeout(() => finish(reject, new Error('Timed out after ${timeout} ms waiting for the sidebar: ' + ${JSON.stringify(what)})), ${timeout});
    check();
  })`;
  return evaluateInWorld<T>(page, expression, timeout);
}

/** Waits until `predicate(shadowRoot, ...args)` is truthy; `predicate` runs in the content script's world. */
export async function waitForSidebar<A extends unknown[]>(page: Page, predicate: (root: ShadowRoot, ...args: A) => unknown, ...args: A): Promise<void> {
  await waitInSidebar(page, predicate.toString(), args, 15_000, predicate.toString().slice(0, 200));
}

/** Waits up to `timeout` ms until `predicate(shadowRoot, ...args)` is truthy, and answers that value (JSON). */
export function waitForSidebarValue<T, A extends unknown[]>(page: Page, timeout: number, predicate: (root: ShadowRoot, ...args: A) => T | null | false, ...args: A): Promise<T> {
  return waitInSidebar<T>(page, predicate.toString(), args, timeout, predicate.toString().slice(0, 200));
}

/** Reads something from the sidebar's shadow root (null when the sidebar is absent). */
export function readSidebar<T, A extends unknown[]>(page: Page, reader: (root: ShadowRoot, ...args: A) => T, ...args: A): Promise<T | null> {
  return evaluateInWorld<T | null>(page, `(() => { const root = (${ROOT})(); return root ? (${reader.toString()})(root, ...${JSON.stringify(args)}) : null; })()`);
}

/** An element of the sidebar, named by its selector, used the way the user uses it. */
export class SidebarElement {
  constructor(
    readonly page: Page,
    readonly selector: string,
  ) {}

  /** A trusted click (the browser's own mouse input) at the element's centre, scrolled into view. */
  async click(): Promise<void> {
    const point = await evaluateInWorld<{ x: number; y: number } | null>(
      this.page,
      `(() => {
        const root = (${ROOT})();
        const element = root && root.querySelector(${JSON.stringify(this.selector)});
        if (!element) return null;
        element.scrollIntoView({ block: 'center', inline: 'nearest' });
        const box = element.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      })()`,
    );
    if (!point) throw new Error(`Nothing to click in the sidebar: ${this.selector}`);
    await this.page.mouse.click(point.x, point.y);
  }

  /** Focuses the element and types with the browser's keyboard (trusted key events). */
  async type(text: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.type(text);
  }

  async focus(): Promise<void> {
    const focused = await evaluateInWorld<boolean>(this.page, `(() => { const root = (${ROOT})(); const el = root && root.querySelector(${JSON.stringify(this.selector)}); if (!el) return false; el.focus(); return true; })()`);
    if (!focused) throw new Error(`Nothing to focus in the sidebar: ${this.selector}`);
  }

  /** Chooses an option of a `<select>` (a change, as the browser sends it when the user picks). */
  async select(value: string): Promise<void> {
    await evaluateInWorld(
      this.page,
      `(() => { const root = (${ROOT})(); const el = root.querySelector(${JSON.stringify(this.selector)}); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); })()`,
    );
  }

  /** Runs `fn(element, ...args)` in the content script's world and answers its (JSON) result. */
  async evaluate<T, A extends unknown[]>(fn: (element: Element, ...args: A) => T, ...args: A): Promise<T> {
    return evaluateInWorld<T>(
      this.page,
      `(() => { const root = (${ROOT})(); const el = root && root.querySelector(${JSON.stringify(this.selector)}); if (!el) throw new Error('Gone from the sidebar: ' + ${JSON.stringify(this.selector)}); return (${fn.toString()})(el, ...${JSON.stringify(args)}); })()`,
    );
  }

  /** `evaluate` on the first element inside this one matching `selector`. */
  async $eval<T>(selector: string, fn: (element: Element) => T): Promise<T> {
    return new SidebarElement(this.page, `${this.selector} ${selector}`).evaluate(fn);
  }

  /** The first element inside this one matching `selector`, or null. */
  async $(selector: string): Promise<SidebarElement | null> {
    const scoped = `${this.selector} ${selector}`;
    const found = await evaluateInWorld<boolean>(this.page, `(() => { const root = (${ROOT})(); return Boolean(root && root.querySelector(${JSON.stringify(scoped)})); })()`);
    return found ? new SidebarElement(this.page, scoped) : null;
  }
}

/** Waits until the sidebar's shadow root holds `selector` and returns it. */
export async function waitForSidebarElement(page: Page, selector: string, timeout = 15_000): Promise<SidebarElement> {
  await waitInSidebar(page, `(root, sel) => Boolean(root.querySelector(sel))`, [selector], timeout, selector);
  return new SidebarElement(page, selector);
}

/** Clicks the first element of the sidebar matching `selector`, as the user does (a trusted click). */
export async function clickInSidebar(page: Page, selector: string): Promise<void> {
  await (await waitForSidebarElement(page, selector)).click();
}

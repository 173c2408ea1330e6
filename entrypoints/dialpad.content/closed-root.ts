/**
 * The sidebar's place in Dialpad's page (#17, #18): one `<sfsd-sidebar>` element at the end of the
 * body with a **closed** shadow root, made here rather than with WXT's UI helpers (4 KB gzipped of
 * the page's script for what these lines do).
 *
 * - Closed: `host.shadowRoot` is null for the page's scripts, and `attachShadow` is called in the
 *   content script's world, so a page that wraps it sees nothing.
 * - The host resets what it would inherit from the page (`all: initial`); Dialtone's tokens still
 *   inherit, as custom properties do, so the sidebar follows Dialpad's theme.
 * - Key, input and clipboard events stop at the root's edge: what is typed in the sidebar never
 *   bubbles out to the page's listeners (capture-phase listeners still see keys: see ARCHITECTURE).
 */

/** Events that stop at the sidebar's edge. */
export const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'change', 'compositionstart', 'compositionupdate', 'compositionend', 'paste', 'copy', 'cut'] as const;

export interface ClosedRoot {
  host: HTMLElement;
  /** Where the UI renders. */
  container: HTMLElement;
  /** Takes the host out of the page. */
  remove(): void;
}

/**
 * Adds `<name>` with a closed shadow root holding `css` (the bundle's `:root` rules apply to the
 * host) and an empty container, at the end of `doc.body`.
 */
export function mountClosedRoot(doc: Document, name: string, css: string): ClosedRoot {
  const host = doc.createElement(name);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `:host{all:initial !important;}\n${css.replaceAll(':root', ':host')}`;
  const container = doc.createElement('div');
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, (event) => event.stopPropagation());
  shadow.append(style, container);
  doc.body.append(host);
  return { host, container, remove: () => host.remove() };
}

/** The content script's stylesheet, built beside it and listed as a web-accessible resource; '' when it cannot be read. */
export async function loadStylesheet(url: string): Promise<string> {
  try {
    const response = await fetch(url);
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}

const STYLE_ID = 'sfsd-page-layout';

/**
 * Makes room for the sidebar by narrowing Dialpad's page instead of covering it.
 *
 * Dialpad's app fills its containing block (width: 100%), so a right margin on the root element
 * narrows the whole app. Guess to verify on the real app: elements positioned `fixed` against the
 * viewport's right edge (toasts) would not move; none of the app's call controls are seen so.
 */
export function reservePageSpace(doc: Document, widthPx: number): void {
  let style = doc.getElementById(STYLE_ID);
  if (!style) {
    style = doc.createElement('style');
    style.id = STYLE_ID;
    (doc.head ?? doc.documentElement).append(style);
  }
  style.textContent = `html { margin-right: ${Math.max(0, Math.round(widthPx))}px !important; }`;
}

export function releasePageSpace(doc: Document): void {
  doc.getElementById(STYLE_ID)?.remove();
}

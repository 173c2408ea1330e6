/** The in-page shortcut that collapses and expands the sidebar. */
export const TOGGLE_SHORTCUT_LABEL = 'Alt+Shift+S';

export function isToggleShortcut(event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>): boolean {
  // `code`, not `key`: on macOS Alt+Shift+S types "Í".
  return event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyS';
}

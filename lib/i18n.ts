import type messages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/** Looks up a UI string in `_locales` for the browser's language (English is the fallback). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

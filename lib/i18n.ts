import type messages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/** Looks up a UI string in `_locales` for the browser's language (English is the fallback). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Problems the UI can say in the user's language, by Salesforce's (or the sidebar's) code for them. */
const PROBLEMS: Record<string, MessageKey> = {
  REFRESH_NEEDS_SECRET: 'problemRefreshNeedsSecret',
  CODE_NEEDS_SECRET: 'problemCodeNeedsSecret',
};

/** A problem the background reported, in the user's language when it is one the UI knows. */
export function problemText(reason: string | undefined, fallback: string): string {
  const key = reason ? PROBLEMS[reason] : undefined;
  return key ? t(key) : fallback;
}

const OBJECTS: Record<string, MessageKey> = {
  Contact: 'objectContact',
  Lead: 'objectLead',
  Account: 'objectAccount',
  Opportunity: 'objectOpportunity',
  Case: 'objectCase',
  Task: 'objectTask',
};

/** Salesforce objects by their names in the UI language (`Lead` → "Leads" / 「リード」). */
export function objectNames(names: readonly string[]): string {
  return names.map((name) => (OBJECTS[name] ? t(OBJECTS[name]) : name)).join(', ');
}

/** Dates and durations in the user's language, for every component (the words come from `_locales`). */
import { t } from '@/lib/i18n';
import { durationParts, formatSalesforceDate } from '@/lib/sidebar/format';

/**
 * The locale dates are written in: the language of the sidebar's words (Chromium may pick Japanese
 * messages while reporting an English UI locale), refined by the browser's region when it speaks
 * the same language (en-GB writes 26 Nov 2026).
 */
function uiLanguage(): string {
  const words = t('uiLocale');
  const browserLanguage = typeof navigator !== 'undefined' ? navigator.language : '';
  return browserLanguage.toLowerCase().startsWith(words) ? browserLanguage : words;
}

/** A Salesforce date in the user's locale (ja: 2026年11月26日, en: Nov 26, 2026). */
export function dateText(date: string | null): string | null {
  return formatSalesforceDate(date, uiLanguage());
}

/** A length of time: "2 min 50 s" / "2分50秒"; under a minute "45 s" / "45秒". */
export function durationText(totalSeconds: number): string {
  const { hours, minutes, seconds } = durationParts(totalSeconds);
  if (hours > 0) return t('durationHours', [String(hours), String(minutes), String(seconds)]);
  if (minutes > 0) return t('durationMinutes', [String(minutes), String(seconds)]);
  return t('durationSeconds', String(seconds));
}

/** A call's length as people read it, beside the seconds Salesforce stores: "2 min 50 s (170 s)". */
export function callDurationText(totalSeconds: number): string {
  return totalSeconds >= 60 ? t('durationWithSeconds', [durationText(totalSeconds), String(Math.floor(totalSeconds))]) : durationText(totalSeconds);
}

/**
 * How the sidebar writes dates, durations and call timers in the user's language. Pure: the words
 * ("min", "分") come from `_locales` through the caller, the numbers from here.
 */
import { sameLine } from '../matching/phone';

/** A Salesforce date (`2026-11-26`) is a calendar day with no zone: the same day everywhere. */
export function formatSalesforceDate(date: string | null, locale: string | undefined): string | null {
  if (!date) return null;
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  // ja: 2026年11月26日; en: Nov 26, 2026.
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(parsed);
}

/** Hours, minutes and seconds of a whole number of seconds (negative and fractional input is clamped). */
export function durationParts(totalSeconds: number): { hours: number; minutes: number; seconds: number } {
  const whole = Math.max(0, Math.floor(totalSeconds));
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 };
}

/** A running call's timer as Dialpad shows it: `01:35`, `1:02:05`. */
export function formatCallTimer(totalSeconds: number): string {
  const { hours, minutes, seconds } = durationParts(totalSeconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/**
 * What a card says it was found by: of the searched numbers and e-mail, those the record holds,
 * written as the record writes them (Dialpad may give a call's number as bare digits). Everything
 * searched when the record holds none of it (a name search, or a number Salesforce matched otherwise).
 */
export function foundBy(searched: readonly string[], record: { phones: readonly string[]; email: string | null }): string[] {
  const held = searched.flatMap((term) => {
    if (term.includes('@')) return record.email?.toLowerCase() === term.toLowerCase() ? [record.email] : [];
    const phone = record.phones.find((stored) => sameLine(stored, term));
    return phone ? [phone] : [];
  });
  return held.length > 0 ? [...new Set(held)] : [...searched];
}

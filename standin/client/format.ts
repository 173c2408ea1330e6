/** Text as Dialpad shows it: phone numbers, timers, durations, times; plus HTML escaping. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { splitExtension } from '../seed';
import { config, extensionText } from './texts';

/**
 * "(415) 555-0100" for North American numbers, "+81 3-1234-5678" otherwise, "Ext. 1042" / "内線 1042"
 * for a coworker's extension, and "(415) 555-0186 ext. 12" / "… 内線 12" for a number with one.
 */
export function formatPhone(number: string): string {
  if (/^\d{2,6}$/.test(number)) return config.lang === 'ja' ? `内線 ${number}` : `Ext. ${number}`;
  const { number: line, extension } = splitExtension(number);
  const parsed = parsePhoneNumberFromString(line);
  if (!parsed) return number;
  const ext = extension ? ` ${extensionText(extension)}` : '';
  if (parsed.countryCallingCode === '1') return parsed.formatNational() + ext;
  // "+81 3-1234-5678": the national grouping without its trunk prefix, as Dialpad shows foreign numbers.
  const national = parsed.formatNational().replace(/^0(?=\d)/, '');
  return (/^[\d\s-]+$/.test(national) ? `+${parsed.countryCallingCode} ${national}` : parsed.formatInternational()) + ext;
}

/** The tel: URI of a number (RFC 3966: an extension as `;ext=`). */
export function telHref(number: string): string {
  return `tel:${number}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The callbox timer: "00:08", "06:01", "1:02:03". */
export function formatTimer(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** The banner timer: "3:21" (minutes not padded). */
export function formatShortTimer(totalSeconds: number): string {
  const t = formatTimer(totalSeconds);
  return t.startsWith('0') && t.length === 5 ? t.slice(1) : t;
}

/** "Lasted 8 min", "Lasted 45 sec". */
export function formatLasted(seconds: number): string {
  if (seconds < 60) return `${seconds} sec`;
  return `${Math.round(seconds / 60)} min`;
}

const TIME = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

export function formatClockTime(ms: number): string {
  return TIME.format(ms);
}

export function formatDateTime(ms: number): string {
  return DATE_TIME.format(ms);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [Array.from(parts[0] ?? '?')[0]];
  return letters.join('').toUpperCase();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Tagged template that escapes interpolations; nest with `raw()` for markup built elsewhere. */
export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (value: string): Raw => new Raw(value);

type Part = string | number | Raw | null | undefined | false | readonly Part[];

function flatten(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Raw) return part.value;
  if (Array.isArray(part)) return part.map(flatten).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Raw {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += flatten(part) + strings[i + 1]!;
  });
  return new Raw(out);
}

/**
 * Phone numbers as Dialpad shows them and as Salesforce holds them. Salesforce stores whatever the
 * user typed (`(415) 555-0100`, `+81 3-1234-5678`, `03-1234-5678`, `415.555.0100 x12`), so matching
 * searches a few spellings and then confirms each candidate by comparing digits here.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface NormalizedPhone {
  /** As shown or stored. */
  raw: string;
  /** E.164 (`+14155550100`) when the number could be parsed, else null. */
  e164: string | null;
  /** The national significant number (`4155550100`, `312345678` for `03-1234-5678`). */
  national: string;
  /** The national spelling with its trunk prefix, as people write it at home (`0312345678`). */
  nationalDialled: string;
  /** The national spelling with separators (`(415) 555-0100`, `03-1234-5678`). */
  nationalFormatted: string;
  extension: string | null;
  country: CountryCode | null;
}

/** Fewer digits than this cannot identify anyone (short codes, extensions alone). */
export const MIN_DIGITS = 5;
/** When neither side parses, this many trailing digits must agree. */
const TRAILING_DIGITS = 7;

/**
 * An extension at the end of a number, in the spellings people and phone systems write:
 * ";ext=12" (RFC 3966), "ext 12", "ext. 12", "ext: 12", "extn 12", "extension 12", "x12", "#12",
 * "int 12", "anexo 12", "доб 12", "内線 12", full-width "ｘ１２". Plain text, no phone metadata:
 * the content script splits numbers with it.
 */
const EXTENSION = /[\s,]*(?:;ext=|(?:ext(?:ension|n)?|int|anexo|доб)\s*[.:．]?|[xｘ#＃~～]|内線)\s*([\d０-９]{1,7})[#＃]?\s*$/i;

/** The digits of a number as written anywhere; full-width digits (０-９, common in Japanese data) count. */
export function digitsOf(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
}

/**
 * Whether two numbers read from Dialpad's page are the same line: their last digits agree. Cheap
 * and without phone metadata, for the content script; `samePhone` is the exact comparison.
 */
export function sameLine(a: string | null | undefined, b: string | null | undefined): boolean {
  const [x, y] = [digitsOf(a ?? ''), digitsOf(b ?? '')];
  return x.length >= TRAILING_DIGITS && x.slice(-TRAILING_DIGITS) === y.slice(-TRAILING_DIGITS);
}

/**
 * A number as shown, and its extension apart: "+1 415-555-0186 ext. 12", "(415) 555-0186 内線 12",
 * "tel:+14155550186;ext=12" → the line and "12". An extension is never part of the line's digits.
 */
export function splitExtension(text: string): { line: string; extension: string | null } {
  const trimmed = text.trim();
  const match = EXTENSION.exec(trimmed);
  if (match) return { line: trimmed.slice(0, match.index).trim(), extension: digitsOf(match[1]!) };
  return { line: trimmed, extension: null };
}

/** Parses a number as written anywhere; null when it holds too few digits to be a phone number. */
export function normalizePhone(raw: string, defaultRegion?: CountryCode): NormalizedPhone | null {
  const text = raw.trim();
  const extMatch = EXTENSION.exec(text);
  const body = extMatch ? text.slice(0, extMatch.index) : text;
  const bodyDigits = digitsOf(body);
  if (bodyDigits.length < MIN_DIGITS) return null;

  const asciiBody = body.replace(/[０-９＋]/g, (c) => (c === '＋' ? '+' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  const parsed = parsePhoneNumberFromString(asciiBody, defaultRegion);
  const extension = (extMatch ? digitsOf(extMatch[1]!) : null) ?? parsed?.ext ?? null;
  if (!parsed || !parsed.isPossible()) {
    return {
      raw,
      e164: null,
      national: bodyDigits,
      nationalDialled: bodyDigits,
      nationalFormatted: body.trim(),
      extension,
      country: null,
    };
  }
  const nationalFormatted = parsed.formatNational();
  return {
    raw,
    e164: parsed.number,
    national: parsed.nationalNumber,
    nationalDialled: digitsOf(nationalFormatted),
    nationalFormatted,
    extension,
    country: parsed.country ?? null,
  };
}

/**
 * The spellings to search for, most specific first: Salesforce's phone search matches on the
 * digits of a token, so the national digits find `(415) 555-0100` and `415.555.0100`, the E.164
 * digits find `+1 415 555 0100`, and the dialled national form finds `03-1234-5678`.
 */
export function phoneSearchTerms(phone: NormalizedPhone): string[] {
  const terms = [phone.e164, phone.nationalDialled, phone.national, phone.e164 ? phone.e164.slice(1) : null];
  return [...new Set(terms.filter((term): term is string => term !== null && digitsOf(term).length >= MIN_DIGITS))];
}

/** Whether a number stored in Salesforce is the same line as the one Dialpad shows. */
export function samePhone(stored: string, target: NormalizedPhone): boolean {
  const candidate = normalizePhone(stored, target.country ?? undefined);
  if (!candidate) return false;
  if (candidate.e164 && target.e164) return candidate.e164 === target.e164;
  const a = candidate.national;
  const b = target.national;
  if (a.length < TRAILING_DIGITS || b.length < TRAILING_DIGITS) return a === b;
  return a.endsWith(b.slice(-TRAILING_DIGITS)) && b.endsWith(a.slice(-TRAILING_DIGITS)) && (a.endsWith(b) || b.endsWith(a));
}

/**
 * Salesforce record ids: a 3-character key prefix for the object, 12 more characters, and (for the
 * 18-character form) a 3-character suffix that encodes which of the first 15 are upper case, so the
 * id survives case-insensitive systems.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

export function isIdShape(value: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value);
}

/** The 18-character form of a 15- or 18-character id; null when it is not shaped like an id or its suffix is wrong. */
export function to18(value: string): string | null {
  if (!isIdShape(value)) return null;
  const base = value.slice(0, 15);
  const full = base + checksumSuffix(base);
  if (value.length === 18 && value.slice(15).toUpperCase() !== full.slice(15)) return null;
  return full;
}

/** A new 18-character id: `<prefix><pod 2><serial 10 in base 62>` plus the checksum. */
export function makeId(prefix: string, serial: number, pod = '5g'): string {
  let digits = '';
  let n = serial;
  do {
    digits = BASE62.charAt(n % 62) + digits;
    n = Math.floor(n / 62);
  } while (n > 0);
  const base = `${prefix}${pod}${digits.padStart(10, '0')}`;
  return base + checksumSuffix(base);
}

/** How Salesforce writes dates and datetimes in JSON, and turns SOQL literals into values. */

/** `2026-11-24T09:15:00.000+0000`, the REST API's datetime format. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

export function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function isDateTime(value: string): boolean {
  return DATETIME.test(value) && !Number.isNaN(Date.parse(normalizeOffset(value)));
}

/** `+0000` → `+00:00` so Date.parse reads it. */
function normalizeOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

export function parseDateTime(value: string): number {
  return Date.parse(normalizeOffset(value));
}

/** Days since the epoch for a date or the UTC day of a datetime (the emulator's org runs on UTC). */
export function dayNumber(value: string): number {
  const ms = DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : parseDateTime(value);
  return Math.floor(ms / 86_400_000);
}

/** Undoes SOQL string escapes: \' \" \\ \n \r \t \b \f \_ \% (the last two stay escaped for LIKE). */
export function unquoteSoql(literal: string): string {
  const body = literal.startsWith("'") && literal.endsWith("'") ? literal.slice(1, -1) : literal;
  return body.replace(/\\(.)/g, (_, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '_':
        return '\\_';
      case '%':
        return '\\%';
      default:
        return c;
    }
  });
}

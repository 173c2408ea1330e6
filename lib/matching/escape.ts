/**
 * Escaping for values placed inside SOQL and SOSL text. Every value from Dialpad's page or the user
 * goes through one of these; Salesforce ids go through `assertSalesforceId` instead.
 */

/** SOQL string literal content: backslash escapes as Salesforce documents them. */
export function escapeSoqlString(value: string): string {
  return value.replace(/[\\'"\n\r\t\f\b]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\f':
        return '\\f';
      case '\b':
        return '\\b';
      default:
        return `\\${c}`;
    }
  });
}

/** A SOQL LIKE pattern also escapes its own wildcards. */
export function escapeSoqlLike(value: string): string {
  return escapeSoqlString(value).replace(/[%_]/g, (c) => `\\${c}`);
}

/** SOSL's reserved characters inside FIND {…}: ? & | ! { } [ ] ( ) ^ ~ * : \ " ' + - */
const SOSL_RESERVED = /[?&|!{}[\]()^~*:\\"'+-]/g;

/** One SOSL search term, quoted as a phrase so spaces and operators stay literal. */
export function soslPhrase(value: string): string {
  const cleaned = [...value].map((c) => (c < ' ' ? ' ' : c)).join('').trim();
  return `"${cleaned.replace(SOSL_RESERVED, (c) => `\\${c}`)}"`;
}

/** One SOSL word, unquoted so that a wildcard may follow it: reserved characters escaped, spaces and control characters dropped. */
export function soslWord(value: string): string {
  return [...value]
    .filter((c) => c >= ' ' && !/\s/.test(c))
    .join('')
    .replace(SOSL_RESERVED, (c) => `\\${c}`);
}

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Salesforce ids are 15 or 18 alphanumerics; anything else is refused before it reaches a query. */
export function assertSalesforceId(value: string): string {
  if (!ID.test(value)) throw new Error(`Not a Salesforce id: ${JSON.stringify(value)}`);
  return value;
}

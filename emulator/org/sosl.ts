/**
 * SOSL as the REST `search` resource answers it: `FIND {terms} IN <scope> FIELDS RETURNING
 * Type(fields WHERE … ORDER BY … LIMIT n), …`. Terms: words, "quoted phrases", OR / AND / AND NOT,
 * parentheses, `*` and `?` wildcards, backslash-escaped reserved characters. Phone search ignores
 * formatting the way Salesforce's does; see docs/EMULATOR.md for the rule.
 */
import type { Access } from './access';
import { parseSoql, runQuery, type QueryContext, type RecordSource } from './soql';
import { objectDef, type FieldDef, type ObjectDef } from './schema';
import { SalesforceError, type SObjectJson } from './types';

type Rec = Record<string, unknown>;
type Scope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';
type TermExpr = { op: 'TERM'; text: string; phrase: boolean } | { op: 'AND' | 'OR'; left: TermExpr; right: TermExpr } | { op: 'NOT'; operand: TermExpr };

function malformedSearch(message: string): SalesforceError {
  return new SalesforceError(400, 'MALFORMED_SEARCH', message);
}

/** Splits `FIND {…} IN … RETURNING …` into its parts. */
function splitSearch(sosl: string): { terms: string; rest: string } {
  const text = sosl.trim();
  const find = /^FIND\s*/i.exec(text);
  if (!find) throw malformedSearch(`line 1:0 no viable alternative at character '${text.charAt(0)}'`);
  const i = find[0].length;
  const open = text.charAt(i);
  const close = open === '{' ? '}' : open === "'" ? "'" : null;
  if (!close) throw malformedSearch('The search terms must be enclosed in braces: FIND {terms}.');
  let j = i + 1;
  let quoted = false;
  for (; j < text.length; j++) {
    const c = text.charAt(j);
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === close) break;
    // An unescaped brace inside the terms leaves the braces unbalanced.
    if (open === '{' && c === '{') throw malformedSearch(`line 1:${j} unbalanced braces in the search terms: escape a literal { as \\{.`);
  }
  if (quoted) throw malformedSearch('line 1:0 the search terms have an unclosed quote (").');
  if (j >= text.length) throw malformedSearch('The search terms are not closed with a brace.');
  return { terms: text.slice(i + 1, j), rest: text.slice(j + 1).trim() };
}

type Token = { kind: 'word' | 'phrase'; text: string } | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' } | { kind: '(' | ')' };

function tokenizeTerms(raw: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let escapedWord = false;
  const flush = () => {
    if (word === '') return;
    const upper = word.toUpperCase();
    // Operators in any case: the SOSL reference's examples quote "and" and "or" to search them as words (`FIND {"and" or "or"}`).
    if (!escapedWord && (upper === 'AND' || upper === 'OR' || upper === 'NOT')) tokens.push({ kind: 'op', op: upper });
    else tokens.push({ kind: 'word', text: word });
    word = '';
    escapedWord = false;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\' && i + 1 < raw.length) {
      word += keepEscape(raw.charAt(++i));
      escapedWord = true;
    } else if (c === '"') {
      flush();
      let phrase = '';
      for (i++; i < raw.length && raw.charAt(i) !== '"'; i++) {
        if (raw.charAt(i) === '\\' && i + 1 < raw.length) phrase += keepEscape(raw.charAt(++i));
        else phrase += raw.charAt(i);
      }
      if (i >= raw.length) throw malformedSearch('line 1:0 the search terms have an unclosed quote (").');
      tokens.push({ kind: 'phrase', text: phrase });
    } else if (c === '(' || c === ')') {
      flush();
      tokens.push({ kind: c });
    } else if (/\s/.test(c)) flush();
    else word += c;
  }
  flush();
  return tokens;
}

/**
 * A term's text keeps the backslash of an escaped `*`, `?` or `\\`: escaped, they are the characters
 * themselves, not wildcards (SOSL reference, "FIND": reserved characters are escaped to be searched).
 */
function keepEscape(c: string): string {
  return c === '*' || c === '?' || c === '\\' ? `\\${c}` : c;
}

/** A term's text without its wildcards (for its length, or Japanese text's plain match). */
function withoutWildcards(text: string): string {
  return text.replace(/\\(.)|[*?]/g, (_m, escaped: string | undefined) => escaped ?? '');
}

const PHONE_WORD = /^[+＋]?[\d０-９().\-－]+$/;

/**
 * In PHONE FIELDS a number typed with spaces (`(415) 555-0100`, `+81 3 1234 5678`) is one number,
 * not several words: neighbouring number-like words are joined.
 */
function joinPhoneWords(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    if (token.kind === 'word' && PHONE_WORD.test(token.text) && last?.kind === 'word' && PHONE_WORD.test(last.text)) {
      out[out.length - 1] = { kind: 'word', text: `${last.text} ${token.text}` };
    } else out.push(token);
  }
  return out;
}

function parseTerms(raw: string, scope: Scope): TermExpr {
  const tokens = scope === 'PHONE' ? joinPhoneWords(tokenizeTerms(raw)) : tokenizeTerms(raw);
  let position = 0;
  const peek = () => tokens[position];
  function parseOr(): TermExpr {
    let left = parseAnd();
    while (peek()?.kind === 'op' && (peek() as { op: string }).op === 'OR') {
      position++;
      left = { op: 'OR', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): TermExpr {
    let left = parseUnary();
    for (;;) {
      const next = peek();
      if (!next || next.kind === ')' || (next.kind === 'op' && next.op === 'OR')) return left;
      if (next.kind === 'op' && next.op === 'AND') position++;
      const notNext = peek();
      if (notNext?.kind === 'op' && notNext.op === 'NOT') {
        position++;
        left = { op: 'AND', left, right: { op: 'NOT', operand: parseUnary() } };
      } else left = { op: 'AND', left, right: parseUnary() };
    }
  }
  function parseUnary(): TermExpr {
    const token = tokens[position++];
    if (!token) throw malformedSearch('No search term found. The search term must be at least 2 characters long.');
    if (token.kind === '(') {
      const inner = parseOr();
      if (tokens[position++]?.kind !== ')') throw malformedSearch('Unbalanced parentheses in the search terms.');
      return inner;
    }
    if (token.kind === 'word' || token.kind === 'phrase') {
      if (withoutWildcards(token.text).length < 2) {
        throw malformedSearch('No search term found. The search term must be at least 2 characters long.');
      }
      return { op: 'TERM', text: token.text, phrase: token.kind === 'phrase' };
    }
    throw malformedSearch(`Unexpected ${token.kind === 'op' ? token.op : token.kind} in the search terms.`);
  }
  const expr = parseOr();
  if (position !== tokens.length) throw malformedSearch('Unexpected text after the search terms.');
  return expr;
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

function digitsOf(text: string): string {
  return text.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
}

const EXTENSION = /\s*(?:ext\.?|extension|x|#|内線)\s*\d{1,7}\s*$/i;

/**
 * Salesforce's phone search compares digits, not formatting. The emulator's rule: drop an
 * extension from the stored number, drop leading zeros (trunk prefixes) from both, then the
 * numbers match when equal, or — both having 9 digits or more — when the longer ends with the
 * shorter (so `4155550100` finds `+1 (415) 555-0100`, `+81312345678` finds `03-1234-5678`).
 * A trailing `*` matches any digits that start with the term's.
 */
export function phoneMatches(stored: string, term: string): boolean {
  const wildcard = /(?:^|[^\\])\*$/.test(term);
  const a = digitsOf(stored.replace(EXTENSION, '')).replace(/^0+/, '');
  const b = digitsOf(term).replace(/^0+/, '');
  if (b.length < 3 || a.length === 0) return false;
  if (wildcard) return a.startsWith(b) || digitsOf(stored).startsWith(digitsOf(term));
  if (a === b) return true;
  // A country code may precede one side; a bare local number (7–8 digits) does not match a full one.
  if (Math.min(a.length, b.length) < 9) return false;
  return a.length > b.length ? a.endsWith(b) : b.endsWith(a);
}

function textRegex(term: string): RegExp {
  const chars = [...term.toLowerCase()];
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const literal = c === '\\' && i + 1 < chars.length ? chars[++i]! : null;
    if (literal !== null) source += literal.replace(/[.*?+^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') source += '[^\\s]*';
    else if (c === '?') source += '[^\\s]';
    else if (/\s/.test(c)) source += '\\s+';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  source = source.replace(/(?:\\s\+)+/g, '\\s+');
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${source}(?:$|[^\\p{L}\\p{N}])`, 'u');
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function textMatches(value: string, term: string): boolean {
  const lower = value.toLowerCase();
  // Japanese text has no spaces between words: Salesforce matches parts of it.
  if (CJK.test(term)) return lower.includes(withoutWildcards(term).toLowerCase());
  return textRegex(term).test(lower);
}

/** The fields a search looks in: those of the scope that this user can see. */
function searchedFields(def: ObjectDef, scope: Scope, access: Access): FieldDef[] {
  const fields = [...def.fields.values()].filter((field) => access.field(def, field) !== 'none');
  switch (scope) {
    case 'PHONE':
      return fields.filter((f) => f.type === 'phone');
    case 'EMAIL':
      return fields.filter((f) => f.type === 'email');
    case 'NAME':
    case 'SIDEBAR':
      return fields.filter((f) => f.nameField);
    case 'ALL':
      return fields.filter((f) => ['string', 'textarea', 'phone', 'email', 'url', 'picklist'].includes(f.type));
  }
}

/** A Contact's account name as NAME FIELDS sees it (not a field of Contact: read through AccountId). */
const ACCOUNT_NAME: FieldDef = { name: '$AccountName', type: 'string', createable: false, updateable: false };

function recordMatches(expr: TermExpr, record: Rec, fields: FieldDef[]): boolean {
  switch (expr.op) {
    case 'AND':
      return recordMatches(expr.left, record, fields) && recordMatches(expr.right, record, fields);
    case 'OR':
      return recordMatches(expr.left, record, fields) || recordMatches(expr.right, record, fields);
    case 'NOT':
      return !recordMatches(expr.operand, record, fields);
    case 'TERM':
      return fields.some((field) => {
        const value = record[field.name];
        if (typeof value !== 'string' || value === '') return false;
        return field.type === 'phone' ? phoneMatches(value, expr.text) : textMatches(value, expr.text);
      });
  }
}

/** Splits `Type(fields WHERE … LIMIT n)` into a SOQL query on that type. */
function returningSpecs(text: string): Array<{ type: string; soql: string }> {
  const specs: Array<{ type: string; soql: string }> = [];
  let i = 0;
  while (i < text.length) {
    const name = /^\s*,?\s*([A-Za-z][A-Za-z0-9_]*)\s*/.exec(text.slice(i));
    if (!name) break;
    i += name[0].length;
    const type = name[1]!;
    let inner = 'Id';
    if (text.charAt(i) === '(') {
      let depth = 0;
      let j = i;
      let quoted = false;
      for (; j < text.length; j++) {
        const c = text.charAt(j);
        if (c === '\\') {
          j++;
          continue;
        }
        if (c === "'") quoted = !quoted;
        if (quoted) continue;
        if (c === '(') depth++;
        if (c === ')' && --depth === 0) break;
      }
      if (j >= text.length) throw malformedSearch(`line 1:0 unbalanced parentheses in RETURNING ${type}(…`);
      inner = text.slice(i + 1, j).trim();
      // RETURNING takes field lists and clauses, never a child subquery (SOSL's RETURNING syntax).
      if (/\(\s*SELECT\b/i.test(inner)) throw malformedSearch(`line 1:0 unexpected token: 'SELECT' (RETURNING ${type} cannot hold a subquery)`);
      i = j + 1;
    } else if (!/^\s*(,|$)/.test(text.slice(i))) {
      throw malformedSearch(`line 1:${i} unexpected token: '${text.slice(i).trim().split(/\s+/)[0] ?? ''}'`);
    }
    const clause = /\s(WHERE|ORDER\s+BY|LIMIT|OFFSET)\s/i.exec(` ${inner} `);
    const fieldsPart = clause ? ` ${inner} `.slice(0, clause.index).trim() : inner;
    const rest = clause ? ` ${inner} `.slice(clause.index).trim() : '';
    specs.push({ type, soql: `SELECT ${fieldsPart || 'Id'} FROM ${type} ${rest}`.trim() });
  }
  return specs;
}

/** A `LIMIT n` outside every parenthesis: the cap on the whole answer. */
function topLevelLimit(text: string): { limit: number; index: number } | null {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) {
      const match = /^LIMIT\s+(\d+)\s*$/i.exec(text.slice(i));
      if (match && (i === 0 || /\s|\)/.test(text.charAt(i - 1)))) return { limit: Number(match[1]), index: i };
    }
  }
  return null;
}

export function runSearch(sosl: string, source: RecordSource, ctx: QueryContext): { searchRecords: SObjectJson[] } {
  const { terms, rest } = splitSearch(sosl);
  const scopeMatch = /^IN\s+(ALL|NAME|EMAIL|PHONE|SIDEBAR)\s+FIELDS\s*/i.exec(rest);
  const scope = (scopeMatch?.[1]?.toUpperCase() ?? 'ALL') as Scope;
  const expr = parseTerms(terms, scope);
  let tail = scopeMatch ? rest.slice(scopeMatch[0].length) : rest;
  if (/^IN\s/i.test(tail)) throw malformedSearch(`Unknown search scope: ${tail.split(/\s+/).slice(0, 3).join(' ')}`);

  let overallLimit = 2000;
  const topLimit = topLevelLimit(tail);
  if (topLimit) {
    overallLimit = topLimit.limit;
    tail = tail.slice(0, topLimit.index).trimEnd();
  }
  const returning = /^RETURNING\s+/i.exec(tail);
  if (!returning && tail !== '') throw malformedSearch(`line 1:0 unexpected token: '${tail.split(/\s+/)[0] ?? ''}'`);
  const specs = returning
    ? returningSpecs(tail.slice(returning[0].length))
    : ['Contact', 'Lead', 'Account'].filter((type) => ctx.access.object(type).read).map((type) => ({ type, soql: `SELECT Id FROM ${type}` }));

  const searchRecords: SObjectJson[] = [];
  for (const spec of specs) {
    const def = objectDef(spec.type);
    // Unknown, unsearchable, or not readable by this user: all the same to Salesforce.
    if (!def || !def.searchable || !ctx.access.object(def.name).read) {
      throw new SalesforceError(400, 'INVALID_TYPE', `sObject type '${spec.type}' is not supported.`);
    }
    const fields = searchedFields(def, scope, ctx.access);
    // Converted leads are searchable only with "View and Edit Converted Leads" (Salesforce Help).
    const hideConverted = def.name === 'Lead' && !ctx.access.viewEditConvertedLeads;
    // NAME FIELDS also searches a Contact's account name (SOQL and SOSL reference, "IN SearchGroup").
    const withAccountName = scope === 'NAME' && def.name === 'Contact' && ctx.access.object('Account').read;
    const searched = withAccountName ? [...fields, ACCOUNT_NAME] : fields;
    const candidates = source
      .all(def.name)
      .filter((record) => {
        if (record.IsDeleted === true || (hideConverted && record.IsConverted === true)) return false;
        const accountName = withAccountName && typeof record.AccountId === 'string' ? source.byId(record.AccountId)?.record.Name : undefined;
        return recordMatches(expr, accountName === undefined ? record : { ...record, [ACCOUNT_NAME.name]: accountName }, searched);
      });
    const query = parseSoql(spec.soql);
    const { records } = runQuery(query, source, ctx, { candidates });
    searchRecords.push(...records);
  }
  return { searchRecords: searchRecords.slice(0, overallLimit) };
}

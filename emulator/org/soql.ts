/**
 * SOQL on the emulator's records, parsed by @jetstreamapp/soql-parser-js and evaluated with the
 * semantics of a real org: relationship paths, child subqueries, case-insensitive text, null rules,
 * date literals, ORDER BY with NULLS FIRST/LAST, LIMIT/OFFSET, COUNT().
 */
import { parseQuery, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { FULL_ACCESS, type Access } from './access';
import { to18 } from './ids';
import { ACTIVITY_ROW_EXTRA, objectDef, type ChildRelationship, type FieldDef, type ObjectDef } from './schema';
import { SalesforceError, type RequestContext, type SObjectJson } from './types';
import { dayNumber, isDate, parseDateTime, unquoteSoql } from './values';

type Rec = Record<string, unknown>;

/** A request as the engine sees it: who asks (their access) and when. */
export interface QueryContext extends RequestContext {
  access: Access;
}

/** What the engine needs of the org's storage. */
export interface RecordSource {
  /** Every record of a type, deleted ones included (their IsDeleted is true). */
  all(type: string): Rec[];
  byId(id: string): { def: ObjectDef; record: Rec } | undefined;
}

/** A row's shape: its object, and (for activity relationships) the type its attributes name. */
interface RowKind {
  def: ObjectDef;
  rowType: string;
}

export function malformed(message: string): SalesforceError {
  return new SalesforceError(400, 'MALFORMED_QUERY', message);
}

function invalidField(column: string, entity: string): SalesforceError {
  return new SalesforceError(
    400,
    'INVALID_FIELD',
    `No such column '${column}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function invalidType(type: string): SalesforceError {
  return new SalesforceError(
    400,
    'INVALID_TYPE',
    `sObject type '${type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (error) {
    const found = /but found --> '([^']*)' <--/.exec((error as Error).message)?.[1];
    if (found === undefined) throw positioned(malformed((error as Error).message.split('\n')[0] ?? 'malformed query'), soql, 0);
    if (found === '') throw positioned(malformed('unexpected token: <EOF>'), soql, soql.trimEnd().length);
    throw positioned(malformed(`unexpected token: '${found}'`), soql, tokenIndex(soql, found));
  }
}

/** Where a word (or dotted path ending in it) first stands alone in the query; 0 when nowhere. */
function tokenIndex(text: string, token: string): number {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\w.])((?:\\w+\\.)*)${escaped}(?![\\w])`, 'i').exec(text);
  return match ? match.index : 0;
}

/** Salesforce's query error text: the line, a caret under the culprit, its row and column, the reason. */
function positioned(error: SalesforceError, text: string, index: number): SalesforceError {
  const before = text.slice(0, index).split('\n');
  const row = before.length;
  const column = before[before.length - 1]!.length + 1;
  const line = text.split('\n')[row - 1] ?? '';
  const message = `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${error.message}`;
  return new SalesforceError(error.status, error.errorCode, message, error.fields);
}

/** Adds the query line and position to an INVALID_FIELD or INVALID_TYPE raised while running `soql`. */
export function withQueryPosition(error: unknown, soql: string): unknown {
  if (!(error instanceof SalesforceError) || error.message.startsWith('\n')) return error;
  // The activity restrictions are reported as bare sentences (as quoted from real orgs).
  if (error.message.startsWith(ACTIVITY_RESTRICTION)) return error;
  if (error.errorCode !== 'INVALID_FIELD' && error.errorCode !== 'INVALID_TYPE' && error.errorCode !== 'MALFORMED_QUERY') return error;
  const token = /^(?:No such column|Didn't understand relationship|sObject type) '([^']+)'/.exec(error.message)?.[1];
  return positioned(error, soql, token ? tokenIndex(soql, token.split('.').pop()!) : 0);
}

/** A field of the row that this user may read (a field hidden by field-level security does not exist). */
function fieldOf(kind: RowKind, name: string, access: Access = FULL_ACCESS): FieldDef | undefined {
  const own = kind.def.fields.get(name.toLowerCase());
  if (own) return access.field(kind.def, own) === 'none' ? undefined : own;
  return kind.rowType !== kind.def.name ? ACTIVITY_ROW_EXTRA.get(name.toLowerCase()) : undefined;
}

/** A parent relationship this user may follow: its lookup field visible and (if one) its object readable. */
function parentOf(def: ObjectDef, name: string, access: Access): FieldDef | undefined {
  const reference = def.parents.get(name.toLowerCase());
  if (!reference || access.field(def, reference) === 'none') return undefined;
  if (!isPolymorphic(reference) && !access.object(reference.referenceTo![0]!).read) return undefined;
  return reference;
}

/** The value of a (possibly dotted) field for a row, or null when a parent on the way is empty. */
function valueAt(source: RecordSource, kind: RowKind, record: Rec, path: string[]): { value: unknown; field: FieldDef } {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const field = fieldOf(kind, head!);
    if (!field) throw invalidField(head!, kind.rowType);
    return { value: rowValue(kind, record, field), field };
  }
  const reference = kind.def.parents.get(head!.toLowerCase());
  if (!reference) throw relationshipError(head!, kind.rowType);
  const parentId = record[reference.name];
  const parent = typeof parentId === 'string' ? source.byId(parentId) : undefined;
  if (isPolymorphic(reference)) {
    const field = nameField(rest);
    if (!field) throw invalidField(rest.join('.'), 'Name');
    return { value: parent ? nameValue(parent, field) : null, field };
  }
  const parentDef = objectDef(reference.referenceTo![0]!)!;
  if (!parent) {
    // Still check the rest of the path names real fields.
    checkPath(parentDef, rest, FULL_ACCESS);
    return { value: null, field: { name: rest[rest.length - 1]!, type: 'string', createable: false, updateable: false } };
  }
  return valueAt(source, { def: parentDef, rowType: parentDef.name }, parent.record, rest);
}

function isPolymorphic(reference: FieldDef): boolean {
  return (reference.referenceTo?.length ?? 0) > 1;
}

/**
 * A polymorphic relationship (Who, What) points at Salesforce's `Name` object: only these fields,
 * whatever the parent's type, and its rows are typed `Name`.
 */
const NAME_OBJECT_FIELDS: ReadonlyMap<string, FieldDef> = new Map(
  (
    [
      ['Id', 'id'],
      ['Name', 'string'],
      ['Type', 'string'],
      ['FirstName', 'string'],
      ['LastName', 'string'],
      ['Alias', 'string'],
      ['Email', 'email'],
      ['Phone', 'phone'],
      ['Title', 'string'],
      ['IsActive', 'boolean'],
      ['UserRoleId', 'reference'],
      ['ProfileId', 'reference'],
    ] as const
  ).map(([name, type]) => [name.toLowerCase(), { name, type, createable: false, updateable: false } satisfies FieldDef]),
);

function nameField(rest: string[]): FieldDef | undefined {
  return rest.length === 1 ? NAME_OBJECT_FIELDS.get(rest[0]!.toLowerCase()) : undefined;
}

function nameValue(parent: { def: ObjectDef; record: Rec }, field: FieldDef): unknown {
  if (field.name === 'Type') return parent.def.name;
  return parent.def.fields.has(field.name.toLowerCase()) ? (parent.record[field.name] ?? null) : null;
}

/** Checks a field path (`Subject`, `Account.Owner.Name`, `Who.Type`) names fields of the row this user sees. */
function checkFieldPath(kind: RowKind, path: string[], access: Access): void {
  if (path.length === 1) {
    if (!fieldOf(kind, path[0]!, access)) throw invalidField(path[0]!, kind.rowType);
    return;
  }
  checkRelationshipPath(kind, path, access);
}

function checkPath(def: ObjectDef, path: string[], access: Access): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const field = def.fields.get(head!.toLowerCase());
    if (!field || access.field(def, field) === 'none') throw invalidField(head!, def.name);
    return;
  }
  const reference = parentOf(def, head!, access);
  if (!reference) throw relationshipError(head!, def.name);
  if (isPolymorphic(reference)) {
    if (!nameField(rest)) throw invalidField(rest.join('.'), 'Name');
    return;
  }
  checkPath(objectDef(reference.referenceTo![0]!)!, rest, access);
}

function relationshipError(name: string, _entity: string): SalesforceError {
  return new SalesforceError(
    400,
    'INVALID_FIELD',
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

function rowValue(_kind: RowKind, record: Rec, field: FieldDef): unknown {
  if (field.name === 'IsTask') return true;
  if (field.name === 'ActivitySubtype') return record.TaskSubtype ?? null;
  const value = record[field.name];
  return value === undefined ? null : value;
}

// ── WHERE ────────────────────────────────────────────────────────────────────────────────────

interface Condition {
  field: string;
  operator: string;
  literalType?: string | string[];
  value?: string | string[];
  dateLiteralVariable?: number | number[];
  /** A semi-join (`IN (SELECT …)`) or anti-join (`NOT IN (SELECT …)`). */
  valueQuery?: Query;
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: Condition };
type Expr = { op: 'AND' | 'OR'; left: Expr; right: Expr } | { op: 'NOT'; operand: Expr } | { op: 'COND'; condition: Condition };

function flatten(node: WhereClause | undefined, out: Token[]): void {
  if (!node) return;
  const clause = node as unknown as { left: (Condition & { openParen?: number; closeParen?: number }) | null; operator?: string; right?: WhereClause };
  // NOT comes as a clause without a condition on its left (only the parentheses opened before it).
  const bare = clause.left as { field?: unknown; fn?: unknown; openParen?: number } | null;
  if (clause.operator === 'NOT' && (bare === null || (bare.field === undefined && bare.fn === undefined))) {
    for (let i = 0; i < (bare?.openParen ?? 0); i++) out.push('(');
    out.push('NOT');
    flatten(clause.right, out);
    return;
  }
  const left = clause.left;
  if (left) {
    if ('subquery' in left) throw malformed('The emulator does not support this kind of subquery in WHERE.');
    for (let i = 0; i < (left.openParen ?? 0); i++) out.push('(');
    out.push({ condition: left });
    for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(')');
  }
  if (clause.operator && clause.right) {
    const op = clause.operator.toUpperCase();
    if (op !== 'AND' && op !== 'OR') throw malformed(`Unexpected operator ${clause.operator}`);
    out.push(op);
    flatten(clause.right, out);
  }
}

function buildExpr(tokens: Token[]): Expr {
  let position = 0;
  const peek = () => tokens[position];
  function parseOr(): Expr {
    let left = parseAnd();
    while (peek() === 'OR') {
      position++;
      left = { op: 'OR', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Expr {
    let left = parseNot();
    while (peek() === 'AND') {
      position++;
      left = { op: 'AND', left, right: parseNot() };
    }
    return left;
  }
  function parseNot(): Expr {
    if (peek() === 'NOT') {
      position++;
      return { op: 'NOT', operand: parseNot() };
    }
    const token = tokens[position++];
    if (token === '(') {
      const inner = parseOr();
      if (tokens[position++] !== ')') throw malformed('Unbalanced parentheses in WHERE');
      return inner;
    }
    if (token && typeof token === 'object') return { op: 'COND', condition: token.condition };
    throw malformed('Unexpected token in WHERE');
  }
  const expr = parseOr();
  if (position !== tokens.length) throw malformed('Unexpected token in WHERE');
  return expr;
}

export function compileWhere(where: WhereClause | undefined): Expr | null {
  if (!where) return null;
  const tokens: Token[] = [];
  flatten(where, tokens);
  return tokens.length ? buildExpr(tokens) : null;
}

interface EvalContext {
  source: RecordSource;
  now: Date;
  /** The ids each semi-join or anti-join of the main query selects, read once before any row. */
  semiJoins?: ReadonlyMap<Condition, ReadonlySet<string>>;
}

function evaluate(expr: Expr, kind: RowKind, record: Rec, ctx: EvalContext): boolean {
  switch (expr.op) {
    case 'AND':
      return evaluate(expr.left, kind, record, ctx) && evaluate(expr.right, kind, record, ctx);
    case 'OR':
      return evaluate(expr.left, kind, record, ctx) || evaluate(expr.right, kind, record, ctx);
    case 'NOT':
      return !evaluate(expr.operand, kind, record, ctx);
    case 'COND':
      return test(expr.condition, kind, record, ctx);
  }
}

type Literal = { kind: 'value'; value: unknown } | { kind: 'range'; from: number; to: number };

function literal(type: string, raw: string, variable: number | undefined, field: FieldDef, now: Date): Literal {
  switch (type) {
    case 'STRING': {
      const text = unquoteSoql(raw);
      if (field.type === 'id' || field.type === 'reference') return { kind: 'value', value: to18(text) ?? text };
      return { kind: 'value', value: text };
    }
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return { kind: 'value', value: Number(raw.replace(/^[A-Z]{3}/, '')) };
    case 'BOOLEAN':
      return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
    case 'NULL':
      return { kind: 'value', value: null };
    case 'DATE':
      return { kind: 'range', from: dayNumber(raw), to: dayNumber(raw) };
    case 'DATETIME':
      return { kind: 'value', value: parseDateTime(raw) };
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL':
      return dateLiteral(raw, variable, now);
    default:
      throw malformed(`Unsupported literal ${raw}`);
  }
}

function dateLiteral(raw: string, n: number | undefined, now: Date): Literal {
  const today = Math.floor(now.getTime() / 86_400_000);
  const name = raw.split(':')[0]!.toUpperCase();
  const count = n ?? Number(raw.split(':')[1] ?? 0);
  switch (name) {
    case 'TODAY':
      return { kind: 'range', from: today, to: today };
    case 'YESTERDAY':
      return { kind: 'range', from: today - 1, to: today - 1 };
    case 'TOMORROW':
      return { kind: 'range', from: today + 1, to: today + 1 };
    case 'LAST_N_DAYS':
      return { kind: 'range', from: today - count, to: today };
    case 'NEXT_N_DAYS':
      return { kind: 'range', from: today + 1, to: today + count };
    case 'LAST_WEEK':
      return { kind: 'range', from: today - 7, to: today - 1 };
    case 'NEXT_WEEK':
      return { kind: 'range', from: today + 1, to: today + 7 };
    default:
      throw malformed(`Date literal ${raw} is not supported by the emulator.`);
  }
}

/** A record value as something comparable: text lower-cased, dates as day numbers, datetimes as ms. */
function comparable(value: unknown, field: FieldDef, forRange: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (field.type === 'date' && typeof value === 'string') return dayNumber(value);
  if (field.type === 'datetime' && typeof value === 'string') return forRange ? dayNumber(value) : parseDateTime(value);
  if (typeof value === 'string' && field.type !== 'id' && field.type !== 'reference') return value.toLowerCase();
  return value;
}

function literalComparable(value: unknown, field: FieldDef): unknown {
  if (typeof value === 'string' && field.type !== 'id' && field.type !== 'reference') {
    if (field.type === 'date' && isDate(value)) return dayNumber(value);
    return value.toLowerCase();
  }
  return value;
}

function likeRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[++i];
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function test(condition: Condition, kind: RowKind, record: Rec, ctx: EvalContext): boolean {
  const { value, field } = valueAt(ctx.source, kind, record, condition.field.split('.'));
  if (condition.valueQuery) {
    const ids = ctx.semiJoins?.get(condition);
    if (!ids) throw malformed('The emulator supports semi-join sub-selects only in the WHERE clause of the main query.');
    const found = typeof value === 'string' && ids.has(value);
    return condition.operator.toUpperCase() === 'NOT IN' ? !found : found;
  }
  const operator = condition.operator.toUpperCase();
  const types = Array.isArray(condition.literalType) ? condition.literalType : [condition.literalType ?? 'STRING'];
  const raws = Array.isArray(condition.value) ? condition.value : [condition.value ?? ''];
  const variables = Array.isArray(condition.dateLiteralVariable) ? condition.dateLiteralVariable : [condition.dateLiteralVariable];
  const literals = raws.map((raw, i) => literal(types[i] ?? types[0]!, raw, variables[i], field, ctx.now));

  if (operator === 'IN' || operator === 'NOT IN') {
    const found = literals.some((lit) => matches(value, field, '=', lit));
    return operator === 'IN' ? found : !found;
  }
  if (operator === 'LIKE') {
    if (value === null) return false;
    const lit = literals[0];
    return lit?.kind === 'value' && typeof lit.value === 'string' && likeRegex(lit.value).test(String(value));
  }
  if (operator === 'INCLUDES' || operator === 'EXCLUDES') throw malformed('INCLUDES/EXCLUDES apply to multi-select picklists, which the emulator does not have.');
  return matches(value, field, operator, literals[0]!);
}

function matches(value: unknown, field: FieldDef, operator: string, lit: Literal): boolean {
  if (lit.kind === 'range') {
    const v = comparable(value, field, true) as number | null;
    if (v === null) return operator === '!=';
    switch (operator) {
      case '=':
        return v >= lit.from && v <= lit.to;
      case '!=':
        return v < lit.from || v > lit.to;
      case '<':
        return v < lit.from;
      case '<=':
        return v <= lit.to;
      case '>':
        return v > lit.to;
      case '>=':
        return v >= lit.from;
    }
    throw malformed(`Unknown operator ${operator}`);
  }
  const left = comparable(value, field, false);
  const right = literalComparable(lit.value, field);
  if (right === null) {
    if (operator === '=') return left === null;
    if (operator === '!=') return left !== null;
    return false;
  }
  if (left === null) return operator === '!=';
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
    case '<>':
      return left !== right;
    case '<':
      return (left as number) < (right as number);
    case '<=':
      return (left as number) <= (right as number);
    case '>':
      return (left as number) > (right as number);
    case '>=':
      return (left as number) >= (right as number);
  }
  throw malformed(`Unknown operator ${operator}`);
}

// ── SELECT ───────────────────────────────────────────────────────────────────────────────────

export function attributes(type: string, id: unknown, ctx: RequestContext) {
  return { type, url: `/services/data/v${ctx.apiVersion}/sobjects/${type}/${String(id)}` };
}

interface Projection {
  run(kind: RowKind, record: Rec, out: SObjectJson): void;
}

function project(query: Query, kind: RowKind, source: RecordSource, ctx: QueryContext, outerWhere: Expr | null = null): Projection[] {
  const projections: Projection[] = [];
  for (const selected of query.fields ?? []) {
    switch (selected.type) {
      case 'Field': {
        const field = fieldOf(kind, selected.field, ctx.access);
        if (!field) throw invalidField(selected.field, kind.rowType);
        projections.push({ run: (k, record, out) => void (out[field.name] = rowValue(k, record, field)) });
        break;
      }
      case 'FieldRelationship': {
        const path = [...selected.relationships, selected.field];
        // Validate now, so an unknown field fails even when no row is returned.
        checkRelationshipPath(kind, path, ctx.access);
        projections.push({ run: (k, record, out) => nest(source, k, record, path, out, ctx) });
        break;
      }
      case 'FieldSubquery': {
        const child = childRelationship(kind.def, selected.subquery.relationshipName, ctx.access);
        const sub = selected.subquery as unknown as Query;
        const childDef = objectDef(child.childType)!;
        const childKind: RowKind = { def: childDef, rowType: child.rowType ?? childDef.name };
        const childProjections = project(sub, childKind, source, ctx);
        const where = compileWhere(sub.where);
        checkClauses(sub, childKind, where, ctx.access);
        if (child.rowType !== undefined && !ctx.access.viewAllData) checkActivityRestrictions(child.name, sub, outerWhere);
        projections.push({
          run: (_k, record, out) => {
            const rows = source
              .all(child.childType)
              .filter((row) => row.IsDeleted !== true && row[child.field] === record.Id && (!child.filter || child.filter(row)));
            const selectedRows = finish(sub, childKind, rows, where, source, ctx);
            out[child.name] = selectedRows.length
              ? {
                  totalSize: selectedRows.length,
                  done: true,
                  records: selectedRows.map((row) => render(childKind, row, childProjections, ctx)),
                }
              : null;
          },
        });
        break;
      }
      case 'FieldFunctionExpression':
        throw malformed(`Only COUNT() is supported as a function by the emulator, not ${selected.rawValue ?? selected.functionName}.`);
      default:
        throw malformed(`The emulator does not support ${selected.type} in SELECT.`);
    }
  }
  return projections;
}

function checkRelationshipPath(kind: RowKind, path: string[], access: Access): void {
  const reference = parentOf(kind.def, path[0]!, access);
  if (!reference) throw relationshipError(path[0]!, kind.rowType);
  if (isPolymorphic(reference)) {
    if (!nameField(path.slice(1))) throw invalidField(path.slice(1).join('.'), 'Name');
    return;
  }
  checkPath(objectDef(reference.referenceTo![0]!)!, path.slice(1), access);
}

/** The start of every refusal of an activity relationship (OpenActivities, ActivityHistories). */
const ACTIVITY_RESTRICTION = 'There is an implementation restriction on ';

/** The sort order Salesforce demands of users without "View All Data" (nulls may come last). */
const REQUIRED_ACTIVITY_ORDER: Record<string, Array<{ field: string; desc: boolean }>> = {
  OpenActivities: [
    { field: 'activitydate', desc: false },
    { field: 'lastmodifieddate', desc: true },
  ],
  ActivityHistories: [
    { field: 'activitydate', desc: true },
    { field: 'lastmodifieddate', desc: true },
  ],
};

/**
 * Salesforce's restrictions on activity relationships for users without "View All Data" (object
 * reference, ActivityHistory and OpenActivity): the main query names one record, the subquery has
 * no WHERE, sorts in one fixed order, and asks for 499 rows or fewer. The first two sentences are
 * the ones real orgs answer (quoted in deejay-hub/timeline-lwc #159 and #194); the other two are
 * worded after them (unconfirmed).
 */
function checkActivityRestrictions(relationship: string, sub: Query, outerWhere: Expr | null): void {
  const refuse = (rule: string) =>
    new SalesforceError(
      400,
      'MALFORMED_QUERY',
      `${ACTIVITY_RESTRICTION}${relationship}. When you query this relationship, security evaluation is implemented for users who don't have administrator permissions, and ${rule}`,
    );
  if (sub.where) throw refuse('no other filters may be applied to the aggregate query.');
  const required = REQUIRED_ACTIVITY_ORDER[relationship]!;
  const orderBy = sub.orderBy ? (Array.isArray(sub.orderBy) ? sub.orderBy : [sub.orderBy]) : [];
  const sorted =
    orderBy.length === required.length &&
    orderBy.every((clause, i) => {
      const field = (clause as { field?: string }).field?.toLowerCase();
      return field === required[i]!.field && (clause.order === 'DESC') === required[i]!.desc;
    });
  if (!sorted) {
    const wanted = required.map((key) => `${key.field === 'activitydate' ? 'ActivityDate' : 'LastModifiedDate'} ${key.desc ? 'DESC' : 'ASC'}`).join(', ');
    throw refuse(`you must use a specific sort order: ${wanted}`);
  }
  if (sub.limit === undefined || sub.limit > 499) throw refuse('you must specify a limit of 499 or fewer rows.');
  if (!namesOneRecord(outerWhere)) throw refuse('the main query must name exactly one record (WHERE Id = ...).');
}

/** `WHERE Id = '…'` (or `Id IN ('…')` with one id): the one shape that names a single record. */
function namesOneRecord(where: Expr | null): boolean {
  if (where?.op !== 'COND' || where.condition.field.toLowerCase() !== 'id') return false;
  const operator = where.condition.operator.toUpperCase();
  const values = Array.isArray(where.condition.value) ? where.condition.value : [where.condition.value];
  return (operator === '=' || operator === 'IN') && values.length === 1;
}

function childRelationship(def: ObjectDef, name: string, access: Access): ChildRelationship {
  const found = def.children.get(name.toLowerCase());
  // A relationship to an object this user cannot read does not exist for them.
  const child = found && access.object(found.childType).read ? found : undefined;
  if (!child) {
    throw new SalesforceError(
      400,
      'INVALID_TYPE',
      `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return child;
}

/** Writes `Account: {attributes, Name}` (merging fields of the same parent); a missing parent is null. */
function nest(source: RecordSource, kind: RowKind, record: Rec, path: string[], out: SObjectJson | Rec, ctx: RequestContext): void {
  const reference = kind.def.parents.get(path[0]!.toLowerCase())!;
  const key = reference.relationshipName!;
  const parentId = record[reference.name];
  const parent = typeof parentId === 'string' ? source.byId(parentId) : undefined;
  if (!parent) {
    out[key] = null;
    return;
  }
  const existing = out[key];
  const polymorphic = isPolymorphic(reference);
  const target = (
    existing && typeof existing === 'object'
      ? existing
      : // A polymorphic parent is typed `Name`; its url still names the real object.
        { attributes: { type: polymorphic ? 'Name' : parent.def.name, url: attributes(parent.def.name, parent.record.Id, ctx).url } }
  ) as Rec;
  out[key] = target;
  const rest = path.slice(1);
  if (polymorphic) {
    const field = nameField(rest)!;
    target[field.name] = nameValue(parent, field);
    return;
  }
  if (rest.length === 1) {
    const field = parent.def.fields.get(rest[0]!.toLowerCase());
    if (field) target[field.name] = parent.record[field.name] ?? null;
    return;
  }
  nest(source, { def: parent.def, rowType: parent.def.name }, parent.record, rest, target, ctx);
}

function render(kind: RowKind, record: Rec, projections: Projection[], ctx: RequestContext): SObjectJson {
  const out: SObjectJson = { attributes: attributes(kind.rowType, record.Id, ctx) };
  for (const projection of projections) projection.run(kind, record, out);
  return out;
}

interface OrderKey {
  path: string[];
  desc: boolean;
  nullsLast: boolean;
}

/**
 * The order of activity relationships without an ORDER BY, as Salesforce documents it: open
 * activities by due date ascending, history by due date descending, then newest change first.
 */
const DEFAULT_ORDER: Record<string, OrderKey[]> = {
  OpenActivity: [
    { path: ['ActivityDate'], desc: false, nullsLast: false },
    { path: ['LastModifiedDate'], desc: true, nullsLast: false },
  ],
  ActivityHistory: [
    { path: ['ActivityDate'], desc: true, nullsLast: false },
    { path: ['LastModifiedDate'], desc: true, nullsLast: false },
  ],
};

function orderKeys(query: Query, kind: RowKind): OrderKey[] {
  const orderBy = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
  if (orderBy.length === 0) return DEFAULT_ORDER[kind.rowType] ?? [];
  return orderBy.map((clause) => {
    const field = (clause as { field?: string }).field;
    if (!field) throw malformed('ORDER BY supports fields only in the emulator.');
    return { path: field.split('.'), desc: clause.order === 'DESC', nullsLast: clause.nulls === 'LAST' };
  });
}

function conditionsOf(expr: Expr | null, out: Condition[] = []): Condition[] {
  if (!expr) return out;
  if (expr.op === 'COND') out.push(expr.condition);
  else if (expr.op === 'NOT') conditionsOf(expr.operand, out);
  else {
    conditionsOf(expr.left, out);
    conditionsOf(expr.right, out);
  }
  return out;
}

/** Checks every field WHERE and ORDER BY name before any row is read, as Salesforce does. */
function checkClauses(query: Query, kind: RowKind, where: Expr | null, access: Access): void {
  for (const condition of conditionsOf(where)) {
    if (typeof condition.field !== 'string') throw malformed('The emulator supports plain fields in WHERE, not functions.');
    checkFieldPath(kind, condition.field.split('.'), access);
  }
  for (const key of orderKeys(query, kind)) checkFieldPath(kind, key.path, access);
  if (query.offset !== undefined && query.offset > 2000) {
    throw new SalesforceError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  }
}

function sortRows(query: Query, kind: RowKind, rows: Rec[], source: RecordSource): Rec[] {
  const keys = orderKeys(query, kind);
  if (keys.length === 0) return rows;
  const decorated = rows.map((row) => ({
    row,
    values: keys.map((key) => {
      const { value, field } = valueAt(source, kind, row, key.path);
      return comparable(value, field, false);
    }),
  }));
  decorated.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const x = a.values[i];
      const y = b.values[i];
      if (x === y) continue;
      if (x === null) return key.nullsLast ? 1 : -1;
      if (y === null) return key.nullsLast ? -1 : 1;
      const order = (x as number | string) < (y as number | string) ? -1 : 1;
      return key.desc ? -order : order;
    }
    return 0;
  });
  return decorated.map((item) => item.row);
}

function finish(
  query: Query,
  kind: RowKind,
  rows: Rec[],
  where: Expr | null,
  source: RecordSource,
  ctx: RequestContext,
  semiJoins?: ReadonlyMap<Condition, ReadonlySet<string>>,
): Rec[] {
  const evalCtx = { source, now: ctx.now, semiJoins };
  const filtered = where ? rows.filter((row) => evaluate(where, kind, row, evalCtx)) : rows;
  const sorted = sortRows(query, kind, filtered, source);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  return sorted.slice(offset, offset + limit);
}

export interface SoqlResult {
  records: SObjectJson[];
  totalSize: number;
}

/** Runs a parsed query on the rows it may see (`candidates` narrows them, e.g. to SOSL hits). */
export function runQuery(query: Query, source: RecordSource, ctx: QueryContext, options: { includeDeleted?: boolean; candidates?: Rec[] } = {}): SoqlResult {
  const def = objectDef(query.sObject ?? '');
  // An object this user cannot read does not exist for them.
  if (!def || !ctx.access.object(def.name).read) throw invalidType(query.sObject ?? '');
  const kind: RowKind = { def, rowType: def.name };
  const fields = query.fields ?? [];
  const isCount = fields.length === 1 && fields[0]?.type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT' && fields[0].parameters?.length === 0;
  const where = compileWhere(query.where);
  const projections = isCount ? [] : project(query, kind, source, ctx, where);
  checkClauses(query, kind, where, ctx.access);
  const semiJoins = readSemiJoins(where, kind, source, ctx);
  const pool = (options.candidates ?? source.all(def.name)).filter((row) => options.includeDeleted || row.IsDeleted !== true);
  const rows = finish(query, kind, pool, where, source, ctx, semiJoins);
  if (isCount) return { records: [], totalSize: rows.length };
  return { records: rows.map((row) => render(kind, row, projections, ctx)), totalSize: rows.length };
}

// ── Semi-joins and anti-joins ────────────────────────────────────────────────────────────────

/** Salesforce allows two semi-joins or anti-joins in one query (SOQL reference, "Semi-Joins and Anti-Joins"). */
const MAX_SEMI_JOINS = 2;

function semiJoinsUnder(expr: Expr | null, insideOr: boolean, out: Array<{ condition: Condition; insideOr: boolean }>): void {
  if (!expr) return;
  if (expr.op === 'COND') {
    if (expr.condition.valueQuery) out.push({ condition: expr.condition, insideOr });
  } else if (expr.op === 'NOT') semiJoinsUnder(expr.operand, insideOr, out);
  else {
    semiJoinsUnder(expr.left, insideOr || expr.op === 'OR', out);
    semiJoinsUnder(expr.right, insideOr || expr.op === 'OR', out);
  }
}

const isIdField = (field: FieldDef | undefined) => field?.type === 'id' || field?.type === 'reference';

/**
 * Runs each semi-join's sub-select once, as the same user, and keeps the ids it selects. Refused as
 * Salesforce refuses them (SOQL reference, "Semi-Joins and Anti-Joins"): more than two, with OR,
 * on a field that is not an id or a lookup, selecting anything but one id or lookup field, nested.
 * The messages are the emulator's except "semi join sub selects can only query id fields" (quoted
 * from a real org); the error codes are unconfirmed.
 */
function readSemiJoins(where: Expr | null, kind: RowKind, source: RecordSource, ctx: QueryContext): Map<Condition, Set<string>> | undefined {
  const found: Array<{ condition: Condition; insideOr: boolean }> = [];
  semiJoinsUnder(where, false, found);
  if (found.length === 0) return undefined;
  if (found.length > MAX_SEMI_JOINS) throw malformed(`Maximum ${MAX_SEMI_JOINS} semi join sub-selects are allowed.`);
  const ids = new Map<Condition, Set<string>>();
  for (const { condition, insideOr } of found) {
    if (insideOr) throw malformed("Semi join sub-selects are not allowed with the 'OR' operator");
    const operator = condition.operator.toUpperCase();
    if (operator !== 'IN' && operator !== 'NOT IN') throw malformed(`unexpected token: '${condition.operator}'`);
    if (condition.field.includes('.') || !isIdField(fieldOf(kind, condition.field, ctx.access))) {
      throw malformed(`semi join sub selects are only supported on id fields, cannot use: '${condition.field}'`);
    }
    const inner = condition.valueQuery!;
    const innerDef = objectDef(inner.sObject ?? '');
    const selected = inner.fields ?? [];
    const only = selected.length === 1 && selected[0]!.type === 'Field' ? selected[0]!.field : null;
    if (!only || !isIdField(innerDef?.fields.get(only.toLowerCase()))) {
      throw malformed(`semi join sub selects can only query id fields, cannot use: '${only ?? selected.map((f) => f.type).join(', ')}'`);
    }
    const innerWhere = compileWhere(inner.where);
    const nested: Array<{ condition: Condition; insideOr: boolean }> = [];
    semiJoinsUnder(innerWhere, false, nested);
    if (nested.length) throw malformed('Nesting of semi join sub-selects is not supported');
    const { records } = runQuery(inner, source, ctx);
    const field = innerDef!.fields.get(only.toLowerCase())!;
    ids.set(condition, new Set(records.map((row) => row[field.name]).filter((value): value is string => typeof value === 'string')));
  }
  return ids;
}

/**
 * DML rules: what a create or update may write, in Salesforce's order and with its error codes, and
 * the fields Salesforce derives (Name, IsClosed, IsWon). Storage lives in org.ts.
 */
import type { Access } from './access';
import { isIdShape, to18 } from './ids';
import { objectByPrefix, type FieldDef, type ObjectDef } from './schema';
import { SalesforceError } from './types';
import { formatDateTime, isDate, isDateTime } from './values';

type Rec = Record<string, unknown>;

/** Finds a record by id, deleted ones included (their IsDeleted is true). */
export type RecordLookup = (id18: string) => { def: ObjectDef; record: Rec } | undefined;

/** What DML needs of the org besides the record: lookups, the org's picklists, who is writing. */
export interface DmlContext {
  lookup: RecordLookup;
  /** The values of a picklist whose values the org defines (Task.Status); undefined for fixed ones. */
  picklist(field: FieldDef): readonly string[] | undefined;
  access: Access;
}

/** What derived fields need of the org: the Task statuses that close a Task, and the records a Task points at. */
export interface DeriveContext {
  closedTaskStatuses: ReadonlySet<string>;
  /** A record by id (not deleted), for fields derived from a lookup (Task.AccountId). */
  recordById?(id: string): Rec | undefined;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Name as Salesforce composes it; Japanese names family name first, as a ja org formats them. */
export function fullName(first: unknown, last: unknown): string {
  const parts = [typeof first === 'string' ? first.trim() : '', typeof last === 'string' ? last.trim() : ''];
  const ordered = CJK.test(parts.join('')) ? [parts[1], parts[0]] : parts;
  return ordered.filter(Boolean).join(' ');
}

/** Field labels Salesforce puts in front of lookup errors ("Name ID: id value of incorrect type: …"). */
const LOOKUP_LABELS: Record<string, string> = {
  WhoId: 'Name ID',
  WhatId: 'Related To ID',
  OwnerId: 'Owner ID',
  AccountId: 'Account ID',
  OpportunityId: 'Opportunity ID',
  ContactId: 'Contact ID',
};

/** Copies request fields onto a record, refusing what Salesforce refuses. */
export function assignFields(def: ObjectDef, record: Rec, fields: Record<string, unknown>, mode: 'create' | 'update', dml: DmlContext): void {
  const readOnly: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'attributes') continue;
    const field = def.fields.get(name.toLowerCase());
    // A field hidden by field-level security does not exist for this user.
    const access = field ? dml.access.field(def, field) : 'none';
    if (!field || access === 'none') throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
    if (field.name === 'Id') {
      if (mode === 'create') throw new SalesforceError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
      // An update may repeat the record's own id (jsforce does not, other clients do).
      if (typeof value === 'string' && to18(value) === record.Id) continue;
    }
    if ((mode === 'create' ? !field.createable : !field.updateable) || access !== 'edit') {
      readOnly.push(field.name);
      continue;
    }
    record[field.name] = coerce(field, value, dml);
  }
  if (readOnly.length) {
    throw new SalesforceError(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }
}

function coerce(field: FieldDef, value: unknown, dml: DmlContext): unknown {
  if (value === null || value === undefined) return null;
  const wrongType = () =>
    new SalesforceError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${field.type} from ${typeof value} value ${JSON.stringify(value)} or request may be missing a required field`);
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType();
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType();
      return value;
    case 'double':
    case 'currency':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType();
      return value;
    case 'date':
      if (typeof value !== 'string' || !isDate(value.slice(0, 10))) throw wrongType();
      return value.slice(0, 10);
    case 'datetime':
      if (typeof value !== 'string' || !isDateTime(value)) throw wrongType();
      return formatDateTime(new Date(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))));
    case 'reference':
      if (typeof value !== 'string') throw wrongType();
      return value === '' ? null : reference(field, value, dml);
    default:
      if (typeof value === 'number' || typeof value === 'boolean') return coerce(field, String(value), dml);
      if (typeof value !== 'string') throw wrongType();
      return text(field, value, dml.picklist(field) ?? field.picklist);
  }
}

/**
 * A lookup id: malformed → MALFORMED_ID; an id of another object (known by its key prefix) →
 * FIELD_INTEGRITY_EXCEPTION; no such record, or a deleted one → INVALID_CROSS_REFERENCE_KEY.
 * (A real org may answer ENTITY_IS_DELETED for a deleted record; tests/lib/calllog pins
 * INVALID_CROSS_REFERENCE_KEY, so the emulator keeps one answer for both until that is settled.)
 */
function reference(field: FieldDef, value: string, dml: DmlContext): string {
  const id = isIdShape(value) ? to18(value) : null;
  if (!id) throw new SalesforceError(400, 'MALFORMED_ID', `${LOOKUP_LABELS[field.name] ?? field.name}: id value of incorrect type: ${value}`, [field.name]);
  const def = objectByPrefix(id);
  if (!def || !field.referenceTo?.includes(def.name)) {
    throw new SalesforceError(400, 'FIELD_INTEGRITY_EXCEPTION', `${LOOKUP_LABELS[field.name] ?? field.name}: id value of incorrect type: ${value}`, [field.name]);
  }
  const target = dml.lookup(id);
  if (!target || target.record.IsDeleted === true) throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
  if (!dml.access.object(def.name).read) {
    throw new SalesforceError(400, 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'insufficient access rights on cross-reference id', [field.name]);
  }
  // A converted lead is read-only, and nothing new may point at it.
  if (def.name === 'Lead' && target.record.IsConverted === true) {
    throw new SalesforceError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', [field.name]);
  }
  return id;
}

function text(field: FieldDef, value: string, picklist: readonly string[] | undefined): string {
  if (field.length !== undefined && value.length > field.length) {
    throw new SalesforceError(
      400,
      'STRING_TOO_LONG',
      `${field.name}: data value too large: ${value.slice(0, 40)}${value.length > 40 ? '...' : ''} (max length=${field.length})`,
      [field.name],
    );
  }
  if (field.type === 'picklist' && field.restricted && value !== '' && !picklist?.includes(value)) {
    throw new SalesforceError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.name}: bad value for restricted picklist field: ${value}`, [field.name]);
  }
  if (field.type === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new SalesforceError(400, 'INVALID_EMAIL_ADDRESS', `${field.name}: invalid email address: ${value}`, [field.name]);
  }
  return value;
}

/** Required fields that are empty: on create all of them, on update those the request clears. */
export function checkRequired(def: ObjectDef, record: Rec, touched?: Record<string, unknown>): void {
  const touchedNames = touched ? new Set(Object.keys(touched).map((name) => name.toLowerCase())) : null;
  const missing = [...def.fields.values()].filter(
    (field) =>
      field.required &&
      (!touchedNames || touchedNames.has(field.name.toLowerCase())) &&
      (record[field.name] === undefined || record[field.name] === null || record[field.name] === ''),
  );
  if (missing.length) {
    throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`, missing.map((f) => f.name));
  }
}

/** Rules between fields: a Task about a Lead cannot also be related to an Account, Opportunity or Case. */
export function checkIntegrity(def: ObjectDef, record: Rec): void {
  if (def.name === 'Task' && typeof record.WhoId === 'string' && record.WhoId.startsWith('00Q') && record.WhatId) {
    throw new SalesforceError(
      400,
      'FIELD_INTEGRITY_EXCEPTION',
      'Related To ID: a Task whose Name is a Lead cannot be related to another record (an Account, an Opportunity or a Case).',
      ['WhoId', 'WhatId'],
    );
  }
}

/** Fields Salesforce computes: Name, IsClosed, IsWon, IsConverted, a Task's AccountId. */
export function deriveFields(def: ObjectDef, record: Rec, org: DeriveContext): Rec {
  if (def.name === 'Contact' || def.name === 'Lead') record.Name = fullName(record.FirstName, record.LastName);
  if (def.name === 'Task') {
    record.IsClosed = org.closedTaskStatuses.has(String(record.Status ?? ''));
    if (org.recordById) record.AccountId = taskAccountId(record, org.recordById);
  }
  if (def.name === 'Case') record.IsClosed = record.Status === 'Closed';
  if (def.name === 'Opportunity') {
    record.IsClosed = record.StageName === 'Closed Won' || record.StageName === 'Closed Lost';
    record.IsWon = record.StageName === 'Closed Won';
  }
  if (def.name === 'Lead' && record.IsConverted === undefined) record.IsConverted = false;
  return record;
}

/**
 * A Task's AccountId as the object reference (Task) says Salesforce sets it: the What's account when
 * the What is an Account or an Opportunity, otherwise the account of a Contact Who, otherwise none.
 */
function taskAccountId(task: Rec, recordById: (id: string) => Rec | undefined): string | null {
  const what = typeof task.WhatId === 'string' ? task.WhatId : null;
  if (what?.startsWith('001')) return what;
  if (what?.startsWith('006')) return (recordById(what)?.AccountId as string | undefined) ?? null;
  const who = typeof task.WhoId === 'string' ? task.WhoId : null;
  if (who?.startsWith('003')) return (recordById(who)?.AccountId as string | undefined) ?? null;
  return null;
}

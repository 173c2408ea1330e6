/**
 * The emulated org: records by type, DML with Salesforce's validation and error codes, and the
 * SOQL/SOSL engines on top. It knows nothing of HTTP (see types.ts for the boundary).
 */
import { isIdShape, makeId, to18 } from './ids';
import { CLOSED_TASK_STATUSES, OBJECTS, objectByPrefix, objectDef, type FieldDef, type ObjectDef } from './schema';
import { attributes, parseSoql, runQuery, type RecordSource } from './soql';
import { runSearch } from './sosl';
import { SalesforceError, type Org, type OrgInfo, type OrgSnapshot, type OrgUser, type QueryOutcome, type RequestContext, type SObjectJson } from './types';
import { formatDateTime, isDate, isDateTime } from './values';

type Rec = Record<string, unknown>;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Name as Salesforce composes it; Japanese names family name first, as a ja org formats them. */
export function fullName(first: unknown, last: unknown): string {
  const parts = [typeof first === 'string' ? first.trim() : '', typeof last === 'string' ? last.trim() : ''];
  const ordered = CJK.test(parts.join('')) ? [parts[1], parts[0]] : parts;
  return ordered.filter(Boolean).join(' ');
}

export class EmulatedOrg implements Org, RecordSource {
  readonly info: OrgInfo;
  private readonly userList: OrgUser[];
  /** type → id → record (User records are derived from the users list). */
  private readonly tables = new Map<string, Map<string, Rec>>();
  private serial = 1;

  constructor(snapshot: OrgSnapshot) {
    const copy = structuredClone(snapshot);
    this.info = copy.org;
    this.userList = copy.users;
    for (const def of OBJECTS.values()) this.tables.set(def.name, new Map());
    const users = this.tables.get('User')!;
    for (const user of this.userList) users.set(user.Id, { ...user, IsDeleted: false });
    for (const [type, records] of Object.entries(copy.records)) {
      const def = objectDef(type);
      if (!def) throw new Error(`The snapshot holds records of an unknown type: ${type}`);
      const table = this.tables.get(def.name)!;
      for (const record of records) {
        const id = typeof record.Id === 'string' ? to18(record.Id) : null;
        if (!id) throw new Error(`A ${type} record of the snapshot has no valid Id: ${JSON.stringify(record).slice(0, 80)}`);
        table.set(id, this.derive(def, { IsDeleted: false, ...record, Id: id }));
      }
    }
    this.serial = 1 + [...this.tables.values()].reduce((sum, table) => sum + table.size, 0);
  }

  // ── RecordSource ──
  all(type: string): Rec[] {
    const def = objectDef(type);
    return def ? [...this.tables.get(def.name)!.values()] : [];
  }

  byId(id: string): { def: ObjectDef; record: Rec } | undefined {
    const full = to18(id);
    if (!full) return undefined;
    const def = objectByPrefix(full);
    const record = def ? this.tables.get(def.name)!.get(full) : undefined;
    return def && record && record.IsDeleted !== true ? { def, record } : undefined;
  }

  // ── Org ──
  users(): OrgUser[] {
    return structuredClone(this.userList);
  }

  user(id: string): OrgUser | undefined {
    const full = to18(id);
    return this.userList.find((user) => user.Id === full);
  }

  query(soql: string, ctx: RequestContext, options: { includeDeleted?: boolean } = {}): QueryOutcome {
    return runQuery(parseSoql(soql), this, ctx, options);
  }

  search(sosl: string, ctx: RequestContext): { searchRecords: SObjectJson[] } {
    return runSearch(sosl, this, ctx);
  }

  create(type: string, fields: Record<string, unknown>, ctx: RequestContext): string {
    const def = this.writable(type);
    const record: Rec = {};
    for (const field of def.fields.values()) if (field.defaultValue !== undefined) record[field.name] = field.defaultValue;
    if (def.fields.has('ownerid')) record.OwnerId = ctx.userId;
    for (const field of def.fields.values()) if (field.type === 'boolean' && record[field.name] === undefined) record[field.name] = false;
    this.assign(def, record, fields, 'create');
    const missing = [...def.fields.values()].filter((field) => field.required && (record[field.name] === undefined || record[field.name] === null || record[field.name] === ''));
    if (missing.length) {
      throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`, missing.map((f) => f.name));
    }
    this.checkIntegrity(def, record);
    let id: string;
    do id = makeId(def.keyPrefix, this.serial++);
    while (this.tables.get(def.name)!.has(id));
    const stamp = formatDateTime(ctx.now);
    Object.assign(record, {
      Id: id,
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: ctx.userId,
      LastModifiedDate: stamp,
      LastModifiedById: ctx.userId,
      SystemModstamp: stamp,
    });
    this.tables.get(def.name)!.set(id, this.derive(def, record));
    return id;
  }

  retrieve(type: string, id: string, ctx: RequestContext, fields?: string[]): SObjectJson {
    const def = objectDef(type);
    if (!def) throw notFound();
    const record = this.existing(def, id);
    const out: SObjectJson = { attributes: attributes(def.name, record.Id, ctx) };
    const names = fields?.length ? fields : [...def.fields.values()].map((f) => f.name);
    for (const name of names) {
      const field = def.fields.get(name.trim().toLowerCase());
      if (!field) {
        throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
      }
      out[field.name] = record[field.name] ?? null;
    }
    return out;
  }

  update(type: string, id: string, fields: Record<string, unknown>, ctx: RequestContext): void {
    const def = this.writable(type);
    const current = this.existing(def, id);
    const next = { ...current };
    this.assign(def, next, fields, 'update');
    const cleared = [...def.fields.values()].filter((field) => field.required && field.name in fields && (next[field.name] === null || next[field.name] === ''));
    if (cleared.length) {
      throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${cleared.map((f) => f.name).join(', ')}]`, cleared.map((f) => f.name));
    }
    this.checkIntegrity(def, next);
    const stamp = formatDateTime(ctx.now);
    Object.assign(next, { LastModifiedDate: stamp, LastModifiedById: ctx.userId, SystemModstamp: stamp });
    this.tables.get(def.name)!.set(current.Id as string, this.derive(def, next));
  }

  delete(type: string, id: string, ctx: RequestContext): void {
    const def = this.writable(type);
    const record = this.existing(def, id);
    const stamp = formatDateTime(ctx.now);
    this.tables.get(def.name)!.set(record.Id as string, { ...record, IsDeleted: true, LastModifiedDate: stamp, SystemModstamp: stamp });
  }

  snapshot(): OrgSnapshot {
    const records: OrgSnapshot['records'] = {};
    for (const [type, table] of this.tables) {
      if (type === 'User') continue;
      records[type] = [...table.values()].map((record) => structuredClone(record));
    }
    return { org: structuredClone(this.info), users: this.users(), records };
  }

  // ── helpers ──
  private writable(type: string): ObjectDef {
    const def = objectDef(type);
    if (!def) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (def.readOnly) throw new SalesforceError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support this operation`);
    return def;
  }

  private existing(def: ObjectDef, id: string): Rec {
    const full = to18(id);
    const record = full ? this.tables.get(def.name)!.get(full) : undefined;
    if (!record) {
      if (full && !full.startsWith(def.keyPrefix)) {
        throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${id}`);
      }
      throw notFound();
    }
    if (record.IsDeleted === true) throw new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return record;
  }

  /** Copies request fields onto a record, refusing what Salesforce refuses. */
  private assign(def: ObjectDef, record: Rec, fields: Record<string, unknown>, mode: 'create' | 'update'): void {
    const readOnly: string[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'attributes') continue;
      const field = def.fields.get(name.toLowerCase());
      if (!field) throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
      if (mode === 'create' ? !field.createable : !field.updateable) {
        readOnly.push(field.name);
        continue;
      }
      record[field.name] = this.coerce(def, field, value);
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

  private coerce(def: ObjectDef, field: FieldDef, value: unknown): unknown {
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
      case 'reference': {
        if (typeof value !== 'string') throw wrongType();
        if (value === '') return null;
        if (!isIdShape(value) || !to18(value)) {
          throw new SalesforceError(400, 'MALFORMED_ID', `${field.name}: id value of incorrect type: ${value}`, [field.name]);
        }
        const target = this.byId(value);
        if (!target || !field.referenceTo?.includes(target.def.name)) {
          throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
        }
        return target.record.Id;
      }
      default: {
        if (typeof value !== 'string') {
          if (typeof value === 'number' || typeof value === 'boolean') return this.coerce(def, field, String(value));
          throw wrongType();
        }
        if (field.length !== undefined && value.length > field.length) {
          throw new SalesforceError(
            400,
            'STRING_TOO_LONG',
            `${field.name}: data value too large: ${value.slice(0, 40)}${value.length > 40 ? '...' : ''} (max length=${field.length})`,
            [field.name],
          );
        }
        if (field.type === 'picklist' && field.restricted && value !== '' && !field.picklist?.includes(value)) {
          throw new SalesforceError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.name}: bad value for restricted picklist field: ${value}`, [field.name]);
        }
        if (field.type === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
          throw new SalesforceError(400, 'INVALID_EMAIL_ADDRESS', `${field.name}: invalid email address: ${value}`, [field.name]);
        }
        return value;
      }
    }
  }

  /** Rules between fields (a Task about a Lead cannot also be related to an Account). */
  private checkIntegrity(def: ObjectDef, record: Rec): void {
    if (def.name === 'Task' && typeof record.WhoId === 'string' && record.WhoId.startsWith('00Q') && record.WhatId) {
      throw new SalesforceError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'Related To ID: id value of incorrect type: a Task whose Name is a lead cannot be related to another record.',
        ['WhatId'],
      );
    }
  }

  /** Fields Salesforce computes: Name, IsClosed, IsWon. */
  private derive(def: ObjectDef, record: Rec): Rec {
    if (def.name === 'Contact' || def.name === 'Lead') record.Name = fullName(record.FirstName, record.LastName);
    if (def.name === 'Task') record.IsClosed = CLOSED_TASK_STATUSES.has(String(record.Status ?? ''));
    if (def.name === 'Opportunity') {
      record.IsClosed = record.StageName === 'Closed Won' || record.StageName === 'Closed Lost';
      record.IsWon = record.StageName === 'Closed Won';
    }
    if (def.name === 'Lead' && record.IsConverted === undefined) record.IsConverted = false;
    return record;
  }
}

function notFound(): SalesforceError {
  return new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
}


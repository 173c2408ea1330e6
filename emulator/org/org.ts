/**
 * The emulated org: records by type, DML with Salesforce's validation and error codes, and the
 * SOQL/SOSL engines on top. It knows nothing of HTTP (see types.ts for the boundary).
 */
import { assignFields, checkIntegrity, checkRequired, deriveFields, fullName } from './dml';
import { makeId, to18 } from './ids';
import { OBJECTS, objectByPrefix, objectDef, type ObjectDef } from './schema';
import { attributes, parseSoql, runQuery, withQueryPosition, type RecordSource } from './soql';
import { runSearch } from './sosl';
import { SalesforceError, type Org, type OrgInfo, type OrgSnapshot, type OrgUser, type QueryOutcome, type RequestContext, type SObjectJson } from './types';
import { formatDateTime } from './values';

type Rec = Record<string, unknown>;

/** Re-exported for callers that build names the way the org does. */
export { fullName };

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
        table.set(id, deriveFields(def, { IsDeleted: false, ...record, Id: id }));
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

  /** Any record by its 18-character id, deleted ones included (DML tells them apart). */
  private readonly lookup = (id18: string): { def: ObjectDef; record: Rec } | undefined => {
    const def = objectByPrefix(id18);
    const record = def ? this.tables.get(def.name)!.get(id18) : undefined;
    return def && record ? { def, record } : undefined;
  };

  // ── Org ──
  users(): OrgUser[] {
    return structuredClone(this.userList);
  }

  user(id: string): OrgUser | undefined {
    const full = to18(id);
    return this.userList.find((user) => user.Id === full);
  }

  query(soql: string, ctx: RequestContext, options: { includeDeleted?: boolean } = {}): QueryOutcome {
    const parsed = parseSoql(soql);
    try {
      return runQuery(parsed, this, ctx, options);
    } catch (error) {
      throw withQueryPosition(error, soql);
    }
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
    assignFields(def, record, fields, 'create', this.lookup);
    checkRequired(def, record);
    checkIntegrity(def, record);
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
    this.tables.get(def.name)!.set(id, deriveFields(def, record));
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
    assignFields(def, next, fields, 'update', this.lookup);
    checkRequired(def, next, fields);
    checkIntegrity(def, next);
    const stamp = formatDateTime(ctx.now);
    Object.assign(next, { LastModifiedDate: stamp, LastModifiedById: ctx.userId, SystemModstamp: stamp });
    this.tables.get(def.name)!.set(current.Id as string, deriveFields(def, next));
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
}

function notFound(): SalesforceError {
  return new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
}


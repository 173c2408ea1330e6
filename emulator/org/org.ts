/**
 * The emulated org: records by type, DML with Salesforce's validation and error codes, the SOQL/SOSL
 * engines on top, and who may see what (profiles, permission sets, field-level security). It knows
 * nothing of HTTP (see types.ts for the boundary).
 */
import { accessFor, profilesOf, STANDARD_USER_PROFILE, type Access } from './access';
import { describeGlobal, describeObject, queryColumns, type PicklistValue } from './describe';
import { assignFields, checkIntegrity, checkRequired, deriveFields, fullName, type DmlContext } from './dml';
import { checkDuplicates } from './duplicates';
import { makeId, to18 } from './ids';
import { OBJECTS, objectByPrefix, objectDef, STANDARD_TASK_STATUSES, type FieldDef, type ObjectDef } from './schema';
import { attributes, parseSoql, runQuery, withQueryPosition, type QueryContext, type RecordSource } from './soql';
import { runSearch } from './sosl';
import {
  SalesforceError,
  type DuplicateRuleHeader,
  type Org,
  type OrgInfo,
  type OrgSnapshot,
  type OrgUser,
  type QueryOutcome,
  type RequestContext,
  type SObjectJson,
} from './types';
import { formatDateTime } from './values';

type Rec = Record<string, unknown>;

/** Re-exported for callers that build names the way the org does. */
export { fullName };

/** Objects whose rows the org derives from the snapshot's other parts (not kept under `records`). */
const DERIVED_TYPES = new Set(['User', 'Organization', 'Profile']);

/** TaskStatus records of a new org, for snapshots that bring none. */
export function standardTaskStatuses(): Rec[] {
  return STANDARD_TASK_STATUSES.map((status, i) => ({
    Id: makeId('01J', i + 1, 'Ts'),
    ApiName: status.ApiName,
    MasterLabel: status.ApiName,
    IsClosed: status.IsClosed,
    IsDefault: status.IsDefault,
    SortOrder: i + 1,
  }));
}

export class EmulatedOrg implements Org, RecordSource {
  readonly info: OrgInfo;
  private readonly userList: OrgUser[];
  private readonly parts: Pick<OrgSnapshot, 'users' | 'profiles' | 'permissionSets' | 'duplicateRules' | 'translations'>;
  /** type → id → record. */
  private readonly tables = new Map<string, Map<string, Rec>>();
  private serial = 1;

  constructor(snapshot: OrgSnapshot) {
    const copy = structuredClone(snapshot);
    this.info = copy.org;
    this.userList = copy.users;
    this.parts = { users: copy.users, profiles: copy.profiles, permissionSets: copy.permissionSets, duplicateRules: copy.duplicateRules, translations: copy.translations };
    for (const def of OBJECTS.values()) this.tables.set(def.name, new Map());
    const users = this.tables.get('User')!;
    for (const user of this.userList) {
      users.set(user.Id, {
        UserType: 'Standard',
        Alias: (user.FirstName?.charAt(0) ?? '') + user.LastName.slice(0, 4),
        ProfileId: STANDARD_USER_PROFILE.Id,
        ...user,
        PermissionSetIds: undefined,
        IsDeleted: false,
      });
    }
    const profiles = this.tables.get('Profile')!;
    for (const profile of profilesOf(copy)) profiles.set(profile.Id, { Id: profile.Id, Name: profile.Name, IsDeleted: false });
    this.tables.get('Organization')!.set(copy.org.id, {
      Id: copy.org.id,
      Name: copy.org.name,
      OrganizationType: 'Enterprise Edition',
      InstanceName: 'EMU1',
      IsSandbox: copy.org.isSandbox ?? false,
      NamespacePrefix: null,
      TrialExpirationDate: null,
      LanguageLocaleKey: 'en_US',
      TimeZoneSidKey: copy.org.timeZoneSidKey ?? 'America/Los_Angeles',
      DefaultLocaleSidKey: 'en_US',
      IsDeleted: false,
    });
    // Task statuses first: a Task's IsClosed follows them.
    const { TaskStatus: statuses, ...rest } = copy.records;
    const ordered: Array<[string, Rec[]]> = [['TaskStatus', statuses?.length ? statuses : standardTaskStatuses()], ...Object.entries(rest)];
    for (const [type, records] of ordered) {
      const def = objectDef(type);
      if (!def || DERIVED_TYPES.has(def.name)) throw new Error(`The snapshot holds records of an unknown type: ${type}`);
      const table = this.tables.get(def.name)!;
      for (const record of records) {
        const id = typeof record.Id === 'string' ? to18(record.Id) : null;
        if (!id) throw new Error(`A ${type} record of the snapshot has no valid Id: ${JSON.stringify(record).slice(0, 80)}`);
        table.set(id, deriveFields(def, { IsDeleted: false, ...record, Id: id }, this));
      }
    }
    // A Task's AccountId comes from the records it points at: derived once everything is loaded.
    const tasks = this.tables.get('Task')!;
    for (const [id, task] of tasks) tasks.set(id, deriveFields(objectDef('Task')!, task, this));
    this.serial = 1 + [...this.tables.values()].reduce((sum, table) => sum + table.size, 0);
  }

  /** For derived fields (DeriveContext): any live record by id. */
  readonly recordById = (id: string): Rec | undefined => this.byId(id)?.record;

  // ── the org's picklists ──
  private statuses(): Rec[] {
    return [...this.tables.get('TaskStatus')!.values()]
      .filter((row) => row.IsDeleted !== true)
      .sort((a, b) => Number(a.SortOrder ?? 0) - Number(b.SortOrder ?? 0));
  }

  get closedTaskStatuses(): ReadonlySet<string> {
    return new Set(this.statuses().filter((row) => row.IsClosed === true).map((row) => String(row.ApiName)));
  }

  private picklist(field: FieldDef): readonly string[] | undefined {
    return field.picklistFrom === 'TaskStatus' ? this.statuses().map((row) => String(row.ApiName)) : undefined;
  }

  private picklistValues(field: FieldDef): PicklistValue[] | undefined {
    if (field.picklistFrom !== 'TaskStatus') return undefined;
    return this.statuses().map((row) => ({
      active: true,
      defaultValue: row.IsDefault === true,
      label: String(row.MasterLabel ?? row.ApiName),
      validFor: null,
      value: String(row.ApiName),
    }));
  }

  private defaultValue(field: FieldDef): unknown {
    if (field.picklistFrom === 'TaskStatus') return this.statuses().find((row) => row.IsDefault === true)?.ApiName;
    return field.defaultValue;
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

  /** What this user may do (profile plus permission sets). */
  access(userId: string): Access {
    return accessFor(this.parts, userId);
  }

  apiEnabledFor(userId: string): boolean {
    return this.access(userId).apiEnabled;
  }

  private queryContext(ctx: RequestContext): QueryContext {
    return { ...ctx, access: this.access(ctx.userId) };
  }

  query(soql: string, ctx: RequestContext, options: { includeDeleted?: boolean } = {}): QueryOutcome {
    const parsed = parseSoql(soql);
    try {
      return runQuery(parsed, this, this.queryContext(ctx), options);
    } catch (error) {
      throw withQueryPosition(error, soql);
    }
  }

  queryColumns(soql: string, ctx: RequestContext): unknown {
    // Checked exactly as the query would be (fields, access, restrictions), then described.
    this.query(soql, ctx);
    return queryColumns(parseSoql(soql));
  }

  search(sosl: string, ctx: RequestContext): { searchRecords: SObjectJson[] } {
    return runSearch(sosl, this, this.queryContext(ctx));
  }

  describeGlobal(ctx: RequestContext): unknown {
    return describeGlobal(this.access(ctx.userId), ctx.apiVersion);
  }

  describe(type: string, ctx: RequestContext): unknown {
    const language = this.user(ctx.userId)?.LanguageLocaleKey;
    const translations = language ? this.parts.translations?.[language] : undefined;
    return describeObject(type, this.access(ctx.userId), ctx.apiVersion, {
      picklistValues: (field) => this.picklistValues(field),
      translate: (object, field, value) => translations?.[`${object}.${field}`]?.[value],
    });
  }

  private dml(access: Access): DmlContext {
    return { lookup: this.lookup, picklist: (field) => this.picklist(field), access };
  }

  create(type: string, fields: Record<string, unknown>, ctx: RequestContext, duplicateRule?: DuplicateRuleHeader): string {
    const access = this.access(ctx.userId);
    const def = this.writable(type, access, 'create');
    const record: Rec = {};
    for (const field of def.fields.values()) {
      const value = this.defaultValue(field);
      if (value !== undefined) record[field.name] = value;
    }
    if (def.fields.has('ownerid')) record.OwnerId = ctx.userId;
    for (const field of def.fields.values()) if (field.type === 'boolean' && record[field.name] === undefined) record[field.name] = false;
    assignFields(def, record, fields, 'create', this.dml(access));
    checkRequired(def, record);
    checkIntegrity(def, record);
    checkDuplicates(def, record, {
      rules: this.parts.duplicateRules ?? [],
      all: (t) => this.all(t),
      access,
      ctx,
      header: duplicateRule,
      render: (d, r, detailed) => this.render(d, r, ctx, access, detailed ? undefined : ['Id']),
    });
    let id: string;
    do id = makeId(def.keyPrefix, this.serial++);
    while (this.tables.get(def.name)!.has(id));
    if (def.name === 'Case') record.CaseNumber = this.nextCaseNumber();
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
    this.tables.get(def.name)!.set(id, deriveFields(def, record, this));
    return id;
  }

  retrieve(type: string, id: string, ctx: RequestContext, fields?: string[]): SObjectJson {
    const access = this.access(ctx.userId);
    const def = objectDef(type);
    if (!def || !access.object(def.name).read) throw notFound();
    const record = this.existing(def, id);
    return this.render(def, record, ctx, access, fields?.length ? fields : undefined);
  }

  /** A record as this user may see it: the named fields (all visible ones by default). */
  private render(def: ObjectDef, record: Rec, ctx: RequestContext, access: Access, names?: string[]): SObjectJson {
    const out: SObjectJson = { attributes: attributes(def.name, record.Id, ctx) };
    for (const name of names ?? [...def.fields.values()].filter((f) => access.field(def, f) !== 'none').map((f) => f.name)) {
      const field = def.fields.get(name.trim().toLowerCase());
      if (!field || access.field(def, field) === 'none') {
        throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
      }
      out[field.name] = record[field.name] ?? null;
    }
    return out;
  }

  update(type: string, id: string, fields: Record<string, unknown>, ctx: RequestContext): void {
    const access = this.access(ctx.userId);
    const def = this.writable(type, access, 'edit');
    const current = this.existing(def, id);
    if (def.name === 'Lead' && current.IsConverted === true) {
      throw new SalesforceError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    }
    const next = { ...current };
    assignFields(def, next, fields, 'update', this.dml(access));
    checkRequired(def, next, fields);
    checkIntegrity(def, next);
    const stamp = formatDateTime(ctx.now);
    Object.assign(next, { LastModifiedDate: stamp, LastModifiedById: ctx.userId, SystemModstamp: stamp });
    this.tables.get(def.name)!.set(current.Id as string, deriveFields(def, next, this));
  }

  delete(type: string, id: string, ctx: RequestContext): void {
    const def = this.writable(type, this.access(ctx.userId), 'delete');
    const record = this.existing(def, id);
    const stamp = formatDateTime(ctx.now);
    this.tables.get(def.name)!.set(record.Id as string, { ...record, IsDeleted: true, LastModifiedDate: stamp, SystemModstamp: stamp });
  }

  snapshot(): OrgSnapshot {
    const records: OrgSnapshot['records'] = {};
    for (const [type, table] of this.tables) {
      if (DERIVED_TYPES.has(type)) continue;
      records[type] = [...table.values()].map((record) => structuredClone(record));
    }
    const out: OrgSnapshot = { org: structuredClone(this.info), users: this.users(), records };
    if (this.parts.profiles) out.profiles = structuredClone(this.parts.profiles);
    if (this.parts.permissionSets) out.permissionSets = structuredClone(this.parts.permissionSets);
    if (this.parts.duplicateRules) out.duplicateRules = structuredClone(this.parts.duplicateRules);
    if (this.parts.translations) out.translations = structuredClone(this.parts.translations);
    return out;
  }

  // ── helpers ──
  /** Case numbers are an auto-number: eight digits, one more than the highest so far. */
  private nextCaseNumber(): string {
    const highest = Math.max(1000, ...[...this.tables.get('Case')!.values()].map((row) => Number(row.CaseNumber) || 0));
    return String(highest + 1).padStart(8, '0');
  }

  /**
   * An object this user may write. One they cannot read is not there for them (404, unconfirmed);
   * one they read but may not create/edit/delete: INSUFFICIENT_ACCESS_OR_READONLY (unconfirmed text).
   */
  private writable(type: string, access: Access, operation: 'create' | 'edit' | 'delete'): ObjectDef {
    const def = objectDef(type);
    if (!def || !access.object(def.name).read) throw notFound();
    if (def.readOnly) throw new SalesforceError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support this operation`);
    if (!access.object(def.name)[operation]) {
      throw new SalesforceError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', `insufficient access rights on object: you may not ${operation} ${def.labelPlural}`);
    }
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

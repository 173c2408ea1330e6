/**
 * The boundary between the emulator's org (records, SOQL, SOSL, validation) and its wire layer
 * (HTTP routing, OAuth, limits, composite, test control). The org knows nothing of HTTP.
 */

/** A record as the REST API returns it (attributes first, then fields; parent relationships nest). */
export interface SObjectJson {
  attributes: { type: string; url: string };
  [field: string]: unknown;
}

/** One error item, exactly as Salesforce puts it in a REST error array. */
export interface SalesforceErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
  /** DUPLICATES_DETECTED carries the rule and the records it matched. */
  duplicateResult?: DuplicateResult;
}

/** Thrown by the org for anything Salesforce answers with an error array; `status` is the HTTP status. */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
    readonly duplicateResult?: DuplicateResult,
  ) {
    super(message);
    this.name = 'SalesforceError';
  }

  toJSON(): SalesforceErrorItem {
    const item: SalesforceErrorItem = { message: this.message, errorCode: this.errorCode };
    if (this.fields !== undefined) item.fields = this.fields;
    if (this.duplicateResult !== undefined) item.duplicateResult = this.duplicateResult;
    return item;
  }
}

/** The `duplicateResult` of a DUPLICATES_DETECTED error (Salesforce's DuplicateResult, as JSON). */
export interface DuplicateResult {
  allowSave: boolean;
  duplicateRule: string;
  duplicateRuleEntityType: string;
  errorMessage: string;
  matchResults: Array<{
    entityType: string;
    errors: [];
    matchEngine: string;
    matchRecords: Array<{ additionalInformation: []; fieldDiffs: []; matchConfidence: number; record: SObjectJson }>;
    rule: string;
    size: number;
    success: boolean;
  }>;
}

/** Who is asking: the session user (owner defaults, CreatedById, …) and the API version of the URL. */
export interface RequestContext {
  userId: string;
  /** e.g. "62.0"; used in attributes.url (`/services/data/v62.0/sobjects/Contact/003…`). */
  apiVersion: string;
  /** The org's clock; tests may move it. */
  now: Date;
}

/** The `Sforce-Duplicate-Rule-Header` of a create: save despite an alert rule, return matched fields. */
export interface DuplicateRuleHeader {
  allowSave: boolean;
  includeRecordDetails: boolean;
}

export interface QueryOutcome {
  /** Every matching record, in order (the wire layer pages them); for COUNT() queries, empty. */
  records: SObjectJson[];
  /** For `SELECT COUNT() …`, the count; otherwise records.length before LIMIT/OFFSET are applied is NOT implied. */
  totalSize: number;
}

export interface OrgUser {
  Id: string;
  Username: string;
  Name: string;
  FirstName?: string;
  LastName: string;
  Email: string;
  IsActive: boolean;
  LanguageLocaleKey?: string;
  TimeZoneSidKey?: string;
  LocaleSidKey?: string;
  Alias?: string;
  /** The user's profile (00e…); a user without one has the org's "Standard User" profile. */
  ProfileId?: string;
  /**
   * Permission sets assigned to the user (0PS…). Not a field of User: Salesforce keeps assignments
   * as PermissionSetAssignment records; a seed names them here.
   */
  PermissionSetIds?: string[];
}

/** What a profile or permission set grants on one object. */
export interface ObjectPermissions {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

/** What a profile or permission set grants on one field (field-level security). */
export interface FieldPermissions {
  read: boolean;
  edit: boolean;
}

/**
 * A profile or a permission set, as the seed describes it. Permissions add up: a user has what
 * their profile or any of their permission sets grants. Objects a profile does not name are not
 * accessible; fields it does not name are readable and (where the field is) editable, as standard
 * fields are on Salesforce's standard profiles until an admin hides them.
 */
export interface PermissionBundle {
  /** 00e… for a profile, 0PS… for a permission set. */
  Id: string;
  Name: string;
  PermissionsViewAllData?: boolean;
  PermissionsModifyAllData?: boolean;
  PermissionsApiEnabled?: boolean;
  /** "View and Edit Converted Leads": converted leads appear in search. */
  PermissionsViewEditConvertedLeads?: boolean;
  /** By object API name: `{"Lead": {"read": false, …}}`. */
  objectPermissions?: Record<string, Partial<ObjectPermissions>>;
  /** By `Object.Field`: `{"Contact.HomePhone": {"read": false, "edit": false}}`. */
  fieldPermissions?: Record<string, Partial<FieldPermissions>>;
}

/**
 * A duplicate rule with its matching rule folded in: a new record is a duplicate of an existing
 * one (of `compareWith` objects) when every field of any one group in `matchOn` is filled in and
 * equal (text ignoring case and spaces at either end; phone fields by digits).
 */
export interface DuplicateRuleSeed {
  DeveloperName: string;
  /** Contact or Lead. */
  SobjectType: string;
  /** `block` refuses the save; `alert` refuses unless the request says allowSave=true. */
  action: 'block' | 'alert';
  matchOn: string[][];
  /** The objects searched for matches; default: the rule's own. */
  compareWith?: string[];
  /** What Salesforce shows (and answers in `message`). */
  alertText?: string;
  isActive?: boolean;
}

export interface OrgInfo {
  /** 18-character Organization id (00D…). */
  id: string;
  name: string;
  /** Whether the org's edition grants API access (false → API_DISABLED_FOR_ORG). */
  apiEnabled: boolean;
  /** The org's default time zone (Organization.TimeZoneSidKey); users have their own. */
  timeZoneSidKey?: string;
  isSandbox?: boolean;
}

/**
 * The org: all of Salesforce's data semantics. Every method throws `SalesforceError` for what a real
 * org refuses (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, NOT_FOUND, REQUIRED_FIELD_MISSING,
 * STRING_TOO_LONG, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, INVALID_CROSS_REFERENCE_KEY,
 * FIELD_INTEGRITY_EXCEPTION, ENTITY_IS_DELETED, …).
 */
export interface Org {
  readonly info: OrgInfo;
  users(): OrgUser[];
  user(id: string): OrgUser | undefined;
  /** Whether the user's profile or a permission set grants "API Enabled". */
  apiEnabledFor(userId: string): boolean;

  /** SOQL; `includeDeleted` is queryAll. */
  query(soql: string, ctx: RequestContext, options?: { includeDeleted?: boolean }): QueryOutcome;
  /** SOSL; answers the REST shape `{searchRecords: [...]}`. */
  search(sosl: string, ctx: RequestContext): { searchRecords: SObjectJson[] };
  /** `query?q=…&columns=true`: the columns a query would return, without running it. */
  queryColumns(soql: string, ctx: RequestContext): unknown;

  /** `GET sobjects`: the objects this user can see. */
  describeGlobal(ctx: RequestContext): unknown;
  /** `GET sobjects/Type/describe` for this user (hidden fields absent); NOT_FOUND when not visible. */
  describe(type: string, ctx: RequestContext): unknown;

  /** Creates a record; returns its 18-character id. */
  create(type: string, fields: Record<string, unknown>, ctx: RequestContext, duplicateRule?: DuplicateRuleHeader): string;
  /** GET sobjects/Type/id[?fields=a,b]. */
  retrieve(type: string, id: string, ctx: RequestContext, fields?: string[]): SObjectJson;
  update(type: string, id: string, fields: Record<string, unknown>, ctx: RequestContext): void;
  delete(type: string, id: string, ctx: RequestContext): void;

  /** The whole org as plain JSON (for --data persistence and the dump control endpoint). */
  snapshot(): OrgSnapshot;
}

/** Serialized org: what a seed file and a --data file hold. */
export interface OrgSnapshot {
  org: OrgInfo;
  users: OrgUser[];
  /**
   * Records by sObject type, each with its Id and field values (relationship ids, no nesting).
   * `TaskStatus` records are the org's Task statuses (the standard five when there are none).
   */
  records: Record<string, Array<Record<string, unknown>>>;
  /** Profiles (00e…); "Standard User" and "System Administrator" exist even when not listed. */
  profiles?: PermissionBundle[];
  permissionSets?: PermissionBundle[];
  duplicateRules?: DuplicateRuleSeed[];
  /**
   * Picklist labels in other languages, as the Translation Workbench keeps them: language
   * (`LanguageLocaleKey`, `ja`) → `Object.Field` → value → label. Describe answers a user in their
   * language; values without a translation keep their master label.
   */
  translations?: PicklistTranslations;
}

export type PicklistTranslations = Record<string, Record<string, Record<string, string>>>;

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
}

/** Thrown by the org for anything Salesforce answers with an error array; `status` is the HTTP status. */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'SalesforceError';
  }

  toJSON(): SalesforceErrorItem {
    return this.fields === undefined
      ? { message: this.message, errorCode: this.errorCode }
      : { message: this.message, errorCode: this.errorCode, fields: this.fields };
  }
}

/** Who is asking: the session user (owner defaults, CreatedById, …) and the API version of the URL. */
export interface RequestContext {
  userId: string;
  /** e.g. "62.0"; used in attributes.url (`/services/data/v62.0/sobjects/Contact/003…`). */
  apiVersion: string;
  /** The org's clock; tests may move it. */
  now: Date;
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
}

export interface OrgInfo {
  /** 18-character Organization id (00D…). */
  id: string;
  name: string;
  /** Whether the org's edition grants API access (false → API_DISABLED_FOR_ORG). */
  apiEnabled: boolean;
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

  /** SOQL; `includeDeleted` is queryAll. */
  query(soql: string, ctx: RequestContext, options?: { includeDeleted?: boolean }): QueryOutcome;
  /** SOSL; answers the REST shape `{searchRecords: [...]}`. */
  search(sosl: string, ctx: RequestContext): { searchRecords: SObjectJson[] };

  /** Creates a record; returns its 18-character id. */
  create(type: string, fields: Record<string, unknown>, ctx: RequestContext): string;
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
  /** Records by sObject type, each with its Id and field values (relationship ids, no nesting). */
  records: Record<string, Array<Record<string, unknown>>>;
}

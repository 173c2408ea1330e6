/**
 * What matching and the outbox may ask of Salesforce — search, query, create, update, and what the
 * org says about the user — on one jsforce Connection (which refreshes an expired session by
 * itself, once for parallel requests).
 */
import type { Connection } from 'jsforce';
import { recordAnswer, recordLimitExceeded } from './api-usage';
import { currentOrgFacts, type OrgFacts, type OrgFactsRequest, type OrgUserRef } from './org-facts';

type Json = Record<string, unknown>;

/** One subrequest of a Composite request; `url` is relative to `/services/data/vXX.X/`. */
export interface CompositeSubrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: Json;
}

export interface CompositeAnswer {
  referenceId: string;
  httpStatusCode: number;
  body: unknown;
}

/** A record a duplicate rule matched (its visible fields, when Salesforce sent them). */
export interface DuplicateMatch {
  type: string;
  id: string;
  fields: Json;
}

/** A create refused by a duplicate rule: what it matched, and whether the rule lets the user save anyway. */
export interface Duplicates {
  allowSave: boolean;
  matches: DuplicateMatch[];
}

export interface CreateOptions {
  /**
   * Send the Duplicate Rule Header: `true` saves past an alert rule, `false` asks for the matched
   * records' fields (so they can be shown). Without it, Salesforce's defaults (API 52.0+).
   */
  allowDuplicates?: boolean;
}

/** The calls the rest of the background makes; tests make them on the emulator through jsforce. */
export interface SalesforceApi {
  readonly instanceUrl: string;
  search(sosl: string): Promise<{ searchRecords: Json[] }>;
  query(soql: string): Promise<{ records: Json[] }>;
  /**
   * Creates a record and answers its id; rejects with Salesforce's error on validation failures
   * (a duplicate rule's refusal carries `duplicates`).
   */
  create(type: string, fields: Json, options?: CreateOptions): Promise<string>;
  update(type: string, id: string, fields: Json): Promise<void>;
  /** Several requests in one round trip (counts as one API request); failed subrequests answer in place. */
  composite(subrequests: CompositeSubrequest[]): Promise<CompositeAnswer[]>;
  /** What the org says about this user (cached per org and user for a day; `refresh` reads it again). */
  orgFacts(options?: { refresh?: boolean }): Promise<OrgFacts>;
}

/** Who is signed in and what to ask the org about them. */
export interface ApiSession extends OrgUserRef {
  facts: OrgFactsRequest;
}

/**
 * A request that has not answered in this long is given up (a dropped connection can leave fetch
 * waiting for minutes); the caller retries it, and a create is looked up before it is sent again.
 */
export const REQUEST_TIMEOUT_MS = 20_000;

function timed<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('Salesforce did not answer in time.'), { errorCode: 'TIMEOUT' })), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Keeps the org's API use from each answer, and pauses reads when Salesforce says the allowance is spent. */
async function metered<T>(connection: Connection, work: Promise<T>): Promise<T> {
  // Keeping the figure must never turn an answer into a failure (a write that landed would be sent again).
  const keep = (record: Promise<unknown>) => record.catch((error: unknown) => console.error('[sfsd] keeping the API use failed', error));
  try {
    const result = await work;
    // Kept after the answer is handed on (#18): the figure is in the worker's memory at once.
    void keep(recordAnswer(connection.limitInfo?.apiUsage));
    return result;
  } catch (error) {
    if ((error as { errorCode?: unknown } | null)?.errorCode === 'REQUEST_LIMIT_EXCEEDED') await keep(recordLimitExceeded());
    else await keep(recordAnswer(connection.limitInfo?.apiUsage));
    throw error;
  }
}

export function salesforceApi(connection: Connection, session: ApiSession): SalesforceApi {
  const root = () => `/services/data/v${connection.version}`;
  const api: SalesforceApi = {
    get instanceUrl() {
      return connection.instanceUrl;
    },
    async search(sosl) {
      const result = await connection.search(sosl);
      return { searchRecords: result.searchRecords as Json[] };
    },
    async query(soql) {
      const result = await connection.query<Json>(soql);
      return { records: result.records };
    },
    async create(type, fields, options = {}) {
      const headers =
        options.allowDuplicates === undefined ? undefined : { 'Sforce-Duplicate-Rule-Header': `allowSave=${options.allowDuplicates}; includeRecordDetails=true; runAsCurrentUser=true` };
      let result;
      try {
        result = await connection.sobject(type).create(fields, headers ? { headers } : {});
      } catch (error) {
        throw withDuplicates(error);
      }
      if (!result.success) throw saveError(result.errors, `Salesforce did not create the ${type}.`);
      return result.id;
    },
    async update(type, id, fields) {
      const result = await connection.sobject(type).update({ Id: id, ...fields });
      if (!result.success) throw saveError(result.errors, `Salesforce did not update the ${type}.`);
    },
    async composite(subrequests) {
      const answer = await connection.requestPost<{ compositeResponse: CompositeAnswer[] }>(`${root()}/composite`, {
        allOrNone: false,
        compositeRequest: subrequests.map((sub) => ({ ...sub, url: `${root()}/${sub.url}` })),
      });
      return answer.compositeResponse;
    },
    orgFacts: (options) => currentOrgFacts((subrequests) => api.composite(subrequests), session.facts, session, options),
  };
  return {
    get instanceUrl() {
      return api.instanceUrl;
    },
    search: (sosl) => metered(connection, timed(api.search(sosl))),
    query: (soql) => metered(connection, timed(api.query(soql))),
    create: (type, fields, options) => metered(connection, timed(api.create(type, fields, options))),
    update: (type, id, fields) => metered(connection, timed(api.update(type, id, fields))),
    composite: (subrequests) => metered(connection, timed(api.composite(subrequests))),
    orgFacts: (options) => metered(connection, timed(api.orgFacts(options))),
  };
}

function saveError(errors: Array<{ message?: string; errorCode?: string; fields?: string[] }>, fallback: string): Error {
  const first = errors[0];
  return Object.assign(new Error(first?.message ?? fallback), { errorCode: first?.errorCode ?? 'UNKNOWN', fields: first?.fields ?? [] });
}

/** jsforce keeps Salesforce's whole error item in `data`: a duplicate rule's matches become `duplicates`. */
function withDuplicates(error: unknown): unknown {
  const record = error as { errorCode?: unknown; data?: { duplicateResult?: { allowSave?: unknown; matchResults?: unknown } } };
  const result = record?.data?.duplicateResult;
  if (record?.errorCode !== 'DUPLICATES_DETECTED' || !result) return error;
  const matches: DuplicateMatch[] = [];
  for (const group of Array.isArray(result.matchResults) ? (result.matchResults as Json[]) : []) {
    for (const match of Array.isArray(group.matchRecords) ? (group.matchRecords as Json[]) : []) {
      const record = match.record as Json | undefined;
      const type = (record?.attributes as Json | undefined)?.type ?? group.entityType;
      if (typeof record?.Id === 'string' && typeof type === 'string') matches.push({ type, id: record.Id, fields: record });
    }
  }
  const duplicates: Duplicates = { allowSave: result.allowSave === true, matches };
  return Object.assign(error as object, { duplicates });
}

/**
 * What matching and the outbox may ask of Salesforce — search, query, create, update — on one
 * jsforce Connection (which refreshes an expired session by itself, once for parallel requests).
 */
import type { Connection } from 'jsforce';

type Json = Record<string, unknown>;

/** The four calls the rest of the background makes; tests make them on the emulator through jsforce. */
export interface SalesforceApi {
  readonly instanceUrl: string;
  search(sosl: string): Promise<{ searchRecords: Json[] }>;
  query(soql: string): Promise<{ records: Json[] }>;
  /** Creates a record and answers its id; rejects with Salesforce's error on validation failures. */
  create(type: string, fields: Json): Promise<string>;
  update(type: string, id: string, fields: Json): Promise<void>;
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

export function salesforceApi(connection: Connection): SalesforceApi {
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
    async create(type, fields) {
      const result = await connection.sobject(type).create(fields);
      if (!result.success) throw saveError(result.errors, `Salesforce did not create the ${type}.`);
      return result.id;
    },
    async update(type, id, fields) {
      const result = await connection.sobject(type).update({ Id: id, ...fields });
      if (!result.success) throw saveError(result.errors, `Salesforce did not update the ${type}.`);
    },
  };
  return {
    get instanceUrl() {
      return api.instanceUrl;
    },
    search: (sosl) => timed(api.search(sosl)),
    query: (soql) => timed(api.query(soql)),
    create: (type, fields) => timed(api.create(type, fields)),
    update: (type, id, fields) => timed(api.update(type, id, fields)),
  };
}

function saveError(errors: Array<{ message?: string; errorCode?: string; fields?: string[] }>, fallback: string): Error {
  const first = errors[0];
  return Object.assign(new Error(first?.message ?? fallback), { errorCode: first?.errorCode ?? 'UNKNOWN', fields: first?.fields ?? [] });
}

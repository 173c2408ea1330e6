import type { Connection } from 'jsforce';
import type { SalesforceWriter } from '../calllog/drain';
import type { SalesforceApi } from '../matching/service';

/**
 * What matching and the outbox may ask of Salesforce — search, query, create, update — on one
 * jsforce Connection (which refreshes an expired session by itself, once for parallel requests).
 */
export function salesforceApi(connection: Connection): SalesforceApi & SalesforceWriter {
  return {
    get instanceUrl() {
      return connection.instanceUrl;
    },
    async search(sosl) {
      const result = await connection.search(sosl);
      return { searchRecords: result.searchRecords as Array<Record<string, unknown>> };
    },
    async query(soql) {
      const result = await connection.query<Record<string, unknown>>(soql);
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
}

function saveError(errors: Array<{ message?: string; errorCode?: string; fields?: string[] }>, fallback: string): Error {
  const first = errors[0];
  return Object.assign(new Error(first?.message ?? fallback), { errorCode: first?.errorCode ?? 'UNKNOWN', fields: first?.fields ?? [] });
}

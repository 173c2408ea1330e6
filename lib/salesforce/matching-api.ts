import type { Connection } from 'jsforce';
import type { SalesforceApi } from '../matching/service';

/** Matching's view of a jsforce Connection: search, query and create, nothing else. */
export function salesforceApi(connection: Connection): SalesforceApi {
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
      if (!result.success) {
        const first = result.errors[0];
        throw Object.assign(new Error(first?.message ?? `Salesforce did not create the ${type}.`), {
          errorCode: first?.errorCode ?? 'UNKNOWN',
        });
      }
      return result.id;
    },
  };
}

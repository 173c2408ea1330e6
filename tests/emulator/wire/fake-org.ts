/**
 * A deliberately tiny Org for wire-layer tests that must not depend on the real org's SOQL: it
 * understands `SELECT … FROM Type [WHERE Id = '…']` and stores flat records. Test-only.
 */
import { SalesforceError, type Org, type OrgSnapshot, type OrgUser, type QueryOutcome, type RequestContext, type SObjectJson } from '../../../emulator/org/types';

const PREFIX: Record<string, string> = { Account: '001', Contact: '003', Task: '00T', Lead: '00Q' };

export class FakeOrg implements Org {
  private readonly data: OrgSnapshot;
  private counter = 0;

  constructor(snapshot: OrgSnapshot) {
    this.data = structuredClone(snapshot);
  }

  get info() {
    return this.data.org;
  }

  users(): OrgUser[] {
    return this.data.users;
  }

  user(id: string): OrgUser | undefined {
    return this.data.users.find((u) => u.Id === id || u.Id.slice(0, 15) === id);
  }

  private json(type: string, record: Record<string, unknown>, ctx: RequestContext, fields?: string[]): SObjectJson {
    const picked = fields ? Object.fromEntries(fields.map((f) => [f, record[f] ?? null])) : record;
    return { attributes: { type, url: `/services/data/v${ctx.apiVersion}/sobjects/${type}/${String(record.Id)}` }, ...picked };
  }

  private table(type: string): Array<Record<string, unknown>> {
    if (!(type in PREFIX)) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return (this.data.records[type] ??= []);
  }

  query(soql: string, ctx: RequestContext): QueryOutcome {
    const match = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+Id\s*=\s*'(\w+)')?\s*$/i.exec(soql.trim());
    if (!match) throw new SalesforceError(400, 'MALFORMED_QUERY', `unexpected token: '${soql}'`);
    const [, fieldList = '', type = '', id] = match;
    if (!(type in PREFIX)) {
      throw new SalesforceError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
    }
    if (/^COUNT\(\)$/i.test(fieldList.trim())) return { records: [], totalSize: this.table(type).length };
    const fields = fieldList.split(',').map((f) => f.trim());
    const rows = this.table(type).filter((r) => id === undefined || r.Id === id);
    return { records: rows.map((r) => this.json(type, r, ctx, fields)), totalSize: rows.length };
  }

  apiEnabledFor(): boolean {
    return true;
  }

  queryColumns(): unknown {
    return { columnMetadata: [] };
  }

  describeGlobal(): unknown {
    return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: Object.keys(PREFIX).map((name) => ({ name, keyPrefix: PREFIX[name] })) };
  }

  describe(type: string): unknown {
    this.table(type);
    return { name: type, fields: [] };
  }

  search(_sosl: string, ctx: RequestContext): { searchRecords: SObjectJson[] } {
    return { searchRecords: this.table('Contact').map((r) => this.json('Contact', r, ctx, ['Id'])) };
  }

  create(type: string, fields: Record<string, unknown>, _ctx: RequestContext): string {
    const table = this.table(type);
    if (type === 'Task' && typeof fields.Subject !== 'string') {
      throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Subject]', ['Subject']);
    }
    const id = `${PREFIX[type] ?? '000'}${String(++this.counter).padStart(12, '0')}AAA`;
    table.push({ Id: id, ...fields });
    return id;
  }

  private find(type: string, id: string): Record<string, unknown> {
    const row = this.table(type).find((r) => r.Id === id);
    if (!row) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return row;
  }

  retrieve(type: string, id: string, ctx: RequestContext, fields?: string[]): SObjectJson {
    return this.json(type, this.find(type, id), ctx, fields);
  }

  update(type: string, id: string, fields: Record<string, unknown>): void {
    Object.assign(this.find(type, id), fields);
  }

  delete(type: string, id: string): void {
    this.find(type, id);
    this.data.records[type] = this.table(type).filter((r) => r.Id !== id);
  }

  snapshot(): OrgSnapshot {
    return structuredClone(this.data);
  }
}

export const createFakeOrg = (snapshot: OrgSnapshot): Org => new FakeOrg(snapshot);

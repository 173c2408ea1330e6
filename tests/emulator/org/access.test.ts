/**
 * What a standard-profile rep may do in a real org, and what the org refuses them: object access,
 * field-level security, the activity-relationship restrictions, describe, the org's Task statuses,
 * duplicate rules, converted leads, Organization, and strict SOSL.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ADMINISTRATOR_PROFILE } from '../../../emulator/org/access';
import { makeId } from '../../../emulator/org/ids';
import { EmulatedOrg } from '../../../emulator/org/org';
import type { DuplicateRuleSeed, OrgSnapshot, RequestContext } from '../../../emulator/org/types';
import { fixture, fixtureSnapshot, IDS, refusal } from './fixture';

type Row = Record<string, unknown>;

/** The fixture with Hanako's profile (Standard User) changed as an admin would. */
function withRepProfile(change: { objectPermissions?: Row; fieldPermissions?: Row }) {
  const snapshot = fixtureSnapshot();
  snapshot.profiles = [
    {
      Id: '00e000000000009AAA',
      Name: 'Sales Rep',
      objectPermissions: { Account: { read: true }, Contact: { read: true, create: true, edit: true }, Lead: { read: true, create: true, edit: true }, Opportunity: { read: true }, Task: { read: true, create: true, edit: true }, ...change.objectPermissions },
      fieldPermissions: change.fieldPermissions as never,
    },
  ];
  snapshot.users.find((u) => u.Id === IDS.hanako)!.ProfileId = '00e000000000009AAA';
  return fixture(snapshot);
}

const LEGAL_OPEN = 'ORDER BY ActivityDate ASC NULLS LAST, LastModifiedDate DESC LIMIT 50';
const LEGAL_PAST = 'ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 50';

describe('activity relationships for a user without View All Data', () => {
  it('answers the one legal form: one parent by Id, no WHERE, the fixed sort order, a LIMIT under 500', () => {
    const { org, rep } = fixture();
    const [ben] = org.query(
      `SELECT Id, (SELECT Subject, IsTask FROM OpenActivities ${LEGAL_OPEN}), (SELECT Subject FROM ActivityHistories ${LEGAL_PAST}) FROM Contact WHERE Id = '${IDS.ben}'`,
      rep,
    ).records;
    expect((ben!.OpenActivities as { records: Row[] }).records.map((r) => r.Subject)).toEqual(['Confirm survey', 'Send quote', 'Someday']);
    expect((ben!.ActivityHistories as { records: Row[] }).records.map((r) => r.Subject)).toEqual(['Call 100% done', 'Call_B']);
  });

  it('refuses a WHERE in the subquery with the sentence real orgs answer', () => {
    const { org, rep, ctx } = fixture();
    const soql = `SELECT Id, (SELECT Id FROM ActivityHistories WHERE IsTask = true ${LEGAL_PAST}) FROM Contact WHERE Id = '${IDS.ben}'`;
    expect(refusal(() => org.query(soql, rep))).toMatchObject({
      status: 400,
      errorCode: 'MALFORMED_QUERY',
      message:
        "There is an implementation restriction on ActivityHistories. When you query this relationship, security evaluation is implemented for users who don't have administrator permissions, and no other filters may be applied to the aggregate query.",
    });
    // The administrator may.
    expect(org.query(soql, ctx).records).toHaveLength(1);
  });

  it('refuses any other sort order, naming the one required', () => {
    const { org, rep } = fixture();
    const past = refusal(() => org.query(`SELECT (SELECT Id FROM ActivityHistories ORDER BY ActivityDate DESC LIMIT 20) FROM Contact WHERE Id = '${IDS.ben}'`, rep));
    expect(past.message).toMatch(/and you must use a specific sort order: ActivityDate DESC, LastModifiedDate DESC$/);
    const open = refusal(() => org.query(`SELECT (SELECT Id FROM OpenActivities) FROM Contact WHERE Id = '${IDS.ben}'`, rep));
    expect(open.message).toMatch(/^There is an implementation restriction on OpenActivities\..*ActivityDate ASC, LastModifiedDate DESC$/);
  });

  it('refuses a missing or too large LIMIT, and a main query that is not one record by Id', () => {
    const { org, rep } = fixture();
    expect(refusal(() => org.query(`SELECT (SELECT Id FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC) FROM Contact WHERE Id = '${IDS.ben}'`, rep)).message).toMatch(/limit of 499/);
    expect(refusal(() => org.query(`SELECT (SELECT Id FROM ActivityHistories ORDER BY ActivityDate DESC, LastModifiedDate DESC LIMIT 500) FROM Contact WHERE Id = '${IDS.ben}'`, rep)).message).toMatch(/limit of 499/);
    expect(refusal(() => org.query(`SELECT (SELECT Id FROM ActivityHistories ${LEGAL_PAST}) FROM Contact WHERE Name = 'Ben Carter'`, rep)).message).toMatch(/exactly one record/);
    expect(refusal(() => org.query(`SELECT (SELECT Id FROM ActivityHistories ${LEGAL_PAST}) FROM Contact`, rep)).errorCode).toBe('MALFORMED_QUERY');
    // The Tasks relationship has no such restriction.
    expect(org.query(`SELECT (SELECT Id FROM Tasks WHERE IsClosed = false ORDER BY Subject) FROM Contact`, rep).records.length).toBeGreaterThan(1);
  });
});

describe('object access and field-level security', () => {
  it('makes a hidden field not exist: SELECT, WHERE, ORDER BY, parent paths, retrieve, create and update', () => {
    const { org, rep, ctx } = withRepProfile({ fieldPermissions: { 'Contact.HomePhone': { read: false, edit: false }, 'Contact.Title': { read: false } } });
    for (const soql of [
      'SELECT Id, HomePhone FROM Contact',
      "SELECT Id FROM Contact WHERE Title = 'VP Sales'",
      'SELECT Id FROM Contact ORDER BY Title',
      'SELECT Id, (SELECT Id, Contact.Title FROM OpportunityContactRoles) FROM Contact',
    ]) {
      expect(refusal(() => org.query(soql, rep)), soql).toMatchObject({ errorCode: 'INVALID_FIELD' });
    }
    expect(refusal(() => org.query('SELECT Id, HomePhone FROM Contact', rep)).message).toContain("No such column 'HomePhone' on entity 'Contact'");
    expect(org.query('SELECT Id, HomePhone, Title FROM Contact', ctx).records.length).toBeGreaterThan(0);
    const ben = org.retrieve('Contact', IDS.ben, rep);
    expect(ben).not.toHaveProperty('Title');
    expect(ben).toHaveProperty('Phone', '(415) 555-0100');
    expect(refusal(() => org.retrieve('Contact', IDS.ben, rep, ['Title'])).errorCode).toBe('INVALID_FIELD');
    expect(refusal(() => org.create('Contact', { LastName: 'X', HomePhone: '1' }, rep)).errorCode).toBe('INVALID_FIELD');
    expect(refusal(() => org.update('Contact', IDS.ben, { Title: 'CEO' }, rep)).errorCode).toBe('INVALID_FIELD');
  });

  it('refuses writing a read-only field, as Salesforce words it', () => {
    const { org, rep } = withRepProfile({ fieldPermissions: { 'Contact.Email': { read: true, edit: false } } });
    expect(org.retrieve('Contact', IDS.ben, rep, ['Email'])).toMatchObject({ Email: 'ben@acme.example' });
    expect(refusal(() => org.update('Contact', IDS.ben, { Email: 'x@y.example' }, rep))).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message: expect.stringContaining('Unable to create/update fields: Email.'),
    });
  });

  it('makes an unreadable object unsupported everywhere: FROM, SOSL RETURNING, child and parent relationships, DML', () => {
    const { org, rep } = withRepProfile({ objectPermissions: { Lead: { read: false, create: false, edit: false } } });
    expect(refusal(() => org.query('SELECT Id FROM Lead', rep))).toMatchObject({ errorCode: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Lead' is not supported") });
    expect(refusal(() => org.search('FIND {4155550100} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id)', rep))).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message: "sObject type 'Lead' is not supported.",
    });
    expect(org.search('FIND {4155550100} IN PHONE FIELDS RETURNING Contact(Id)', rep).searchRecords).toHaveLength(1);
    // A search without RETURNING leaves out what the user cannot read.
    expect(org.search('FIND {田中}', rep).searchRecords.every((r) => r.attributes.type !== 'Lead')).toBe(true);
    expect(refusal(() => org.create('Lead', { LastName: 'X', Company: 'Y' }, rep))).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
    expect(refusal(() => org.retrieve('Lead', IDS.lead, rep))).toMatchObject({ status: 404 });
    expect(refusal(() => org.create('Task', { Subject: 'Call', WhoId: IDS.lead }, rep))).toMatchObject({ errorCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY' });
  });

  it('refuses creating what the profile may only read', () => {
    const { org, rep } = withRepProfile({ objectPermissions: { Lead: { read: true, create: false, edit: false } } });
    expect(org.query('SELECT Id FROM Lead', rep).records).toHaveLength(1);
    expect(refusal(() => org.create('Lead', { LastName: 'X', Company: 'Y' }, rep))).toMatchObject({ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' });
  });

  it('adds up a profile and permission sets: a permission set grants back what the profile lacks', () => {
    const snapshot = fixtureSnapshot();
    snapshot.profiles = [{ Id: '00e000000000009AAA', Name: 'Thin', objectPermissions: { Contact: { read: true } }, fieldPermissions: { 'Contact.Title': { read: false } } }];
    snapshot.permissionSets = [{ Id: '0PS000000000001AAA', Name: 'Titles and Leads', objectPermissions: { Lead: { read: true } }, fieldPermissions: { 'Contact.Title': { read: true, edit: false } } }];
    const hanako = snapshot.users.find((u) => u.Id === IDS.hanako)!;
    hanako.ProfileId = '00e000000000009AAA';
    const { org: thin, rep } = fixture(structuredClone(snapshot));
    expect(refusal(() => thin.query('SELECT Title FROM Contact', rep)).errorCode).toBe('INVALID_FIELD');
    expect(refusal(() => thin.query('SELECT Id FROM Lead', rep)).errorCode).toBe('INVALID_TYPE');
    hanako.PermissionSetIds = ['0PS000000000001AAA'];
    const { org } = fixture(snapshot);
    expect(org.query('SELECT Title FROM Contact', rep).records.length).toBeGreaterThan(0);
    expect(org.query('SELECT Id FROM Lead', rep).records).toHaveLength(1);
  });
});

describe('describe for the signed-in user', () => {
  it('lists the objects they can read, with queryable, searchable and createable', () => {
    const { org, rep } = withRepProfile({ objectPermissions: { Lead: { read: false }, Account: { read: true, create: false } } });
    const global = org.describeGlobal(rep) as { sobjects: Array<Row & { name: string }> };
    const names = global.sobjects.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Contact', 'Account', 'Task', 'TaskStatus', 'User', 'Organization']));
    expect(names).not.toContain('Lead');
    expect(global.sobjects.find((o) => o.name === 'Account')).toMatchObject({ queryable: true, searchable: true, createable: false, keyPrefix: '001' });
    expect(global.sobjects.find((o) => o.name === 'Contact')).toMatchObject({ createable: true, updateable: true });
    expect(refusal(() => org.describe('Lead', rep))).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
  });

  it('leaves hidden fields out and says per field what this user may create and update', () => {
    const { org, rep, ctx } = withRepProfile({ fieldPermissions: { 'Contact.HomePhone': { read: false }, 'Contact.Email': { read: true, edit: false } } });
    const fields = (org.describe('Contact', rep) as { fields: Array<Row & { name: string }> }).fields;
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect(byName.has('HomePhone')).toBe(false);
    expect(byName.get('Email')).toMatchObject({ type: 'email', createable: false, updateable: false });
    expect(byName.get('Phone')).toMatchObject({ type: 'phone', createable: true, updateable: true, length: 40 });
    expect(byName.get('Name')).toMatchObject({ createable: false, updateable: false, nameField: true });
    expect(byName.get('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' });
    const admin = (org.describe('Contact', ctx) as { fields: Array<{ name: string }> }).fields.map((f) => f.name);
    expect(admin).toContain('HomePhone');
  });
});

describe("the org's Task statuses (TaskStatus)", () => {
  function renamed(): { org: EmulatedOrg; rep: RequestContext } {
    const snapshot = fixtureSnapshot();
    snapshot.records.TaskStatus = [
      { Id: makeId('01J', 1, 'Ts'), ApiName: 'Open', MasterLabel: 'Open', IsClosed: false, IsDefault: true, SortOrder: 1 },
      { Id: makeId('01J', 2, 'Ts'), ApiName: 'Done', MasterLabel: 'Done', IsClosed: true, IsDefault: false, SortOrder: 2 },
    ];
    for (const task of snapshot.records.Task!) task.Status = task.Status === 'Completed' ? 'Done' : 'Open';
    const { org, rep } = fixture(snapshot);
    return { org, rep };
  }

  it('answers TaskStatus as a query, and a new org has the standard five', () => {
    const { org, rep } = fixture();
    const rows = org.query('SELECT ApiName, MasterLabel, IsClosed, IsDefault, SortOrder FROM TaskStatus ORDER BY SortOrder', rep).records;
    expect(rows.map((r) => r.ApiName)).toEqual(['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred']);
    expect(rows.filter((r) => r.IsClosed).map((r) => r.ApiName)).toEqual(['Completed']);
    expect(rows.filter((r) => r.IsDefault).map((r) => r.ApiName)).toEqual(['Not Started']);
  });

  it('takes the picklist, the default and what closes a Task from the org’s statuses', () => {
    const { org, rep } = renamed();
    const open = org.create('Task', { Subject: 'Follow up', WhoId: IDS.ben }, rep);
    expect(org.retrieve('Task', open, rep, ['Status', 'IsClosed'])).toMatchObject({ Status: 'Open', IsClosed: false });
    const done = org.create('Task', { Subject: 'Call', Status: 'Done', WhoId: IDS.ben }, rep);
    expect(org.retrieve('Task', done, rep, ['IsClosed'])).toMatchObject({ IsClosed: true });
    expect(refusal(() => org.create('Task', { Subject: 'Call', Status: 'Completed' }, rep))).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Status: bad value for restricted picklist field: Completed',
    });
    const status = (org.describe('Task', rep) as { fields: Array<{ name: string; picklistValues: Row[] }> }).fields.find((f) => f.name === 'Status')!;
    expect(status.picklistValues).toEqual([
      { active: true, defaultValue: true, label: 'Open', validFor: null, value: 'Open' },
      { active: true, defaultValue: false, label: 'Done', validFor: null, value: 'Done' },
    ]);
  });
});

describe('duplicate rules', () => {
  const rule = (action: 'alert' | 'block'): DuplicateRuleSeed => ({
    DeveloperName: 'Contact_Rule',
    SobjectType: 'Contact',
    action,
    matchOn: [['LastName', 'Phone']],
    compareWith: ['Contact'],
  });

  function withRule(action: 'alert' | 'block') {
    const snapshot: OrgSnapshot = fixtureSnapshot();
    snapshot.duplicateRules = [rule(action)];
    return fixture(snapshot);
  }

  it('refuses a duplicate with DUPLICATES_DETECTED and the matched records, unless an alert rule is told allowSave', () => {
    const { org, rep } = withRule('alert');
    const duplicate = refusal(() => org.create('Contact', { FirstName: 'Benjamin', LastName: 'carter', Phone: '+1 (415) 555-0100' }, rep));
    expect(duplicate).toMatchObject({ status: 400, errorCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?' });
    expect(duplicate.toJSON().duplicateResult).toMatchObject({
      allowSave: true,
      duplicateRule: 'Contact_Rule',
      duplicateRuleEntityType: 'Contact',
      matchResults: [{ entityType: 'Contact', size: 1, matchRecords: [{ matchConfidence: 100, record: { attributes: { type: 'Contact' }, Id: IDS.ben } }] }],
    });
    // Record details only when asked for.
    expect(Object.keys(duplicate.duplicateResult!.matchResults[0]!.matchRecords[0]!.record)).toEqual(['attributes', 'Id']);
    const detailed = refusal(() => org.create('Contact', { LastName: 'Carter', Phone: '4155550100' }, rep, { allowSave: false, includeRecordDetails: true }));
    expect(detailed.duplicateResult!.matchResults[0]!.matchRecords[0]!.record).toMatchObject({ Name: 'Ben Carter', Phone: '(415) 555-0100' });
    const id = org.create('Contact', { LastName: 'Carter', Phone: '4155550100' }, rep, { allowSave: true, includeRecordDetails: false });
    expect(id).toMatch(/^003/);
    // Not a duplicate: saved at once.
    expect(org.create('Contact', { LastName: 'Someone', Phone: '4155550100' }, rep)).toMatch(/^003/);
  });

  it('refuses a blocking rule even with allowSave', () => {
    const { org, rep } = withRule('block');
    const refused = refusal(() => org.create('Contact', { LastName: 'Carter', Phone: '(415) 555-0100' }, rep, { allowSave: true, includeRecordDetails: false }));
    expect(refused).toMatchObject({ errorCode: 'DUPLICATES_DETECTED', duplicateResult: { allowSave: false } });
  });
});

describe('converted leads', () => {
  function converted() {
    const snapshot = fixtureSnapshot();
    Object.assign(snapshot.records.Lead![0]!, { IsConverted: true, ConvertedContactId: IDS.yamada, ConvertedDate: '2026-11-20', Status: 'Closed - Converted' });
    return fixture(snapshot);
  }

  it('are queried, not searched (without "View and Edit Converted Leads"), and cannot be changed or referenced', () => {
    const { org, rep, ctx } = converted();
    expect(org.query('SELECT Id, IsConverted, ConvertedContactId, ConvertedContact.Name FROM Lead', rep).records[0]).toMatchObject({
      IsConverted: true,
      ConvertedContactId: IDS.yamada,
      ConvertedContact: { Name: '山田 太郎' },
    });
    expect(org.search('FIND {08022223333} IN PHONE FIELDS RETURNING Lead(Id)', rep).searchRecords).toEqual([]);
    expect(org.search('FIND {08022223333} IN PHONE FIELDS RETURNING Lead(Id)', ctx).searchRecords).toHaveLength(1);
    expect(refusal(() => org.update('Lead', IDS.lead, { Title: 'x' }, ctx))).toMatchObject({ errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead' });
    expect(refusal(() => org.create('Task', { Subject: 'Call', WhoId: IDS.lead }, rep))).toMatchObject({ errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD' });
  });
});

describe('what outside clients read', () => {
  it('answers SELECT … FROM Organization for every user, and the user with their profile', () => {
    const { org, rep } = fixture();
    expect(org.query('SELECT Id, Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix FROM Organization', rep).records).toEqual([
      expect.objectContaining({ Id: IDS.org, Name: 'Fixture Org', IsSandbox: false, NamespacePrefix: null }),
    ]);
    expect(org.query(`SELECT Name, Profile.Name, TimeZoneSidKey FROM User WHERE Id = '${IDS.alex}'`, rep).records[0]).toMatchObject({
      Profile: { Name: SYSTEM_ADMINISTRATOR_PROFILE.Name },
    });
    expect(org.query(`SELECT Profile.Name FROM User WHERE Id = '${IDS.hanako}'`, rep).records[0]).toMatchObject({ Profile: { Name: 'Standard User' } });
  });

  it('describes the columns of a query (columns=true) after checking it as it would run', () => {
    const { org, rep } = fixture();
    const columns = org.queryColumns('SELECT Id, Name, Owner.Name, (SELECT Subject FROM Tasks) FROM Contact', rep) as Row & { columnMetadata: Row[] };
    expect(columns).toMatchObject({ entityName: 'Contact', idSelected: true, keyPrefix: '003', groupBy: false });
    expect(columns.columnMetadata.map((c) => c.columnName)).toEqual(['Id', 'Name', 'Owner', 'Tasks']);
    expect(columns.columnMetadata[2]).toMatchObject({ foreignKeyName: 'OwnerId', joinColumns: [{ columnName: 'Name', aggregate: false }] });
    expect(columns.columnMetadata[3]).toMatchObject({ aggregate: true, joinColumns: [{ columnName: 'Subject' }] });
    expect(refusal(() => org.queryColumns('SELECT Nope FROM Contact', rep)).errorCode).toBe('INVALID_FIELD');
  });
});

describe('SOSL as strict as Salesforce', () => {
  it('refuses unbalanced braces or quotes, one-character terms and subqueries in RETURNING', () => {
    const { org, rep } = fixture();
    for (const sosl of [
      'FIND {4155550100',
      'FIND {41555{50100}',
      'FIND {4155550100}}',
      'FIND {"415 555 0100} IN PHONE FIELDS',
      'FIND {a}',
      'FIND {carter} RETURNING Contact(Id, (SELECT Id FROM Tasks))',
      'FIND {carter} RETURNING Contact(Id',
      'FIND {carter} IN NAME FIELDS nonsense',
    ]) {
      expect(refusal(() => org.search(sosl, rep)), sosl).toMatchObject({ status: 400, errorCode: 'MALFORMED_SEARCH' });
    }
  });

  it('does not invent refusals where Salesforce’s answer is unknown (an unescaped - in a number)', () => {
    const { org, rep } = fixture();
    expect(org.search('FIND {415-555-0100} IN PHONE FIELDS RETURNING Contact(Id)', rep).searchRecords).toHaveLength(1);
  });

  it('searches only the fields the user can see', () => {
    const { org, rep } = withRepProfile({ fieldPermissions: { 'Contact.MobilePhone': { read: false } } });
    expect(org.search('FIND {4155550123} IN PHONE FIELDS RETURNING Contact(Id)', rep).searchRecords).toEqual([]);
    expect(org.search('FIND {4155550123} IN PHONE FIELDS RETURNING Contact(Id)', { ...rep, userId: IDS.alex }).searchRecords).toHaveLength(1);
  });
});

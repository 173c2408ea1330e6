/**
 * The objects the emulator knows, with Salesforce's field types, lengths, picklists, required and
 * read-only fields, and relationships (parent names like `Owner`, child names like
 * `OpenActivities`). Names match Salesforce's API names; lookups ignore case, as Salesforce does.
 */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'phone'
  | 'email'
  | 'url';

export interface FieldDef {
  name: string;
  type: FieldType;
  length?: number;
  /** Required on create (and cannot be cleared by update). */
  required?: boolean;
  createable: boolean;
  updateable: boolean;
  picklist?: readonly string[];
  /** A restricted picklist refuses values outside the list. */
  restricted?: boolean;
  defaultValue?: unknown;
  referenceTo?: readonly string[];
  relationshipName?: string;
  /** Text fields that SOSL NAME FIELDS searches. */
  nameField?: boolean;
  /** The picklist's values are the org's records of this object (Task.Status: TaskStatus). */
  picklistFrom?: 'TaskStatus';
  /** Shown by describe; defaults to the name spelled out. */
  label?: string;
}

export interface ChildRelationship {
  name: string;
  /** The object the rows come from (Task for the activity relationships). */
  childType: string;
  /** The child's field pointing at the parent. */
  field: string;
  /** The type named in the rows' attributes (OpenActivity, ActivityHistory), when not childType. */
  rowType?: string;
  /** Which child rows belong to the relationship (open or closed Tasks). */
  filter?: (record: Record<string, unknown>) => boolean;
}

export interface ObjectDef {
  name: string;
  keyPrefix: string;
  fields: Map<string, FieldDef>;
  children: Map<string, ChildRelationship>;
  /** Parent relationship name (lower case) → the reference field. */
  parents: Map<string, FieldDef>;
  /** Read-only objects (User) refuse DML. */
  readOnly?: boolean;
  label: string;
  labelPlural: string;
  /** Whether SOSL may name it in RETURNING (the emulator searches people, accounts and deals). */
  searchable: boolean;
}

const ro = (name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, createable: false, updateable: false, ...extra });
const rw = (name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, createable: true, updateable: true, ...extra });
const ref = (name: string, to: readonly string[], relationshipName: string, extra: Partial<FieldDef> = {}): FieldDef =>
  rw(name, 'reference', { referenceTo: to, relationshipName, length: 18, ...extra });

function system(): FieldDef[] {
  return [
    ro('Id', 'id', { length: 18 }),
    ro('IsDeleted', 'boolean'),
    ro('CreatedDate', 'datetime'),
    ro('CreatedById', 'reference', { referenceTo: ['User'], relationshipName: 'CreatedBy' }),
    ro('LastModifiedDate', 'datetime'),
    ro('LastModifiedById', 'reference', { referenceTo: ['User'], relationshipName: 'LastModifiedBy' }),
    ro('SystemModstamp', 'datetime'),
  ];
}

const owner = () => ref('OwnerId', ['User'], 'Owner');
const phone = (name: string) => rw(name, 'phone', { length: 40 });

/** A new org's Task statuses (TaskStatus records): "Completed" closes a Task, "Not Started" is the default. */
export const STANDARD_TASK_STATUSES: ReadonlyArray<{ ApiName: string; IsClosed: boolean; IsDefault: boolean }> = [
  { ApiName: 'Not Started', IsClosed: false, IsDefault: true },
  { ApiName: 'In Progress', IsClosed: false, IsDefault: false },
  { ApiName: 'Completed', IsClosed: true, IsDefault: false },
  { ApiName: 'Waiting on someone else', IsClosed: false, IsDefault: false },
  { ApiName: 'Deferred', IsClosed: false, IsDefault: false },
];
export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
] as const;
export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const;
/** A new org's Case statuses; "Closed" closes a Case. */
export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Closed'] as const;

const TASK_FIELDS: FieldDef[] = [
  rw('Subject', 'string', { length: 255 }),
  rw('Description', 'textarea', { length: 32000 }),
  // The values are the org's TaskStatus records; the default is the one marked IsDefault.
  rw('Status', 'picklist', { picklistFrom: 'TaskStatus', restricted: true, required: true, length: 40 }),
  rw('Priority', 'picklist', { picklist: ['High', 'Normal', 'Low'], restricted: true, required: true, defaultValue: 'Normal', length: 40 }),
  ro('IsClosed', 'boolean'),
  rw('ActivityDate', 'date'),
  // TaskSubtype can be set when the Task is created, never changed (as in Salesforce).
  { name: 'TaskSubtype', type: 'picklist', picklist: ['Task', 'Email', 'Call'], restricted: true, defaultValue: 'Task', createable: true, updateable: false, length: 40 },
  rw('CallType', 'picklist', { picklist: ['Inbound', 'Outbound', 'Internal'], restricted: true, length: 40 }),
  rw('CallDurationInSeconds', 'int'),
  rw('CallObject', 'string', { length: 255 }),
  rw('CallDisposition', 'string', { length: 255 }),
  ref('WhoId', ['Contact', 'Lead'], 'Who'),
  ref('WhatId', ['Account', 'Opportunity', 'Case'], 'What'),
  // Derived by Salesforce: the account of the What (Account, Opportunity), else of the Who (a Contact).
  ro('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account', length: 18 }),
  owner(),
];

const isOpenTask = (record: Record<string, unknown>) => record.IsClosed !== true;
const isClosedTask = (record: Record<string, unknown>) => record.IsClosed === true;

/**
 * Relationships every person-like and business object has to Tasks. An Account's activity lists
 * roll up the Tasks of its contacts and opportunities (`historyField` AccountId, which Salesforce
 * derives), while its `Tasks` are those whose What it is.
 */
function activityChildren(field: 'WhoId' | 'WhatId', historyField: 'WhoId' | 'WhatId' | 'AccountId' = field): ChildRelationship[] {
  return [
    { name: 'Tasks', childType: 'Task', field },
    { name: 'OpenActivities', childType: 'Task', field: historyField, rowType: 'OpenActivity', filter: isOpenTask },
    { name: 'ActivityHistories', childType: 'Task', field: historyField, rowType: 'ActivityHistory', filter: isClosedTask },
  ];
}

interface DefineOptions {
  children?: ChildRelationship[];
  readOnly?: boolean;
  label?: string;
  labelPlural?: string;
  searchable?: boolean;
  /** Setup objects have no owner and no system fields beyond Id. */
  bare?: boolean;
}

function define(name: string, keyPrefix: string, fields: FieldDef[], options: DefineOptions = {}): ObjectDef {
  const all = options.bare ? [ro('Id', 'id', { length: 18 }), ...fields] : [...system(), ...fields];
  const fieldMap = new Map(all.map((field) => [field.name.toLowerCase(), field]));
  const parents = new Map(
    all.filter((field) => field.relationshipName).map((field) => [field.relationshipName!.toLowerCase(), field] as const),
  );
  const label = options.label ?? name.replace(/([a-z])([A-Z])/g, '$1 $2');
  return {
    name,
    keyPrefix,
    fields: fieldMap,
    children: new Map((options.children ?? []).map((child) => [child.name.toLowerCase(), child])),
    parents,
    readOnly: options.readOnly ?? false,
    label,
    labelPlural: options.labelPlural ?? `${label}s`,
    searchable: options.searchable ?? false,
  };
}

export const OBJECTS: ReadonlyMap<string, ObjectDef> = new Map(
  [
    define(
      'User',
      '005',
      [
        ro('Username', 'string', { length: 80 }),
        ro('Name', 'string', { length: 121, nameField: true }),
        ro('FirstName', 'string', { length: 40 }),
        ro('LastName', 'string', { length: 80 }),
        ro('Email', 'email', { length: 128 }),
        ro('IsActive', 'boolean'),
        ro('LanguageLocaleKey', 'string', { length: 40 }),
        ro('TimeZoneSidKey', 'string', { length: 40 }),
        ro('LocaleSidKey', 'string', { length: 40 }),
        ro('Alias', 'string', { length: 8 }),
        ro('UserType', 'picklist', { length: 40 }),
        ro('ProfileId', 'reference', { referenceTo: ['Profile'], relationshipName: 'Profile', length: 18 }),
      ],
      { readOnly: true, searchable: true },
    ),
    define('Profile', '00e', [ro('Name', 'string', { length: 255, nameField: true })], { readOnly: true, bare: true }),
    define(
      'Organization',
      '00D',
      [
        ro('Name', 'string', { length: 80, nameField: true }),
        ro('OrganizationType', 'picklist', { length: 40 }),
        ro('InstanceName', 'string', { length: 5 }),
        ro('IsSandbox', 'boolean'),
        ro('NamespacePrefix', 'string', { length: 15 }),
        ro('TrialExpirationDate', 'datetime'),
        ro('LanguageLocaleKey', 'string', { length: 40 }),
        ro('TimeZoneSidKey', 'string', { length: 40 }),
        ro('DefaultLocaleSidKey', 'string', { length: 40 }),
      ],
      { readOnly: true, bare: true },
    ),
    define(
      'TaskStatus',
      '01J',
      [
        ro('ApiName', 'string', { length: 255 }),
        ro('MasterLabel', 'string', { length: 255, nameField: true }),
        ro('IsClosed', 'boolean'),
        ro('IsDefault', 'boolean'),
        ro('SortOrder', 'int'),
      ],
      { readOnly: true, label: 'Task Status', labelPlural: 'Task Status' },
    ),
    define(
      'Account',
      '001',
      [
        rw('Name', 'string', { length: 255, required: true, nameField: true }),
        phone('Phone'),
        rw('Industry', 'picklist', { length: 255 }),
        rw('BillingCity', 'string', { length: 40 }),
        // SOSL's NAME FIELDS also searches an Account's Website (SOQL and SOSL reference, "IN SearchGroup").
        rw('Website', 'url', { length: 255, nameField: true }),
        owner(),
      ],
      {
        children: [
          { name: 'Contacts', childType: 'Contact', field: 'AccountId' },
          { name: 'Opportunities', childType: 'Opportunity', field: 'AccountId' },
          { name: 'Cases', childType: 'Case', field: 'AccountId' },
          ...activityChildren('WhatId', 'AccountId'),
        ],
        searchable: true,
      },
    ),
    define(
      'Contact',
      '003',
      [
        rw('FirstName', 'string', { length: 40, nameField: true }),
        rw('LastName', 'string', { length: 80, required: true, nameField: true }),
        ro('Name', 'string', { length: 121, nameField: true }),
        rw('Title', 'string', { length: 128 }),
        rw('Department', 'string', { length: 80 }),
        phone('Phone'),
        phone('MobilePhone'),
        phone('HomePhone'),
        phone('OtherPhone'),
        phone('AssistantPhone'),
        phone('Fax'),
        rw('Email', 'email', { length: 80 }),
        ref('AccountId', ['Account'], 'Account'),
        owner(),
      ],
      {
        children: [
          { name: 'OpportunityContactRoles', childType: 'OpportunityContactRole', field: 'ContactId' },
          { name: 'Cases', childType: 'Case', field: 'ContactId' },
          ...activityChildren('WhoId'),
        ],
        searchable: true,
      },
    ),
    define(
      'Lead',
      '00Q',
      [
        rw('FirstName', 'string', { length: 40, nameField: true }),
        rw('LastName', 'string', { length: 80, required: true, nameField: true }),
        ro('Name', 'string', { length: 121, nameField: true }),
        rw('Company', 'string', { length: 255, required: true, nameField: true }),
        rw('Title', 'string', { length: 128 }),
        phone('Phone'),
        phone('MobilePhone'),
        rw('Email', 'email', { length: 80 }),
        rw('Status', 'picklist', { picklist: LEAD_STATUSES, restricted: true, required: true, defaultValue: 'Open - Not Contacted', length: 40 }),
        ro('IsConverted', 'boolean'),
        ro('ConvertedDate', 'date'),
        ro('ConvertedContactId', 'reference', { referenceTo: ['Contact'], relationshipName: 'ConvertedContact', length: 18 }),
        ro('ConvertedAccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'ConvertedAccount', length: 18 }),
        ro('ConvertedOpportunityId', 'reference', { referenceTo: ['Opportunity'], relationshipName: 'ConvertedOpportunity', length: 18 }),
        owner(),
      ],
      { children: activityChildren('WhoId'), searchable: true },
    ),
    define(
      'Opportunity',
      '006',
      [
        rw('Name', 'string', { length: 120, required: true, nameField: true }),
        rw('StageName', 'picklist', { picklist: OPPORTUNITY_STAGES, restricted: true, required: true, length: 255 }),
        rw('CloseDate', 'date', { required: true }),
        rw('Amount', 'currency'),
        ro('IsClosed', 'boolean'),
        ro('IsWon', 'boolean'),
        ref('AccountId', ['Account'], 'Account'),
        owner(),
      ],
      {
        children: [{ name: 'OpportunityContactRoles', childType: 'OpportunityContactRole', field: 'OpportunityId' }, ...activityChildren('WhatId')],
        searchable: true,
        labelPlural: 'Opportunities',
      },
    ),
    define(
      'OpportunityContactRole',
      '00K',
      [
        ref('OpportunityId', ['Opportunity'], 'Opportunity', { required: true }),
        ref('ContactId', ['Contact'], 'Contact', { required: true }),
        rw('Role', 'picklist', { length: 40 }),
        rw('IsPrimary', 'boolean'),
      ],
      { label: 'Contact Role' },
    ),
    define(
      'Case',
      '500',
      [
        // An auto-number: Salesforce fills it in on create; it is the Case's name field.
        ro('CaseNumber', 'string', { length: 30, nameField: true }),
        // SOSL's NAME FIELDS searches a Case's Subject too (SOQL and SOSL reference, "IN SearchGroup").
        rw('Subject', 'string', { length: 255, nameField: true }),
        rw('Description', 'textarea', { length: 32000 }),
        rw('Status', 'picklist', { picklist: CASE_STATUSES, restricted: true, required: true, defaultValue: 'New', length: 40 }),
        rw('Priority', 'picklist', { picklist: ['High', 'Medium', 'Low'], restricted: true, defaultValue: 'Medium', length: 40 }),
        rw('Origin', 'picklist', { picklist: ['Phone', 'Email', 'Web'], restricted: true, length: 40 }),
        ro('IsClosed', 'boolean'),
        ref('ContactId', ['Contact'], 'Contact'),
        ref('AccountId', ['Account'], 'Account'),
        owner(),
      ],
      { children: activityChildren('WhatId'), searchable: true },
    ),
    define('Task', '00T', TASK_FIELDS),
  ].map((def) => [def.name.toLowerCase(), def]),
);

export function objectDef(type: string): ObjectDef | undefined {
  return OBJECTS.get(type.toLowerCase());
}

export function objectByPrefix(id: string): ObjectDef | undefined {
  for (const def of OBJECTS.values()) if (id.startsWith(def.keyPrefix)) return def;
  return undefined;
}

/** Fields the activity rows (OpenActivity, ActivityHistory) have besides the Task's. */
export const ACTIVITY_ROW_EXTRA: ReadonlyMap<string, FieldDef> = new Map([
  ['istask', ro('IsTask', 'boolean')],
  ['activitysubtype', ro('ActivitySubtype', 'picklist')],
]);

export const PHONE_TYPES = new Set<FieldType>(['phone']);

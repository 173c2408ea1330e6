/**
 * Describe as the REST API answers it for the signed-in user: `GET sobjects` (the objects they can
 * see), `GET sobjects/Type/describe` (fields they can see, with per-user createable/updateable), and
 * the column list of `query?columns=true`. Shapes follow Salesforce's DescribeGlobalResult,
 * DescribeSObjectResult and Field; properties the emulator has no notion of are constants.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import type { Access } from './access';
import { OBJECTS, objectDef, type FieldDef, type FieldType, type ObjectDef } from './schema';
import { SalesforceError } from './types';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  reference: 'tns:ID',
  phone: 'xsd:string',
  email: 'xsd:string',
  url: 'xsd:string',
};

function label(field: FieldDef): string {
  if (field.label) return field.label;
  const base = field.type === 'reference' && field.name.endsWith('Id') ? `${field.name.slice(0, -2)} ID` : field.name;
  return base.replace(/([a-z])([A-Z])/g, '$1 $2');
}

export interface PicklistValue {
  active: boolean;
  defaultValue: boolean;
  label: string;
  validFor: null;
  value: string;
}

/** What describe needs of the org: the values of the org-defined picklists (Task.Status), and their labels in the user's language. */
export interface DescribeSource {
  picklistValues(field: FieldDef): PicklistValue[] | undefined;
  /** A value's label translated for the signed-in user, when the org has one. */
  translate?(object: string, field: string, value: string): string | undefined;
}

function urls(def: ObjectDef, version: string) {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function objectSummary(def: ObjectDef, access: Access, version: string) {
  const permissions = access.object(def.name);
  return {
    activateable: false,
    createable: permissions.create && !def.readOnly,
    custom: false,
    customSetting: false,
    deletable: permissions.delete && !def.readOnly,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: !def.readOnly,
    mergeable: def.name === 'Contact' || def.name === 'Lead' || def.name === 'Account',
    mruEnabled: !def.readOnly,
    name: def.name,
    queryable: permissions.read,
    replicateable: true,
    retrieveable: permissions.read,
    searchable: def.searchable && permissions.read,
    triggerable: !def.readOnly,
    undeletable: permissions.delete && !def.readOnly,
    updateable: permissions.edit && !def.readOnly,
    urls: urls(def, version),
  };
}

/** `GET sobjects`: the objects this user can read. */
export function describeGlobal(access: Access, version: string) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...OBJECTS.values()].filter((def) => access.object(def.name).read).map((def) => objectSummary(def, access, version)),
  };
}

function describeField(def: ObjectDef, field: FieldDef, access: Access, source: DescribeSource) {
  const permissions = access.object(def.name);
  const editable = access.field(def, field) === 'edit' && !def.readOnly;
  const picklistValues =
    field.type === 'picklist'
      ? (source.picklistValues(field) ?? (field.picklist ?? []).map((value) => ({ active: true, defaultValue: value === field.defaultValue, label: value, validFor: null, value }))).map(
          (entry) => ({ ...entry, label: source.translate?.(def.name, field.name, entry.value) ?? entry.label }),
        )
      : [];
  const defaultValue = field.type === 'picklist' ? null : field.type === 'boolean' ? false : null;
  return {
    aggregatable: field.type !== 'textarea',
    autoNumber: false,
    byteLength: (field.length ?? 0) * 3,
    calculated: false,
    caseSensitive: false,
    createable: field.createable && editable && permissions.create,
    custom: false,
    defaultValue,
    defaultedOnCreate: field.type === 'boolean' || field.defaultValue !== undefined || field.picklistFrom !== undefined || field.name === 'OwnerId' || field.name === 'Id',
    dependentPicklist: false,
    externalId: false,
    filterable: field.type !== 'textarea',
    groupable: !['textarea', 'double', 'currency', 'datetime'].includes(field.type),
    idLookup: field.name === 'Id',
    label: label(field),
    length: ['string', 'textarea', 'picklist', 'phone', 'email', 'url'].includes(field.type) ? (field.length ?? 0) : 0,
    name: field.name,
    nameField: field.name === 'Name' || (def.name === 'Task' && field.name === 'Subject') || (def.name === 'Case' && field.name === 'CaseNumber'),
    nillable: !field.required && field.type !== 'boolean' && field.type !== 'id',
    picklistValues,
    polymorphicForeignKey: (field.referenceTo?.length ?? 0) > 1,
    precision: field.type === 'currency' ? 18 : 0,
    referenceTo: field.referenceTo ? [...field.referenceTo] : [],
    relationshipName: field.relationshipName ?? null,
    restrictedPicklist: field.restricted === true,
    scale: field.type === 'currency' ? 2 : 0,
    soapType: SOAP_TYPES[field.type],
    sortable: field.type !== 'textarea',
    type: field.type,
    unique: false,
    updateable: field.updateable && editable && permissions.edit,
  };
}

/** `GET sobjects/Type/describe` for this user; an object they cannot read does not exist (404). */
export function describeObject(type: string, access: Access, version: string, source: DescribeSource) {
  const def = objectDef(type);
  if (!def || !access.object(def.name).read) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return {
    ...objectSummary(def, access, version),
    actionOverrides: [],
    childRelationships: [...def.children.values()]
      .filter((child) => access.object(child.childType).read)
      .map((child) => ({
        cascadeDelete: false,
        childSObject: child.rowType ?? child.childType,
        deprecatedAndHidden: false,
        field: child.field,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: child.name,
        restrictedDelete: false,
      })),
    compactLayoutable: !def.readOnly,
    fields: [...def.fields.values()].filter((field) => access.field(def, field) !== 'none').map((field) => describeField(def, field, access, source)),
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: def.searchable,
    supportedScopes: def.fields.has('ownerid') ? [{ label: 'My ' + def.labelPlural.toLowerCase(), name: 'mine' }, { label: 'All ' + def.labelPlural.toLowerCase(), name: 'everything' }] : [],
  };
}

// ── query?columns=true ──────────────────────────────────────────────────────────────────────

interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

const APEX_TYPES: Partial<Record<FieldType, string>> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  currency: 'Decimal',
  date: 'Date',
  datetime: 'Datetime',
};

function fieldColumn(name: string, field: FieldDef | undefined): ColumnMetadata {
  const type = field?.type ?? 'string';
  return {
    aggregate: false,
    apexType: APEX_TYPES[type] ?? 'String',
    booleanType: type === 'boolean',
    columnName: name,
    custom: false,
    displayName: name,
    foreignKeyName: null,
    insertable: field?.createable ?? false,
    joinColumns: [],
    numberType: type === 'int' || type === 'double' || type === 'currency',
    textType: !['boolean', 'int', 'double', 'currency', 'date', 'datetime'].includes(type),
    updatable: field?.updateable ?? false,
  };
}

function pathColumn(def: ObjectDef | undefined, path: string[]): ColumnMetadata {
  const [head, ...rest] = path;
  if (rest.length === 0) return fieldColumn(def?.fields.get(head!.toLowerCase())?.name ?? head!, def?.fields.get(head!.toLowerCase()));
  const reference = def?.parents.get(head!.toLowerCase());
  const parentDef = reference?.referenceTo?.length === 1 ? objectDef(reference.referenceTo[0]!) : undefined;
  return {
    ...fieldColumn(reference?.relationshipName ?? head!, undefined),
    apexType: null,
    textType: false,
    foreignKeyName: reference?.name ?? null,
    joinColumns: [pathColumn(parentDef, rest)],
  };
}

/**
 * The columns of a query that has already been checked (run) for this user: field, parent path
 * (`Owner.Name` → `Owner` joining `Name`), child subquery (aggregate, joining its columns).
 */
export function queryColumns(query: Query) {
  const def = objectDef(query.sObject ?? '');
  const columns = (query.fields ?? []).flatMap((selected): ColumnMetadata[] => {
    switch (selected.type) {
      case 'Field':
        return [pathColumn(def, [selected.field])];
      case 'FieldRelationship':
        return [pathColumn(def, [...selected.relationships, selected.field])];
      case 'FieldSubquery': {
        const name = selected.subquery.relationshipName;
        const child = def?.children.get(name.toLowerCase());
        const inner = queryColumns({ ...(selected.subquery as unknown as Query), sObject: child?.childType ?? '' });
        return [{ ...fieldColumn(child?.name ?? name, undefined), aggregate: true, apexType: null, textType: false, joinColumns: inner.columnMetadata }];
      }
      default:
        return [];
    }
  });
  const idSelected = (query.fields ?? []).some((selected) => selected.type === 'Field' && selected.field.toLowerCase() === 'id');
  return { columnMetadata: columns, entityName: def?.name ?? query.sObject ?? '', groupBy: false, idSelected, keyPrefix: def?.keyPrefix ?? null };
}

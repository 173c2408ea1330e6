/**
 * Who may see and change what: profiles and permission sets (object access, field-level security,
 * "View All Data"), added up per user as Salesforce adds them. Sharing (which records) is not
 * modelled: every user who may read an object reads all of its records.
 */
import type { FieldDef, ObjectDef } from './schema';
import type { FieldPermissions, ObjectPermissions, OrgSnapshot, PermissionBundle } from './types';

const ALL: ObjectPermissions = { read: true, create: true, edit: true, delete: true };

/** Objects that are sales data, governed by object permissions. */
export const SECURED_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task'] as const;

/** Salesforce's "Standard User": the sales objects, no "View All Data". */
export const STANDARD_USER_PROFILE: PermissionBundle = {
  Id: '00e000000000001AAA',
  Name: 'Standard User',
  PermissionsViewAllData: false,
  PermissionsModifyAllData: false,
  PermissionsApiEnabled: true,
  PermissionsViewEditConvertedLeads: false,
  objectPermissions: Object.fromEntries(SECURED_OBJECTS.map((type) => [type, ALL])),
};

/** Salesforce's "System Administrator": everything, "View All Data" and "Modify All Data". */
export const SYSTEM_ADMINISTRATOR_PROFILE: PermissionBundle = {
  Id: '00e000000000002AAA',
  Name: 'System Administrator',
  PermissionsViewAllData: true,
  PermissionsModifyAllData: true,
  PermissionsApiEnabled: true,
  PermissionsViewEditConvertedLeads: true,
  objectPermissions: Object.fromEntries(SECURED_OBJECTS.map((type) => [type, ALL])),
};

/** The two profiles every org has, then the snapshot's own (which may redefine them by Id). */
export function profilesOf(snapshot: Pick<OrgSnapshot, 'profiles'>): PermissionBundle[] {
  const own = snapshot.profiles ?? [];
  const builtIn = [STANDARD_USER_PROFILE, SYSTEM_ADMINISTRATOR_PROFILE].filter((p) => !own.some((o) => o.Id === p.Id));
  return [...builtIn, ...own];
}

export type FieldAccess = 'none' | 'read' | 'edit';

/** What one user may do, computed once per request from their profile and permission sets. */
export interface Access {
  readonly userId: string;
  readonly viewAllData: boolean;
  readonly viewEditConvertedLeads: boolean;
  readonly apiEnabled: boolean;
  object(type: string): ObjectPermissions;
  /** Field-level security of one field for this user. */
  field(def: ObjectDef, field: FieldDef): FieldAccess;
}

/** Objects every user reads whatever their profile (setup and reference objects). */
const ALWAYS_READABLE = new Set(['User', 'Organization', 'TaskStatus', 'Profile']);

export function accessFor(snapshot: Pick<OrgSnapshot, 'users' | 'profiles' | 'permissionSets'>, userId: string): Access {
  const user = snapshot.users.find((u) => u.Id === userId);
  const profiles = profilesOf(snapshot);
  const profile = profiles.find((p) => p.Id === (user?.ProfileId ?? STANDARD_USER_PROFILE.Id)) ?? STANDARD_USER_PROFILE;
  const sets = (user?.PermissionSetIds ?? [])
    .map((id) => (snapshot.permissionSets ?? []).find((set) => set.Id === id))
    .filter((set): set is PermissionBundle => set !== undefined);
  const bundles = [profile, ...sets];
  const any = (pick: (b: PermissionBundle) => boolean | undefined) => bundles.some((b) => pick(b) === true);
  const modifyAll = any((b) => b.PermissionsModifyAllData);

  const objectCache = new Map<string, ObjectPermissions>();
  const object = (type: string): ObjectPermissions => {
    let cached = objectCache.get(type);
    if (cached) return cached;
    if (ALWAYS_READABLE.has(type)) cached = { read: true, create: false, edit: false, delete: false };
    else if (type === 'OpportunityContactRole') {
      // Contact roles are read and written with their opportunity (and need the contact readable).
      const opportunity = object('Opportunity');
      cached = { ...opportunity, read: opportunity.read && object('Contact').read };
    } else {
      const granted = bundles.map((b) => b.objectPermissions?.[type]).filter((p) => p !== undefined);
      cached = {
        read: modifyAll || granted.some((p) => p.read === true),
        create: modifyAll || granted.some((p) => p.create === true),
        edit: modifyAll || granted.some((p) => p.edit === true),
        delete: modifyAll || granted.some((p) => p.delete === true),
      };
      // Create, edit and delete imply read (Salesforce's permission dependencies).
      if (cached.create || cached.edit || cached.delete) cached.read = true;
    }
    objectCache.set(type, cached);
    return cached;
  };

  const field = (def: ObjectDef, fieldDef: FieldDef): FieldAccess => {
    if (!object(def.name).read) return 'none';
    // Fields that cannot be hidden: ids, required fields, names and system fields.
    const writable = fieldDef.createable || fieldDef.updateable;
    if (!securable(fieldDef)) return writable ? 'edit' : 'read';
    const key = `${def.name}.${fieldDef.name}`.toLowerCase();
    const entries = bundles
      .map((b) => Object.entries(b.fieldPermissions ?? {}).find(([name]) => name.toLowerCase() === key)?.[1])
      .map((p): FieldPermissions => ({ read: p?.read ?? true, edit: p?.edit ?? p?.read ?? true }));
    const read = modifyAll || entries.some((p) => p.read);
    const edit = modifyAll || entries.some((p) => p.read && p.edit);
    if (!read) return 'none';
    return edit && writable ? 'edit' : 'read';
  };

  return {
    userId,
    viewAllData: modifyAll || any((b) => b.PermissionsViewAllData),
    viewEditConvertedLeads: modifyAll || any((b) => b.PermissionsViewEditConvertedLeads),
    // A profile has "API Enabled" unless it says otherwise; a permission set only when it says so.
    apiEnabled: profile.PermissionsApiEnabled !== false || sets.some((set) => set.PermissionsApiEnabled === true),
    object,
    field,
  };
}

/** Whether field-level security applies to a field (Salesforce does not let admins hide these). */
export function securable(field: FieldDef): boolean {
  if (field.required || field.type === 'id') return false;
  return !['Name', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'OwnerId', 'IsClosed', 'IsConverted', 'CaseNumber'].includes(field.name);
}

/** An Access that may do everything (org-internal work: seeding, derived fields, control). */
export const FULL_ACCESS: Access = {
  userId: '',
  viewAllData: true,
  viewEditConvertedLeads: true,
  apiEnabled: true,
  object: () => ALL,
  field: (_def, field) => (field.createable || field.updateable ? 'edit' : 'read'),
};

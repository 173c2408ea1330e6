/**
 * What the org says about the signed-in user, read in one Composite request and kept per org and
 * user for a day: which objects they can read and create, which fields they see and may write
 * (describe), the org's Task statuses (TaskStatus), and who they are (their User record, with the
 * time zone a Task's date is read in). It knows nothing of what the rest of the background asks
 * for: the callers name the objects.
 */
import { defineDbMap } from '../storage/extension-db';
import { onForgetMemory } from '../storage/worker-memory';
import type { CompositeAnswer, CompositeSubrequest } from './rest-api';

/** How long facts are trusted before they are read again (an admin's change shows within a day). */
export const ORG_FACTS_TTL_MS = 24 * 60 * 60_000;

export interface FieldFacts {
  createable: boolean;
  updateable: boolean;
  /** For a lookup: the relationship name (`Account`) and the objects it points at. */
  relationshipName?: string;
  referenceTo?: string[];
  /**
   * For a picklist the card shows: each value's label where it differs from the value, in the
   * user's language (describe answers labels translated for the signed-in user).
   */
  labels?: Record<string, string>;
}

/** The picklists the sidebar shows (R3's stage, a lead's status, a case's and a Task's status). */
const SHOWN_PICKLISTS = new Set(['Task.Status', 'Lead.Status', 'Opportunity.StageName', 'Case.Status']);

export interface ObjectFacts {
  createable: boolean;
  updateable: boolean;
  /** Present only for described objects: the fields this user sees, by API name. */
  fields?: Record<string, FieldFacts>;
  /** Child relationship names of described objects (`OpportunityContactRoles`, …). */
  children?: string[];
}

export interface TaskStatusFact {
  value: string;
  label: string;
  closed: boolean;
  isDefault: boolean;
}

export interface OrgFacts {
  orgId: string;
  userId: string;
  fetchedAt: number;
  user: { name: string; username: string; timeZone: string | null; language: string | null };
  /** By object name; null when this user cannot read the object. */
  objects: Record<string, ObjectFacts | null>;
  /** In the org's order. */
  taskStatuses: TaskStatusFact[];
}

/** Who the facts are about (from the identity URL the token answer names). */
export interface OrgUserRef {
  orgId: string;
  userId: string;
}

/** Which objects to describe (fields and children) and which only to check for access. */
export interface OrgFactsRequest {
  describe: readonly string[];
  check: readonly string[];
}

/**
 * The one place the facts live: the extension origin's IndexedDB, one entry for the connected org
 * and user. Not `storage.local`, which content scripts can write (#17): forged facts could name
 * another closed Task status, time zone or hidden fields for what the background writes.
 */
const factsMap = defineDbMap<OrgFacts>('facts');
const CURRENT = 'current';

/** The stored facts (the options page's status asks the background for them). */
export async function storedOrgFacts(): Promise<OrgFacts | null> {
  return (await factsMap.get(CURRENT)) ?? null;
}

/** The identity URL (`…/id/<orgId>/<userId>`) names the org and the user; reading it needs no scope. */
export function userRefOf(identityUrl: string): OrgUserRef {
  const [orgId = '', userId = ''] = new URL(identityUrl).pathname.split('/').filter(Boolean).slice(-2);
  if (!/^00D\w{12,15}$/.test(orgId) || !/^005\w{12,15}$/.test(userId)) throw new Error(`Not a Salesforce identity URL: ${identityUrl}`);
  return { orgId, userId };
}

type Json = Record<string, unknown>;

const ID = /^[a-zA-Z0-9]{15,18}$/;

/** The subrequests of one read: describe, access checks, TaskStatus and the user, at most 25 in all. */
export function orgFactsSubrequests(request: OrgFactsRequest, who: OrgUserRef): CompositeSubrequest[] {
  if (!ID.test(who.userId)) throw new Error('Not a user id');
  const query = (soql: string) => `query?q=${encodeURIComponent(soql)}`;
  return [
    ...request.describe.map((name) => ({ method: 'GET', url: `sobjects/${name}/describe`, referenceId: `d_${name}` })),
    ...request.check.map((name) => ({ method: 'GET', url: `sobjects/${name}`, referenceId: `c_${name}` })),
    { method: 'GET', url: query('SELECT ApiName, MasterLabel, IsClosed, IsDefault, SortOrder FROM TaskStatus ORDER BY SortOrder'), referenceId: 'statuses' },
    { method: 'GET', url: query(`SELECT Id, Name, Username, TimeZoneSidKey, LanguageLocaleKey FROM User WHERE Id = '${who.userId}'`), referenceId: 'me' },
  ];
}

/** A shown picklist's labels that differ from their values (most orgs in English: none). */
function picklistLabels(field: Json): Record<string, string> | null {
  const labels: Record<string, string> = {};
  for (const entry of Array.isArray(field.picklistValues) ? (field.picklistValues as Json[]) : []) {
    if (typeof entry.value === 'string' && typeof entry.label === 'string' && entry.label !== '' && entry.label !== entry.value) labels[entry.value] = entry.label;
  }
  return Object.keys(labels).length ? labels : null;
}

function describedObject(object: string, body: Json): ObjectFacts {
  const fields: Record<string, FieldFacts> = {};
  for (const field of (body.fields as Json[] | undefined) ?? []) {
    const name = String(field.name);
    const referenceTo = Array.isArray(field.referenceTo) ? (field.referenceTo as string[]) : [];
    const labels = SHOWN_PICKLISTS.has(`${object}.${name}`) ? picklistLabels(field) : null;
    fields[name] = {
      createable: field.createable === true,
      updateable: field.updateable === true,
      ...(typeof field.relationshipName === 'string' ? { relationshipName: field.relationshipName, referenceTo } : {}),
      ...(labels ? { labels } : {}),
    };
  }
  const children = ((body.childRelationships as Json[] | undefined) ?? []).map((child) => child.relationshipName).filter((name): name is string => typeof name === 'string');
  return { createable: body.createable === true, updateable: body.updateable === true, fields, children };
}

/** Turns the Composite answers into facts; an object answered 403/404 is one this user cannot read. */
export function orgFactsFrom(request: OrgFactsRequest, who: OrgUserRef, answers: CompositeAnswer[], now = Date.now()): OrgFacts {
  const byRef = new Map(answers.map((answer) => [answer.referenceId, answer]));
  const body = (ref: string): Json | null => {
    const answer = byRef.get(ref);
    if (!answer) throw new Error(`Salesforce did not answer ${ref}`);
    if (answer.httpStatusCode === 403 || answer.httpStatusCode === 404) return null;
    if (answer.httpStatusCode >= 300) throw Object.assign(new Error(`Salesforce refused ${ref}: ${JSON.stringify(answer.body).slice(0, 200)}`), errorOf(answer.body));
    return answer.body as Json;
  };
  const objects: OrgFacts['objects'] = {};
  for (const name of request.describe) {
    const described = body(`d_${name}`);
    objects[name] = described ? describedObject(name, described) : null;
  }
  for (const name of request.check) {
    const info = body(`c_${name}`)?.objectDescribe as Json | undefined;
    objects[name] = info && info.queryable !== false ? { createable: info.createable === true, updateable: info.updateable === true } : null;
  }
  const statuses = ((body('statuses')?.records as Json[] | undefined) ?? []).map((row) => ({
    value: String(row.ApiName),
    label: String(row.MasterLabel ?? row.ApiName),
    closed: row.IsClosed === true,
    isDefault: row.IsDefault === true,
  }));
  const me = (body('me')?.records as Json[] | undefined)?.[0];
  if (!me) throw new Error('Salesforce did not answer who the signed-in user is.');
  return {
    ...who,
    fetchedAt: now,
    user: {
      name: String(me.Name ?? ''),
      username: String(me.Username ?? ''),
      timeZone: typeof me.TimeZoneSidKey === 'string' ? me.TimeZoneSidKey : null,
      language: typeof me.LanguageLocaleKey === 'string' ? me.LanguageLocaleKey : null,
    },
    objects,
    taskStatuses: statuses,
  };
}

function errorOf(body: unknown): { errorCode?: string } {
  const first = Array.isArray(body) ? (body[0] as Json | undefined) : undefined;
  return typeof first?.errorCode === 'string' ? { errorCode: first.errorCode } : {};
}

/**
 * Whether cached facts still answer for this org and user today, and about every object asked
 * (a new version of the sidebar may ask about more objects than the facts it finds stored).
 */
export function factsAreFresh(facts: OrgFacts | null, who: OrgUserRef, now = Date.now(), request?: OrgFactsRequest): facts is OrgFacts {
  if (facts === null || !sameId(facts.orgId, who.orgId) || !sameId(facts.userId, who.userId) || now - facts.fetchedAt >= ORG_FACTS_TTL_MS || now < facts.fetchedAt) return false;
  if (!request) return true;
  const answered = (name: string) => Object.hasOwn(facts.objects, name);
  return request.check.every(answered) && request.describe.every((name) => answered(name) && (facts.objects[name] === null || facts.objects[name]?.fields !== undefined));
}

function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

// ── Reading the facts ───────────────────────────────────────────────────────────────────────

/** Whether the user can read an object (unknown objects: assumed readable, Salesforce will say). */
export function canRead(facts: OrgFacts, object: string): boolean {
  return facts.objects[object] !== null;
}

/**
 * The paths of `wanted` this user may query on `object`: a field they see, or a parent path
 * (`Account.Name`) whose lookup they see and whose object they can read. Fields of objects that
 * were only checked (not described) count as visible: they are names and required fields.
 */
export function visibleFields(facts: OrgFacts, object: string, wanted: readonly string[]): string[] {
  const described = facts.objects[object];
  if (described === null) return [];
  const fields = described?.fields;
  if (!fields) return [...wanted];
  const byLowerName = new Map(Object.entries(fields).map(([name, field]) => [name.toLowerCase(), field]));
  return wanted.filter((path) => {
    const [head, ...rest] = path.split('.');
    if (rest.length === 0) return byLowerName.has(head!.toLowerCase());
    const lookup = Object.values(fields).find((field) => field.relationshipName?.toLowerCase() === head!.toLowerCase());
    if (!lookup) return false;
    // A polymorphic lookup (Who, What) points at Salesforce's Name object; a plain one at one object.
    return (lookup.referenceTo?.length ?? 0) !== 1 || facts.objects[lookup.referenceTo![0]!] !== null;
  });
}

/** Whether a described object's child relationship is there for this user. */
export function hasChild(facts: OrgFacts, object: string, relationship: string): boolean {
  const children = facts.objects[object]?.children;
  return children === undefined ? facts.objects[object] !== null : children.includes(relationship);
}

/** Which of `names` this user may set when creating (or updating) a record of `object` (all when not described). */
export function createableFields(facts: OrgFacts, object: string, names: readonly string[], mode: 'create' | 'update' = 'create'): Set<string> {
  const fields = facts.objects[object]?.fields;
  if (!fields) return new Set(names);
  return new Set(names.filter((name) => (mode === 'create' ? fields[name]?.createable : fields[name]?.updateable) === true));
}

/**
 * What the user sees for a picklist value: its label in their language, as their org names it
 * (a Japanese rep reads 完了 where the API says Completed), else the value itself.
 */
export function picklistLabel(facts: OrgFacts | null, object: string, field: string, value: string): string {
  return facts?.objects[object]?.fields?.[field]?.labels?.[value] ?? value;
}

/** The status a finished Task gets: the standard "Completed" when the org keeps it closed, else its first closed status. */
export function closedTaskStatus(facts: OrgFacts | null): string {
  const closed = facts?.taskStatuses.filter((status) => status.closed) ?? [];
  return (closed.find((status) => status.value === 'Completed') ?? closed[0])?.value ?? 'Completed';
}

/** The status a new open Task gets: the org's default, or its first open one when the default closes. */
export function openTaskStatus(facts: OrgFacts | null): string {
  const statuses = facts?.taskStatuses ?? [];
  const open = statuses.filter((status) => !status.closed);
  return (open.find((status) => status.isDefault) ?? open[0])?.value ?? 'Not Started';
}

/** Whether a status closes a Task in this org. */
export function isClosedStatus(facts: OrgFacts | null, status: string): boolean {
  const known = facts?.taskStatuses.find((s) => s.value === status);
  return known ? known.closed : status === 'Completed';
}

/**
 * Reads in flight in this worker, by org and user: parallel first uses share one Composite request.
 * Deliberate module state: it only joins reads that overlap; the facts themselves live in storage.
 */
const reading = new Map<string, Promise<OrgFacts>>();

/** The facts as this worker last read or wrote them (see `forgetOrgFacts`). */
let remembered: OrgFacts | null = null;
onForgetMemory(() => {
  remembered = null;
});

/** Disconnect: the facts were the org's. */
export async function forgetOrgFacts(): Promise<void> {
  remembered = null;
  await factsMap.clear();
}

/**
 * The facts for this org and user: from storage when read today, otherwise read now (one request)
 * and stored. `refresh` reads them again whatever their age (after INVALID_FIELD and the like).
 */
export async function currentOrgFacts(
  composite: (subrequests: CompositeSubrequest[]) => Promise<CompositeAnswer[]>,
  request: OrgFactsRequest,
  who: OrgUserRef,
  options: { refresh?: boolean } = {},
): Promise<OrgFacts> {
  if (!options.refresh) {
    // The worker's copy first: a Salesforce request after a person change reads no storage (#18).
    if (factsAreFresh(remembered, who, Date.now(), request)) return remembered;
    const stored = await storedOrgFacts();
    if (factsAreFresh(stored, who, Date.now(), request)) return (remembered = stored);
  }
  const key = `${who.orgId.slice(0, 15)}/${who.userId.slice(0, 15)}`;
  let pending = reading.get(key);
  if (!pending) {
    pending = (async () => {
      const facts = orgFactsFrom(request, who, await composite(orgFactsSubrequests(request, who)));
      remembered = facts;
      await factsMap.set(CURRENT, facts);
      await factsMap.flush();
      return facts;
    })().finally(() => reading.delete(key));
    reading.set(key, pending);
  }
  return pending;
}

/** The record card (R1–R7) from what the card query returns, reduced to what the sidebar shows. */
import type { Card, CardTask, PersonType } from '../messaging/matching-messages';
import { ACTIVITY_LIMIT, PHONE_FIELDS } from './queries';

type Json = Record<string, unknown>;

/** A text field of a record from Salesforce's JSON, or null when empty or absent. */
export function text(record: Json | null | undefined, field: string): string | null {
  const value = record?.[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A related record (`Account`, `Owner`) from Salesforce's JSON, or null. */
export function parent(record: Json | null | undefined, field: string): Json | null {
  const value = record?.[field];
  return value !== null && typeof value === 'object' ? (value as Json) : null;
}

function children(record: Json, relationship: string): Json[] {
  const value = parent(record, relationship);
  return Array.isArray(value?.records) ? (value.records as Json[]) : [];
}

function toTask(row: Json): CardTask {
  const duration = row.CallDurationInSeconds;
  return {
    id: text(row, 'Id') ?? '',
    subject: text(row, 'Subject') ?? '',
    dueDate: text(row, 'ActivityDate'),
    status: text(row, 'Status'),
    assignedTo: text(parent(row, 'Owner'), 'Name'),
    callType: text(row, 'CallType'),
    durationSeconds: typeof duration === 'number' ? duration : null,
    description: text(row, 'Description'),
  };
}

/** Lightning pages of the record and of its activity history, opened in a new tab (R4, R7). */
export function recordUrls(instanceUrl: string, type: PersonType, id: string): { recordUrl: string; activityUrl: string } {
  const base = instanceUrl.replace(/\/+$/, '');
  return {
    recordUrl: `${base}/lightning/r/${type}/${id}/view`,
    activityUrl: `${base}/lightning/r/${type}/${id}/related/ActivityHistories/view`,
  };
}

/** The Tasks of an activity relationship, in Salesforce's order: Events (which the query may not filter out) left out. */
function tasks(record: Json, relationship: string): CardTask[] {
  return children(record, relationship)
    .filter((row) => row.IsTask !== false)
    .slice(0, ACTIVITY_LIMIT)
    .map(toTask);
}

/**
 * The card of a record as the card query returns it. A field the user may not see is absent from
 * the answer, and so from the card (null, or no phone).
 */
export function cardFromRecord(record: Json, instanceUrl: string): Card {
  const type = (parent(record, 'attributes')?.type === 'Lead' ? 'Lead' : 'Contact') satisfies PersonType;
  const id = text(record, 'Id') ?? '';
  const role = children(record, 'OpportunityContactRoles')[0];
  return {
    type,
    id,
    name: text(record, 'Name') ?? '',
    owner: text(parent(record, 'Owner'), 'Name'),
    title: text(record, 'Title'),
    company: type === 'Contact' ? text(parent(record, 'Account'), 'Name') : text(record, 'Company'),
    stage: type === 'Contact' ? text(parent(role, 'Opportunity'), 'StageName') : text(record, 'Status'),
    email: text(record, 'Email'),
    phones: PHONE_FIELDS[type].map((field) => text(record, field)).filter((phone): phone is string => phone !== null),
    nextSteps: tasks(record, 'OpenActivities'),
    pastActivity: tasks(record, 'ActivityHistories'),
    ...recordUrls(instanceUrl, type, id),
  };
}

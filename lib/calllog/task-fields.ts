/**
 * The Salesforce Task a call or a ToDo becomes (T1–T3, T8): the fields, the subject from the
 * template, and Salesforce's length limits applied with a warning instead of a failed write.
 */
import type { FinishedCall, PersonLink, Truncation } from '../messaging/calllog-messages';
import type { RelatedRecord } from '../messaging/matching-messages';
import type { TemplatePlaceholder } from '../settings/settings';
import type { OrgFactsRequest } from '../salesforce/org-facts';

/** What the call log reads of the org: which Task fields the user may set (the Task statuses are always read). */
export const CALLLOG_FACTS: OrgFactsRequest = { describe: ['Task'], check: [] };

type Direction = FinishedCall['direction'];
export type UiLanguage = 'en' | 'ja';

/** Salesforce's own limits on Task (Subject 255, Description 32,000 characters). */
export const SUBJECT_MAX = 255;
export const DESCRIPTION_MAX = 32_000;

export const DEFAULT_SUBJECT_TEMPLATES: Record<UiLanguage, string> = {
  en: 'Dialpad Call - {direction} / ({minutes}) min',
  ja: 'Dialpad 通話 - {direction} / ({minutes})分',
};

const DIRECTION_WORDS: Record<UiLanguage, Record<Direction, string>> = {
  en: { inbound: 'Inbound', outbound: 'Outbound' },
  ja: { inbound: '着信', outbound: '発信' },
};

const LINK_LABELS: Record<UiLanguage, { recording: string; voicemail: string }> = {
  en: { recording: 'Call recording', voicemail: 'Voicemail' },
  ja: { recording: '通話録音', voicemail: 'ボイスメール' },
};

/**
 * Minutes as the subject shows them: talk time rounded up to whole minutes, and at least 1 for a
 * call that connected (a 20-second call is "(1) min", 61 seconds is "(2) min"); 0 when it never
 * connected (a voicemail). This is how phone bills count and what users of the desktop sidebar see.
 */
export function subjectMinutes(call: Pick<FinishedCall, 'durationSeconds' | 'outcome'>): number {
  if (call.outcome !== 'answered') return 0;
  return Math.max(1, Math.ceil(call.durationSeconds / 60));
}

/** The call's calendar day in the user's time zone, as Salesforce's ActivityDate (YYYY-MM-DD). */
export function activityDate(epochMs: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(epochMs);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function renderSubject(template: string, call: FinishedCall, language: UiLanguage, timeZone?: string): string {
  const values: Record<string, string> = {
    direction: DIRECTION_WORDS[language][call.direction],
    minutes: String(subjectMinutes(call)),
    date: activityDate(call.startedAt, timeZone),
    number: call.number ?? '',
    name: call.name ?? '',
  } satisfies Record<TemplatePlaceholder, string>;
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole).trim();
}

/** Cuts at a code point boundary so no emoji or surrogate pair is split. */
export function fit(text: string, max: number, field: Truncation['field'], warnings: Truncation[]): string {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  warnings.push({ field, original: text.length, kept: cut });
  return text.slice(0, cut);
}

export function callDescription(note: string | null, call: FinishedCall, language: UiLanguage): string {
  const labels = LINK_LABELS[language];
  const parts = [note?.trim() ?? ''];
  if (call.recordingUrl) parts.push(`${labels.recording}: ${call.recordingUrl}`);
  if (call.voicemailUrl) parts.push(`${labels.voicemail}: ${call.voicemailUrl}`);
  return parts.filter(Boolean).join('\n\n');
}

/** Who a Task is about and the deal or case it belongs to. */
export interface TaskRelation {
  person: PersonLink;
  /** "Related to" (a deal or case); ignored for a Lead (Salesforce refuses it) and an Account (it is the What). */
  relatedTo: RelatedRecord | null;
}

/**
 * A Task's WhoId and WhatId: the person as Who and "Related to" as What; a Lead never gets a What
 * (Salesforce refuses a Task whose Who is a Lead with a What: FIELD_INTEGRITY_EXCEPTION); on a
 * company's main line the Account is the What and there is no Who.
 */
export function relationFields({ person, relatedTo }: TaskRelation): { WhoId?: string; WhatId?: string } {
  if (person.type === 'Account') return { WhatId: person.id };
  if (person.type === 'Lead' || !relatedTo) return { WhoId: person.id };
  return { WhoId: person.id, WhatId: relatedTo.id };
}

export interface CallTaskInput extends TaskRelation {
  call: FinishedCall;
  note: string | null;
  /** A subject the user typed in the ToDo form wins over the template (T2). */
  subject: string | null;
  template: string;
  language: UiLanguage;
  /** The Salesforce user's time zone (TimeZoneSidKey): the call's date is their day. */
  timeZone?: string;
  /** The org's status for a finished Task (TaskStatus with IsClosed). */
  status: string;
}

/** The completed Task of a call (T2, T3). OwnerId is left to Salesforce: the session user. */
export function callTaskFields(input: CallTaskInput): { fields: Record<string, unknown>; warnings: Truncation[] } {
  const warnings: Truncation[] = [];
  const { call } = input;
  const subject = input.subject?.trim() || renderSubject(input.template, call, input.language, input.timeZone);
  return {
    fields: {
      Subject: fit(subject, SUBJECT_MAX, 'Subject', warnings),
      Description: fit(callDescription(input.note, call, input.language), DESCRIPTION_MAX, 'Description', warnings),
      Status: input.status,
      TaskSubtype: 'Call',
      CallType: call.direction === 'inbound' ? 'Inbound' : 'Outbound',
      CallDurationInSeconds: call.durationSeconds,
      CallObject: call.callId,
      ActivityDate: activityDate(call.startedAt, input.timeZone),
      ...relationFields(input),
    },
    warnings,
  };
}

/** The subject of a note on a call when the user typed none (Dialpad logs the call itself). */
export const CALL_NOTE_SUBJECTS: Record<UiLanguage, string> = { en: 'Call note', ja: '通話メモ' };

/**
 * A ToDo not tied to a call (T1, T8 "No call – open log"): an open Task (the org's default open
 * status) in Next steps. A note on a call that Dialpad logs itself is a completed one, dated.
 */
export function todoTaskFields(input: TaskRelation & { subject: string; note: string | null; status: string; activityDate?: string }): {
  fields: Record<string, unknown>;
  warnings: Truncation[];
} {
  const warnings: Truncation[] = [];
  return {
    fields: {
      Subject: fit(input.subject.trim(), SUBJECT_MAX, 'Subject', warnings),
      Description: fit(input.note?.trim() ?? '', DESCRIPTION_MAX, 'Description', warnings),
      Status: input.status,
      TaskSubtype: 'Task',
      ...(input.activityDate ? { ActivityDate: input.activityDate } : {}),
      ...relationFields(input),
    },
    warnings,
  };
}

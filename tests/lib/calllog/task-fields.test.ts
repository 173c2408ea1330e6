import { describe, expect, it } from 'vitest';
import {
  activityDate,
  callTaskFields,
  DEFAULT_SUBJECT_TEMPLATES,
  DESCRIPTION_MAX,
  renderSubject,
  SUBJECT_MAX,
  subjectMinutes,
  todoTaskFields,
} from '../../../lib/calllog/task-fields';
import { unknownPlaceholders } from '../../../lib/settings/settings';
import type { FinishedCall } from '../../../lib/messaging/calllog-messages';

const call: FinishedCall = {
  callId: '5012345678901234',
  direction: 'outbound',
  number: '+14155550100',
  name: 'Ben Carter',
  startedAt: Date.UTC(2026, 10, 24, 23, 30),
  durationSeconds: 61,
  outcome: 'answered',
  recordingUrl: 'https://dialpad.com/recording/1',
};

describe('call Task fields', () => {
  it('rounds talk time up to whole minutes, at least 1 for a connected call and 0 for a voicemail', () => {
    expect([0, 1, 59, 60, 61, 3600].map((s) => subjectMinutes({ durationSeconds: s, outcome: 'answered' }))).toEqual([1, 1, 1, 1, 2, 60]);
    expect(subjectMinutes({ durationSeconds: 0, outcome: 'voicemail' })).toBe(0);
  });

  it('renders the default subjects of the help article in English and Japanese', () => {
    const short = { ...call, durationSeconds: 42 };
    expect(renderSubject(DEFAULT_SUBJECT_TEMPLATES.en, short, 'en')).toBe('Dialpad Call - Outbound / (1) min');
    expect(renderSubject(DEFAULT_SUBJECT_TEMPLATES.ja, short, 'ja')).toBe('Dialpad 通話 - 発信 / (1)分');
    expect(renderSubject(DEFAULT_SUBJECT_TEMPLATES.ja, { ...short, direction: 'inbound' }, 'ja')).toBe('Dialpad 通話 - 着信 / (1)分');
  });

  it('fills every placeholder and names unknown ones', () => {
    expect(renderSubject('{date} {name} {number} {direction} {minutes}', call, 'en', 'UTC')).toBe('2026-11-24 Ben Carter +14155550100 Outbound 2');
    expect(unknownPlaceholders('Call {direction} {mins} {date} {}')).toEqual(['mins', '']);
  });

  it('dates the call on the user\'s calendar day', () => {
    expect(activityDate(call.startedAt, 'UTC')).toBe('2026-11-24');
    expect(activityDate(call.startedAt, 'Asia/Tokyo')).toBe('2026-11-25');
  });

  it('builds a completed Call Task with the note, then the recording and voicemail links', () => {
    const { fields, warnings } = callTaskFields({
      call: { ...call, voicemailUrl: 'https://dialpad.com/vm/2' },
      person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben' },
      relatedTo: null,
      note: '  Wants a quote.  ',
      subject: null,
      template: DEFAULT_SUBJECT_TEMPLATES.en,
      language: 'en',
      timeZone: 'UTC',
      status: 'Completed',
    });
    expect(warnings).toEqual([]);
    expect(fields).toEqual({
      Subject: 'Dialpad Call - Outbound / (2) min',
      Description: 'Wants a quote.\n\nCall recording: https://dialpad.com/recording/1\n\nVoicemail: https://dialpad.com/vm/2',
      Status: 'Completed',
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 61,
      CallObject: '5012345678901234',
      ActivityDate: '2026-11-24',
      WhoId: '003000000000001AAA',
    });
  });

  it('truncates to Salesforce\'s limits with a warning, never splitting an emoji', () => {
    const note = `${'a'.repeat(DESCRIPTION_MAX - 1)}😀 and more`;
    const subject = `${'s'.repeat(SUBJECT_MAX - 1)}😀`;
    const { fields, warnings } = callTaskFields({ call: { ...call, recordingUrl: null }, person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben' }, relatedTo: null, note, subject, template: '', language: 'en', status: 'Done' });
    expect(fields.Status).toBe('Done');
    expect((fields.Description as string).length).toBe(DESCRIPTION_MAX - 1);
    expect((fields.Subject as string).length).toBe(SUBJECT_MAX - 1);
    expect(warnings).toEqual([
      { field: 'Subject', original: SUBJECT_MAX + 1, kept: SUBJECT_MAX - 1 },
      { field: 'Description', original: note.length, kept: DESCRIPTION_MAX - 1 },
    ]);
  });

  it('keeps SOQL metacharacters, HTML and RTL text exactly (they are data, sent as JSON)', () => {
    const note = "O'Brien said \\ <b>hi</b> %_ שלום";
    const { fields } = todoTaskFields({ person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben' }, relatedTo: null, subject: "Call O'Brien", note, status: 'Open' });
    expect(fields).toEqual({ Subject: "Call O'Brien", Description: note, Status: 'Open', TaskSubtype: 'Task', WhoId: '003000000000001AAA' });
  });
});

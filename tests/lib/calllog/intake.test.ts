import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { isInternalNumber, releaseLimitedWrites, reportFinishedCall, retryItems, saveNote, settlePerson, type CallLogSettings, type PersonResolution } from '../../../lib/calllog/intake';
import { readOutbox, summarize, withOutbox, type CallItem } from '../../../lib/calllog/outbox';
import type { FinishedCall } from '../../../lib/messaging/calllog-messages';

const settings: CallLogSettings = { autoLogging: true, logMissedCalls: false, internalNumbers: ['+14155550111', '+8150*'] };
const ben = { type: 'Contact' as const, id: '003000000000001AAA', name: 'Ben Carter' };
const call = (overrides: Partial<FinishedCall> = {}): FinishedCall => ({
  callId: '5012345678901234',
  direction: 'inbound',
  number: '+14155550100',
  name: 'Ben Carter',
  startedAt: Date.UTC(2026, 10, 24, 9),
  durationSeconds: 95,
  outcome: 'answered',
  ...overrides,
});
const matched = async (): Promise<PersonResolution> => ({ kind: 'matched', person: ben, relatedTo: null });
const report = (c: FinishedCall, extra: { internal?: boolean; seenLive?: boolean } = {}) => ({
  call: c,
  internal: extra.internal ?? false,
  dialpadContactId: null,
  seenLive: extra.seenLive ?? true,
});

describe('what goes into the outbox', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('keeps the backoff when the user retries: writes waiting out the API limit stay waiting but the oldest, a probe; attempts are kept (#17)', async () => {
    const now = 1_000_000;
    await saveNote({ person: ben, subject: 'Probe', note: null, callId: null }, now - 1);
    await saveNote({ person: ben, subject: 'Limit', note: null, callId: null }, now);
    await saveNote({ person: ben, subject: 'Timeout', note: null, callId: null }, now + 1);
    await withOutbox((items) => {
      for (const item of Object.values(items)) {
        const limited = item.kind === 'todo' && item.subject !== 'Timeout';
        Object.assign(item, { attempts: 3, nextAttemptAt: now + 3_600_000, lastError: { code: limited ? 'REQUEST_LIMIT_EXCEEDED' : 'TIMEOUT', message: 'x', at: now } });
      }
    });
    expect(await retryItems('all', now + 10)).toBe(3);
    const items = Object.values(await readOutbox()).sort((a, b) => a.createdAt - b.createdAt);
    expect(items.map((item) => [item.kind === 'todo' ? item.subject : '', item.nextAttemptAt, item.attempts])).toEqual([
      ['Probe', now + 10, 3],
      ['Limit', now + 3_600_000, 3],
      ['Timeout', now + 10, 3],
    ]);
    // The probe went through with room in the allowance: the rest follow.
    expect(await releaseLimitedWrites(now + 20)).toBe(1);
    expect(Object.values(await readOutbox()).find((item) => item.kind === 'todo' && item.subject === 'Limit')?.nextAttemptAt).toBe(now + 20);
  });

  it('queues a finished call with its person, once, however many tabs report it', async () => {
    const first = await reportFinishedCall(report(call()), settings, matched);
    const second = await reportFinishedCall(report(call()), settings, matched);
    expect(first).toEqual({ logged: true, key: 'call:5012345678901234', status: 'pending' });
    expect(second).toEqual(first);
    const items = await readOutbox();
    expect(Object.keys(items)).toEqual(['call:5012345678901234']);
    expect(items['call:5012345678901234']).toMatchObject({ kind: 'call', person: ben, status: 'pending', seenLive: true });
  });

  it('never logs internal calls, by Dialpad\'s flag or the internal numbers (T4)', async () => {
    expect(await reportFinishedCall(report(call(), { internal: true }), settings, matched)).toEqual({ logged: false, reason: 'internal' });
    expect(await reportFinishedCall(report(call({ number: '(415) 555-0111' })), settings, matched)).toEqual({ logged: false, reason: 'internal' });
    expect(await reportFinishedCall(report(call({ number: '+81 50 1234 5678' })), settings, matched)).toEqual({ logged: false, reason: 'internal' });
    expect(isInternalNumber('+14155550100', settings.internalNumbers)).toBe(false);
    expect(await readOutbox()).toEqual({});
  });

  it('skips missed calls without voicemail unless asked, and everything when auto-logging is off', async () => {
    expect(await reportFinishedCall(report(call({ outcome: 'missed', durationSeconds: 0 })), settings, matched)).toEqual({ logged: false, reason: 'missed' });
    const voicemail = await reportFinishedCall(report(call({ callId: '2', outcome: 'voicemail', voicemailUrl: 'https://x/vm' })), settings, matched);
    expect(voicemail).toMatchObject({ logged: true });
    expect(await reportFinishedCall(report(call({ callId: '3' })), { ...settings, autoLogging: false }, matched)).toEqual({ logged: false, reason: 'auto-logging-off' });
  });

  it('waits for a pick when several people match, and the pick settles it (T5)', async () => {
    const outcome = await reportFinishedCall(report(call()), settings, async () => ({ kind: 'several' }));
    expect(outcome).toMatchObject({ status: 'waiting-person' });
    expect(summarize(await readOutbox()).byStatus['waiting-person']).toBe(1);
    expect(await settlePerson('(415) 555-0199', ben)).toEqual([]);
    expect(await settlePerson('(415) 555-0100', ben)).toEqual(['call:5012345678901234']);
    expect((await readOutbox())['call:5012345678901234']).toMatchObject({ status: 'pending', person: ben, personProblem: null });
  });

  it('merges a note saved during the call with the call into one item (T2)', async () => {
    const during = await saveNote({ person: ben, subject: 'Quote', note: 'Send the quote', callId: '5012345678901234', number: '+14155550100' });
    expect(during.status).toBe('waiting-call');
    await reportFinishedCall(report(call()), { ...settings, autoLogging: false }, async () => ({ kind: 'none' }));
    const items = await readOutbox();
    expect(Object.keys(items)).toEqual(['call:5012345678901234']);
    expect(items['call:5012345678901234']).toMatchObject({ status: 'pending', note: 'Send the quote', subject: 'Quote', person: ben });
  });

  it('turns a note for a call already logged into an edit of its Task', async () => {
    await withOutbox((_items, logged) => {
      logged['5012345678901234'] = { taskId: '00T000000000001AAA', whoId: ben.id, at: Date.now() };
    });
    expect(await reportFinishedCall(report(call()), settings, matched)).toEqual({ logged: false, reason: 'already-logged' });
    await saveNote({ person: ben, subject: '', note: 'Later thought', callId: '5012345678901234' });
    const item = (await readOutbox())['call:5012345678901234'] as CallItem;
    expect(item).toMatchObject({ status: 'pending', taskId: '00T000000000001AAA', note: 'Later thought', subject: null });
  });

  it('queues a ToDo without a call as its own item (T1)', async () => {
    const saved = await saveNote({ person: ben, subject: 'Follow up', note: null, callId: null });
    expect(saved.key).toMatch(/^todo:/);
    expect((await readOutbox())[saved.key]).toMatchObject({ kind: 'todo', subject: 'Follow up', status: 'pending' });
  });
});

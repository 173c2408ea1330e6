import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { drainOutbox, type DrainSettings } from '../../../lib/calllog/drain';
import { editTask, reportFinishedCall, retryItems, saveNote, type CallLogSettings } from '../../../lib/calllog/intake';
import { loggedCalls, readOutbox, withOutbox } from '../../../lib/calllog/outbox';
import { DEFAULT_SUBJECT_TEMPLATES } from '../../../lib/calllog/task-fields';
import type { FinishedCall, PersonLink } from '../../../lib/messaging/calllog-messages';
import type { SalesforceApi } from '../../../lib/salesforce/rest-api';
import { apiFor, signIn } from '../../support/salesforce-session';

let running: RunningEmulator;
let connection: Connection;
let api: SalesforceApi;
let ben: PersonLink;

const drainSettings: DrainSettings = { subjectTemplate: DEFAULT_SUBJECT_TEMPLATES.en, language: 'en', timeZone: 'UTC' };
const logSettings: CallLogSettings = { autoLogging: true, logMissedCalls: false, internalNumbers: [] };

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await running?.close();
});
beforeEach(async () => {
  fakeBrowser.reset();
  running.emulator.control.reset();
  running.emulator.control.clearFaults();
  connection = await signIn(running);
  api = apiFor(connection);
  const [record] = (await connection.query<{ Id: string }>("SELECT Id FROM Contact WHERE Name = 'Ben Carter'")).records;
  ben = { type: 'Contact', id: record!.Id, name: 'Ben Carter' };
});

let callSerial = 7000000000000000;
function finishedCall(overrides: Partial<FinishedCall> = {}): FinishedCall {
  callSerial += 1;
  return {
    callId: String(callSerial),
    direction: 'outbound',
    number: '+14155550100',
    name: 'Ben Carter',
    startedAt: Date.UTC(2026, 10, 24, 17, 5),
    durationSeconds: 312,
    outcome: 'answered',
    ...overrides,
  };
}
const report = (call: FinishedCall) => reportFinishedCall({ call, internal: false, dialpadContactId: null, seenLive: true }, logSettings, async () => ({ kind: 'matched', person: ben, relatedTo: null }));
const tasksFor = async (callId: string) =>
  (await connection.query<Record<string, unknown>>(`SELECT Id, Subject, Description, Status, TaskSubtype, CallType, CallDurationInSeconds, CallObject, ActivityDate, WhoId, OwnerId, Owner.Name FROM Task WHERE CallObject = '${callId}'`)).records;

describe('draining the outbox into the demo org', () => {
  it('logs a finished call as one completed Task with every field, once (T3)', async () => {
    const call = finishedCall({ recordingUrl: 'https://dialpad.com/recording/1.mp3' });
    await report(call);
    await report(call); // a second tab
    const result = await drainOutbox(api, drainSettings);
    expect(result.sent).toHaveLength(1);
    expect(await readOutbox()).toEqual({});
    const tasks = await tasksFor(call.callId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      Subject: 'Dialpad Call - Outbound / (6) min',
      Description: 'Call recording: https://dialpad.com/recording/1.mp3',
      Status: 'Completed',
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 312,
      ActivityDate: '2026-11-24',
      WhoId: ben.id,
      Owner: { Name: 'Alex Morgan' },
    });
    expect((await loggedCalls())[call.callId]).toMatchObject({ taskId: tasks[0]!.Id, whoId: ben.id, whoName: ben.name });
    // The history reports it again later: not logged twice (T6).
    expect(await report(call)).toEqual({ logged: false, reason: 'already-logged' });
  });

  it('sends each item once when an alarm and a message drain at the same time', async () => {
    const calls = [finishedCall(), finishedCall(), finishedCall()];
    for (const call of calls) await report(call);
    const [a, b] = await Promise.all([drainOutbox(api, drainSettings), drainOutbox(api, drainSettings)]);
    expect(a.sent.length + b.sent.length).toBe(3);
    for (const call of calls) expect(await tasksFor(call.callId)).toHaveLength(1);
  });

  it('joins a note written during the call with the call, and edits the same Task when saved again (T2)', async () => {
    const call = finishedCall();
    await saveNote({ person: ben, subject: 'Quote follow-up', note: 'Wants 20 panels', callId: call.callId, number: call.number });
    expect((await drainOutbox(api, drainSettings)).sent).toEqual([]); // the call is still running
    await report(call);
    await drainOutbox(api, drainSettings);
    await saveNote({ person: ben, subject: 'Quote follow-up', note: 'Wants 25 panels', callId: call.callId });
    await drainOutbox(api, drainSettings);
    const tasks = await tasksFor(call.callId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ Subject: 'Quote follow-up', Description: 'Wants 25 panels', Status: 'Completed', TaskSubtype: 'Call' });
  });

  it('creates an open ToDo, and edits a Task\'s subject and notes (T1, T7)', async () => {
    const { key } = await saveNote({ person: ben, subject: 'Send brochure', note: 'Solar roof tiles', callId: null });
    const sent = await drainOutbox(api, drainSettings);
    const taskId = sent.sent.find((s) => s.key === key)!.taskId;
    expect(await connection.sobject('Task').retrieve(taskId)).toMatchObject({ Subject: 'Send brochure', Description: 'Solar roof tiles', Status: 'Not Started', IsClosed: false, WhoId: ben.id });
    await editTask({ taskId, subject: 'Send brochure (EN+JA)', note: 'Both languages', person: ben });
    await drainOutbox(api, drainSettings);
    expect(await connection.sobject('Task').retrieve(taskId)).toMatchObject({ Subject: 'Send brochure (EN+JA)', Description: 'Both languages' });
  });

  it('looks the Task up by call id before writing again when a first attempt may have landed (B1)', async () => {
    const call = finishedCall();
    await report(call);
    // The worker sent the create and was stopped before it could record the answer.
    const landed = await connection.sobject('Task').create({ Subject: 'partial', CallObject: call.callId, WhoId: ben.id, TaskSubtype: 'Call' });
    await withOutbox((items) => {
      items[`call:${call.callId}`]!.maybeSent = true;
      items[`call:${call.callId}`]!.attempts = 1;
    });
    await drainOutbox(api, drainSettings);
    const tasks = await tasksFor(call.callId);
    expect(tasks.map((t) => t.Id)).toEqual([landed.id]);
    expect(tasks[0]).toMatchObject({ Subject: 'Dialpad Call - Outbound / (6) min', Status: 'Completed' });
  });

  it('looks a ToDo up by its subject, escaped, before writing again: quotes, backslashes and LIKE wildcards are text (B1)', async () => {
    const subject = `O'Brien \\ "x" %_ ' OR Subject != '`;
    const { key } = await saveNote({ person: ben, subject, note: null, callId: null });
    // Created first, so an unescaped query (its quote ending the literal, its OR obeyed) would find it instead.
    await connection.sobject('Task').create({ Subject: `OXBrien \\ "x" ab ' OR Subject != '`, WhoId: ben.id });
    const landed = await connection.sobject('Task').create({ Subject: subject, WhoId: ben.id });
    await withOutbox((items) => {
      items[key]!.maybeSent = true;
      items[key]!.attempts = 1;
    });
    const sent = await drainOutbox(api, drainSettings);
    expect(sent.sent.find((s) => s.key === key)!.taskId).toBe(landed.id);
    // Nothing written twice.
    expect((running.emulator.control.records('Task') as Array<Record<string, unknown>>).filter((t) => t.Subject === subject)).toHaveLength(1);
  });

  it('takes over at once an item a stopped worker was sending, and leaves alone one this worker is sending', async () => {
    const [stopped, busy] = [finishedCall(), finishedCall()];
    await report(stopped);
    await report(busy);
    // The stopped worker's create landed; its claim still has most of a minute to run.
    const landed = await connection.sobject('Task').create({ Subject: 'partial', CallObject: stopped.callId, WhoId: ben.id, TaskSubtype: 'Call' });
    await withOutbox((items) => {
      Object.assign(items[`call:${stopped.callId}`]!, { maybeSent: true, attempts: 1, inFlightUntil: Date.now() + 50_000, inFlightBy: 'an-earlier-run' });
    });
    // This worker claims the other item (as a drain in progress would) by draining it while it is held.
    const hold = running.emulator.control.holdNextAnswer({ method: 'POST', path: /\/sobjects\/Task$/ });
    const first = drainOutbox(api, drainSettings);
    await hold.reached;
    const second = await drainOutbox(api, drainSettings);
    hold.release();
    const firstResult = await first;
    // The first drain sent the stopped worker's item (looked up: no new Task) and then the other;
    // the second, started while the other was in flight, found nothing of its own to send.
    expect(firstResult.sent.map((s) => s.key).sort()).toEqual([`call:${busy.callId}`, `call:${stopped.callId}`].sort());
    expect(second.sent).toEqual([]);
    expect((await tasksFor(stopped.callId)).map((t) => t.Id)).toEqual([landed.id]);
    expect(await tasksFor(busy.callId)).toHaveLength(1);
  });

  it('backs off on 503 and API-limit answers and sends later, exactly once', async () => {
    const call = finishedCall();
    await report(call);
    running.emulator.control.failNext({ count: 1, status: 503 });
    const t0 = Date.now();
    const first = await drainOutbox(api, drainSettings, () => t0);
    expect(first.failed).toMatchObject([{ kind: 'retry', error: { code: 'SERVER_UNAVAILABLE' } }]);
    expect(first.nextDueAt).toBe(t0 + 30_000);
    expect((await drainOutbox(api, drainSettings, () => t0 + 1000)).sent).toEqual([]);

    running.emulator.control.setApiUsage({ exhaust: true });
    const limited = await drainOutbox(api, drainSettings, () => t0 + 30_000);
    expect(limited.failed).toMatchObject([{ kind: 'limit', error: { code: 'REQUEST_LIMIT_EXCEEDED' } }]);
    expect(limited.nextDueAt).toBeGreaterThanOrEqual(t0 + 30_000 + 15 * 60_000);

    running.emulator.control.setApiUsage({ used: 0 });
    const sent = await drainOutbox(api, drainSettings, () => t0 + 60 * 60_000);
    expect(sent.sent).toHaveLength(1);
    expect(await tasksFor(call.callId)).toHaveLength(1);
  });

  it('keeps a write Salesforce refuses as failed, with the reason, until the user retries', async () => {
    const gone = await connection.sobject('Contact').create({ LastName: 'Temporary' });
    await connection.sobject('Contact').destroy(gone.id!);
    const { key } = await saveNote({ person: { type: 'Contact', id: gone.id!, name: 'Temporary' }, subject: 'Orphan', note: null, callId: null });
    const result = await drainOutbox(api, drainSettings);
    expect(result.failed).toMatchObject([{ key, kind: 'refused', error: { code: 'INVALID_CROSS_REFERENCE_KEY' } }]);
    expect((await readOutbox())[key]).toMatchObject({ status: 'failed', maybeSent: false, lastError: { code: 'INVALID_CROSS_REFERENCE_KEY' } });
    expect(await retryItems([key])).toBe(1);
    expect((await readOutbox())[key]!.status).toBe('pending');
  });

  it('refreshes an expired session once, and waits for a reconnect when the refresh token is revoked', async () => {
    const fresh = await signIn(running);
    await report(finishedCall());
    await report(finishedCall());
    running.emulator.control.expireAccessTokens();
    const mark = running.emulator.control.mark();
    expect((await drainOutbox(apiFor(fresh), drainSettings)).sent).toHaveLength(2);
    const refreshes = running.emulator.control.requestsSince(mark).requests.filter((r) => r.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);

    await report(finishedCall());
    running.emulator.control.revokeRefreshTokens();
    const blocked = await drainOutbox(apiFor(fresh), drainSettings);
    expect(blocked.needsReconnect).toBe(true);
    expect(Object.values(await readOutbox()).map((item) => item.status)).toEqual(['waiting-reconnect']);
  });

  it('stores notes exactly — quotes, backslashes, HTML, emoji, RTL — and cuts 40,000 characters to 32,000 with a warning', async () => {
    const note = `O'Brien \\ "quoted" <script>alert(1)</script> %_ {braces} 😀 שלום عربى\n${'x'.repeat(40_000)}`;
    const call = finishedCall();
    const saved = await saveNote({ person: ben, subject: `${'S'.repeat(300)}`, note, callId: call.callId, number: call.number });
    expect(saved.warnings).toEqual([
      { field: 'Subject', original: 300, kept: 255 },
      { field: 'Description', original: note.length, kept: 32_000 },
    ]);
    await report(call);
    const item = (await readOutbox())[`call:${call.callId}`]!;
    expect(item.status).toBe('pending');
    await drainOutbox(api, drainSettings);
    const [task] = await tasksFor(call.callId);
    expect((task!.Description as string).length).toBe(32_000);
    expect(task!.Description).toBe(note.slice(0, 32_000));
    expect(task!.Subject).toBe('S'.repeat(255));
  });

  it('writes the org’s own Task statuses: a call "Done", a ToDo the default "Open", never "Completed"/"Not Started"', async () => {
    running.emulator.control.setTaskStatuses(
      [
        { ApiName: 'Open', IsClosed: false, IsDefault: true },
        { ApiName: 'Done', IsClosed: true, IsDefault: false },
      ],
      { 'Not Started': 'Open', 'In Progress': 'Open', Completed: 'Done', 'Waiting on someone else': 'Open', Deferred: 'Open' },
    );
    const call = finishedCall();
    await report(call);
    await saveNote({ person: ben, subject: 'Send the brochure', note: null, callId: null, number: null });
    const { sent } = await drainOutbox(api, drainSettings);
    expect(sent.map((s) => [s.task.status, s.task.open])).toEqual([
      ['Done', false],
      ['Open', true],
    ]);
    expect((await tasksFor(call.callId))[0]).toMatchObject({ Status: 'Done' });
  });

  it('reads the statuses again when the org renamed them since (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST), and logs the call', async () => {
    await api.orgFacts({ refresh: true });
    running.emulator.control.setTaskStatuses([
      { ApiName: 'Open', IsClosed: false, IsDefault: true },
      { ApiName: 'Done', IsClosed: true, IsDefault: false },
    ]);
    const call = finishedCall();
    await report(call);
    const mark = running.emulator.control.mark();
    const { sent, failed } = await drainOutbox(api, drainSettings);
    expect(failed).toEqual([]);
    expect(sent).toHaveLength(1);
    const requests = running.emulator.control.requestsSince(mark).requests.map((r) => `${r.method} ${r.path.replace(/.*\/v[\d.]+/, '')} ${r.status}`);
    expect(requests).toEqual(['POST /sobjects/Task 400', 'POST /composite 200', 'POST /sobjects/Task 201']);
    expect((await tasksFor(call.callId))[0]).toMatchObject({ Status: 'Done' });
  });

  it('dates a call on the Salesforce user’s day: a Tokyo rep’s call at 23:30 UTC is the next day', async () => {
    running.emulator.control.updateSettings({ loginUser: DEMO_FACTS.tokyoRep.username });
    const tokyo = apiFor(await signIn(running));
    const call = finishedCall({ startedAt: Date.UTC(2026, 10, 24, 23, 30) });
    await report(call);
    // The browser says UTC; Salesforce says the user lives in Asia/Tokyo, where it is 08:30 on the 25th.
    await drainOutbox(tokyo, { ...drainSettings, timeZone: 'UTC' });
    expect((await tasksFor(call.callId))[0]).toMatchObject({ ActivityDate: '2026-11-25', Owner: { Name: DEMO_FACTS.tokyoRep.name } });
  });

  it('logs the call without a Task field the user may not set (field-level security), instead of failing it', async () => {
    running.emulator.control.upsertPermissions('profile', { Name: 'Standard User', fieldPermissions: { 'Task.CallDurationInSeconds': { read: false, edit: false } } });
    await api.orgFacts({ refresh: true });
    const call = finishedCall();
    await report(call);
    const { sent, failed } = await drainOutbox(api, drainSettings);
    expect(failed).toEqual([]);
    expect(sent).toHaveLength(1);
    const stored = (running.emulator.control.records('Task') as Array<Record<string, unknown>>).find((task) => task.CallObject === call.callId);
    expect(stored).toMatchObject({ Status: 'Completed', CallType: 'Outbound' });
    expect(stored?.CallDurationInSeconds ?? null).toBeNull();
  });
});

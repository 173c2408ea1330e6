import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { createCalllogHandlers, OUTBOX_ALARM, runOutbox, settleCallsFor, type CalllogDeps } from '../../../lib/background/calllog-handlers';
import { backgroundDeps } from '../../../lib/background/router';
import { takeWrite, TAB_WRITE_BURST } from '../../../lib/background/write-budget';
import { DEFAULT_SUBJECT_TEMPLATES } from '../../../lib/calllog/task-fields';
import { readOutbox } from '../../../lib/calllog/outbox';
import { readCard } from '../../../lib/matching/matcher';
import { cachedMatch } from '../../../lib/matching/service';
import type { FinishedCall } from '../../../lib/messaging/calllog-messages';
import type { SalesforceApi } from '../../../lib/salesforce/rest-api';
import { useDemoOrg } from '../../support/demo-org';

type Rec = Record<string, unknown>;
let benId: string;
const org = useDemoOrg({ readFacts: false });
beforeEach(async () => {
  benId = (org.running.emulator.control.records('Contact') as Rec[]).find((c) => c.LastName === 'Carter')!.Id as string;
  await org.connected(Date.now() - 60_000);
});

/** The background's own deps; only the Salesforce API (signed in on the emulator) and the locale are given. */
function deps(salesforce: () => Promise<SalesforceApi> = async () => org.api): CalllogDeps {
  return {
    ...backgroundDeps(),
    salesforce,
    callLogSettings: async () => ({
      autoLogging: true,
      logMissedCalls: false,
      internalNumbers: ['+8150*'],
      subjectTemplate: DEFAULT_SUBJECT_TEMPLATES.en,
      language: 'en',
      timeZone: 'UTC',
      related: { relatedTo: 'opportunities-and-cases', relatedToDefault: true },
      matching: { region: 'US', objects: ['Contact', 'Lead'] },
    }),
  };
}


const tasks = () => org.running.emulator.control.records('Task') as Rec[];
const call = (callId: string, extra: Partial<FinishedCall> = {}): FinishedCall => ({
  callId,
  direction: 'inbound',
  number: DEMO_FACTS.benCarter.dialpadNumber,
  name: 'Ben Carter',
  startedAt: Date.now() - 120_000,
  durationSeconds: 95,
  outcome: 'answered',
  ...extra,
});
const finished = (c: FinishedCall, seenLive = true) => ({ type: 'callFinished' as const, call: c, internal: false, dialpadContactId: null, seenLive });

describe('the call log\'s handlers', () => {
  it('logs a finished call as one Task, patches the card, and leaves no alarm behind', async () => {
    const handlers = createCalllogHandlers(deps());
    expect(await handlers.callFinished(finished(call('4000000000000001')))).toMatchObject({ ok: true, logged: true, key: 'call:4000000000000001' });
    await vi.waitFor(() => expect(tasks().filter((t) => t.CallObject === '4000000000000001')).toHaveLength(1), { timeout: 30_000 });
    const task = tasks().find((t) => t.CallObject === '4000000000000001')!;
    expect(task).toMatchObject({ WhoId: benId, Subject: 'Dialpad Call - Inbound / (2) min', Status: 'Completed', CallDurationInSeconds: 95 });
    await vi.waitFor(async () => expect(await readOutbox()).toEqual({}));
    // The card is patched after the write is settled: waited for, not assumed done with the outbox.
    await vi.waitFor(async () => {
      const card = (await cachedMatch({ phones: [DEMO_FACTS.benCarter.dialpadNumber], region: 'US', objects: ['Contact', 'Lead'] })).outcome;
      // Found by id, not first: Salesforce sorts by ActivityDate, the day in the rep's time zone, which
      // at some hours of the UTC day is before a seeded Task's.
      expect(card?.kind === 'matched' && card.card.pastActivity.find((activity) => activity.id === task.Id)).toMatchObject({ id: task.Id, subject: 'Dialpad Call - Inbound / (2) min', assignedTo: DEMO_FACTS.rep.name });
    });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined());
  });

  it('logs nothing while disconnected, nor a history call from before the user connected', async () => {
    const handlers = createCalllogHandlers(deps());
    await org.connected(null);
    expect(await handlers.callFinished(finished(call('4000000000000002')))).toEqual({ ok: true, logged: false, reason: 'not-connected' });
    await org.connected(Date.now());
    expect(await handlers.callFinished(finished(call('4000000000000003'), false))).toEqual({ ok: true, logged: false, reason: 'before-connect' });
    expect(await readOutbox()).toEqual({});
  });

  it('logs a desk-phone call of the minute the user connected, which history shows to the minute', async () => {
    const handlers = createCalllogHandlers(deps());
    // Connected half a minute into a minute; the call was made 20 s later, and history shows it at
    // the start of that minute, before `since`.
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    await org.connected(minute + 30_000);
    const row = call('4000000000000004', { startedAt: minute, startedAtPrecise: true });
    expect(await handlers.callFinished(finished(row, false))).toMatchObject({ ok: true, logged: true, key: 'call:4000000000000004' });
  });

  it('writes a ToDo and an edit of a Task, each through the outbox, and reports what Salesforce will cut', async () => {
    const handlers = createCalllogHandlers(deps());
    const ben = { type: 'Contact' as const, id: benId, name: 'Ben Carter' };
    const saved = await handlers.saveNote({ type: 'saveNote', person: ben, subject: 'Send the brochure', note: 'x'.repeat(32_001), callId: null });
    expect(saved).toMatchObject({ ok: true, status: 'pending', warnings: [{ field: 'Description', original: 32_001, kept: 32_000 }] });
    await vi.waitFor(() => expect(tasks().filter((t) => t.Subject === 'Send the brochure')).toHaveLength(1), { timeout: 30_000 });
    const todo = tasks().find((t) => t.Subject === 'Send the brochure')!;
    expect(todo).toMatchObject({ Status: 'Not Started', WhoId: benId });
    expect(await handlers.editTask({ type: 'editTask', taskId: todo.Id as string, subject: 'Send both brochures', note: null, person: ben })).toMatchObject({ ok: true, key: `edit:${todo.Id}`, warnings: [] });
    await vi.waitFor(() => expect(tasks().find((t) => t.Id === todo.Id)?.Subject).toBe('Send both brochures'), { timeout: 30_000 });
  });

  it('keeps a call it cannot send, shows it, retries it on request, and discards it only when told', async () => {
    const offline = deps(async () => {
      throw new TypeError('Failed to fetch');
    });
    const handlers = createCalllogHandlers(offline);
    await handlers.callFinished(finished(call('4000000000000004')));
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined());
    expect(await handlers.getOutbox({ type: 'getOutbox' })).toMatchObject({ ok: true, outbox: { total: 1, byStatus: { 'waiting-person': 1 }, items: [{ personProblem: 'unresolved' }] } });
    expect(await runOutbox(offline)).toBeNull();
    expect(await handlers.retryOutbox({ type: 'retryOutbox', keys: 'all' })).toEqual({ ok: true, retried: 0 });
    expect(await handlers.discardOutboxItem({ type: 'discardOutboxItem', key: 'call:4000000000000004', confirmed: true })).toEqual({ ok: true, discarded: true });
    expect(await handlers.discardOutboxItem({ type: 'discardOutboxItem', key: 'call:4000000000000004', confirmed: true })).toEqual({ ok: true, discarded: false });
    expect(tasks().filter((t) => t.CallObject === '4000000000000004')).toEqual([]);
  });

  it('says why a due write waits when Salesforce cannot be opened at all, and sends it once it can', async () => {
    const offline = deps(async () => {
      throw new TypeError('Failed to fetch');
    });
    const handlers = createCalllogHandlers(offline);
    await handlers.saveNote({ type: 'saveNote', person: { type: 'Contact', id: benId, name: 'Ben Carter' }, subject: 'Call back after the outage', note: null, callId: null });
    // The save's own run could not open Salesforce: the ToDo waits, and says why.
    await vi.waitFor(async () => {
      const reply = (await handlers.getOutbox({ type: 'getOutbox' })) as { outbox: { items: Array<{ label: string; status: string; error: string | null }> } };
      expect(reply.outbox.items.find((item) => item.label === 'Call back after the outage')).toMatchObject({ status: 'pending', error: expect.any(String) });
    });
    await runOutbox(deps());
    await vi.waitFor(() => expect(tasks().filter((t) => t.Subject === 'Call back after the outage')).toHaveLength(1));
  });

  it('logs a call that waited for a pick to the person picked (T5)', async () => {
    const shared = '+14155550199';
    const handlers = createCalllogHandlers(deps());
    expect(await handlers.callFinished(finished(call('4000000000000005', { number: shared, name: 'Northwind Traders' })))).toMatchObject({ logged: true, status: 'waiting-person' });
    const someone = (org.running.emulator.control.records('Contact') as Rec[]).find((c) => c.Phone === '(415) 555-0199')!;
    await settleCallsFor(deps(), [shared], (await readCard(org.api, 'Contact', someone.Id as string)));
    await vi.waitFor(() => expect(tasks().filter((t) => t.CallObject === '4000000000000005')).toEqual([expect.objectContaining({ WhoId: someone.Id })]), { timeout: 30_000 });
  });

  it('holds what a tab writes over its write budget: nothing of it is sent or lost, a retry does not send it, the user\'s release does', async () => {
    const handlers = createCalllogHandlers(deps());
    const flooding = { document: 'doc-9', tab: 'tab-9' };
    // The tab spent its budget on calls of its own (as a flood of forged reports would).
    for (let i = 0; i < TAB_WRITE_BURST; i++) expect(await takeWrite('tab-9')).toBe(true);
    const ben = { type: 'Contact' as const, id: benId, name: 'Ben Carter' };
    expect(await handlers.callFinished(finished(call('4000000000000011')), flooding)).toMatchObject({ ok: true, logged: true, held: true });
    expect(await handlers.callFinished(finished(call('4000000000000012'), false), flooding)).toMatchObject({ ok: true, logged: true, held: true });
    expect(await handlers.saveNote({ type: 'saveNote', person: ben, subject: 'Held ToDo', note: null, callId: null }, flooding)).toMatchObject({ ok: true, held: true });
    const someTask = tasks().find((t) => t.WhoId === benId)!;
    expect(await handlers.editTask({ type: 'editTask', taskId: someTask.Id as string, subject: 'Held edit', note: null, person: ben }, flooding)).toMatchObject({ ok: true, held: true });
    // Another tab, and the user on an extension page, are not held.
    expect(await handlers.callFinished(finished(call('4000000000000013')), { document: 'doc-1', tab: 'tab-1' })).toMatchObject({ ok: true, logged: true });
    expect((await handlers.callFinished(finished(call('4000000000000014')), { document: 'doc-1', tab: 'tab-1' })) as object).not.toHaveProperty('held');
    await vi.waitFor(() => expect(tasks().filter((t) => ['4000000000000013', '4000000000000014'].includes(t.CallObject as string))).toHaveLength(2), { timeout: 30_000 });
    // The same call reported again is no new write: it stays as it was (held), and takes nothing.
    expect(await handlers.callFinished(finished(call('4000000000000011')), flooding)).toMatchObject({ ok: true, logged: true, key: 'call:4000000000000011' });

    await runOutbox(deps());
    const shown = await handlers.getOutbox({ type: 'getOutbox' });
    expect(shown.ok && shown.outbox).toMatchObject({ total: 4, held: 4 });
    expect(shown.ok && shown.outbox.items.every((item) => item.held === true)).toBe(true);
    expect(await handlers.retryOutbox({ type: 'retryOutbox', keys: 'all' })).toMatchObject({ ok: true });
    await runOutbox(deps());
    expect(tasks().filter((t) => ['4000000000000011', '4000000000000012'].includes(t.CallObject as string) || t.Subject === 'Held ToDo')).toEqual([]);
    expect(tasks().find((t) => t.Id === someTask.Id)?.Subject).not.toBe('Held edit');
    // No alarm for what is held: it is not due until released.
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined());

    // One released by name, then the rest.
    expect(await handlers.releaseHeld({ type: 'releaseHeld', keys: ['call:4000000000000011'] })).toEqual({ ok: true, released: 1 });
    await vi.waitFor(() => expect(tasks().filter((t) => t.CallObject === '4000000000000011')).toHaveLength(1), { timeout: 30_000 });
    expect(await handlers.releaseHeld({ type: 'releaseHeld', keys: 'all' })).toEqual({ ok: true, released: 3 });
    await vi.waitFor(async () => expect(await readOutbox()).toEqual({}), { timeout: 30_000 });
    expect(tasks().filter((t) => t.CallObject === '4000000000000012' || t.Subject === 'Held ToDo')).toHaveLength(2);
    expect(tasks().find((t) => t.Id === someTask.Id)?.Subject).toBe('Held edit');
  });
});

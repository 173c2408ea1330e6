/**
 * Issue 19: calls and ToDos land with the right WhoId and WhatId — the person's deal or case, the
 * company on its main line, never a What for a Lead — and, when Dialpad logs calls itself, the
 * sidebar adds only notes and ToDos. Against the demo org as its standard rep.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { createCalllogHandlers, type CalllogDeps } from '../../../lib/background/calllog-handlers';
import { createMatchingHandlers } from '../../../lib/background/matching-handlers';
import { backgroundDeps } from '../../../lib/background/router';
import { readOutbox } from '../../../lib/calllog/outbox';
import { DEFAULT_SUBJECT_TEMPLATES } from '../../../lib/calllog/task-fields';
import { refreshMatch } from '../../../lib/matching/service';
import type { FinishedCall } from '../../../lib/messaging/calllog-messages';
import type { Settings } from '../../../lib/messaging/contract';
import { useDemoOrg } from '../../support/demo-org';

type Rec = Record<string, unknown>;
const org = useDemoOrg();
beforeEach(async () => {
  await org.connected(Date.now() - 60_000);
});

type Policy = Pick<Settings, 'relatedTo' | 'relatedToDefault' | 'dialpadLogsCalls'>;
const DEFAULT_POLICY: Policy = { relatedTo: 'opportunities-and-cases', relatedToDefault: true, dialpadLogsCalls: false };

function deps(policy: Partial<Policy> = {}): CalllogDeps {
  const { relatedTo, relatedToDefault, dialpadLogsCalls } = { ...DEFAULT_POLICY, ...policy };
  return {
    ...backgroundDeps(),
    salesforce: async () => org.api,
    callLogSettings: async () => ({
      autoLogging: true,
      logMissedCalls: false,
      internalNumbers: [],
      subjectTemplate: DEFAULT_SUBJECT_TEMPLATES.en,
      language: 'en',
      timeZone: 'UTC',
      dialpadLogsCalls,
      related: { relatedTo, relatedToDefault },
      matching: { region: 'US', objects: ['Contact', 'Lead'] },
    }),
  };
}

const tasks = () => org.running.emulator.control.records('Task') as Rec[];
const record = (type: string, name: string) => (org.running.emulator.control.records(type) as Rec[]).find((r) => r.Name === name || r.Subject === name)!;
let serial = 4100000000000000;
const call = (number: string, extra: Partial<FinishedCall> = {}): FinishedCall => ({
  callId: String(++serial),
  direction: 'outbound',
  number,
  name: null,
  startedAt: Date.now() - 120_000,
  durationSeconds: 75,
  outcome: 'answered',
  ...extra,
});
const finished = (c: FinishedCall) => ({ type: 'callFinished' as const, call: c, internal: false, dialpadContactId: null, seenLive: true });
const taskOf = async (callId: string) => {
  await vi.waitFor(() => expect(tasks().filter((t) => t.CallObject === callId)).toHaveLength(1), { timeout: 30_000 });
  return tasks().find((t) => t.CallObject === callId)!;
};
/** The person on screen during the call: the card is cached, as the sidebar leaves it. */
const view = (number: string) => refreshMatch(org.api, { phones: [number], region: 'US', objects: ['Contact', 'Lead'] });

describe('a call lands with the right WhoId and WhatId', () => {
  it("relates Ben's call to his latest open deal by default, and to the case he chose once chosen", async () => {
    const ben = record('Contact', 'Ben Carter');
    const renewal = record('Opportunity', DEMO_FACTS.benCarter.openOpportunities[0]);
    const alarm = record('Case', DEMO_FACTS.benCarter.openCases[0]);
    await view(DEMO_FACTS.benCarter.dialpadNumber);
    const handlers = createCalllogHandlers(deps());
    const first = call(DEMO_FACTS.benCarter.dialpadNumber);
    await handlers.callFinished(finished(first));
    expect(await taskOf(first.callId)).toMatchObject({ WhoId: ben.Id, WhatId: renewal.Id, AccountId: ben.AccountId });

    const matching = createMatchingHandlers({ ...backgroundDeps(), salesforce: async () => org.api });
    expect(await matching.setRelatedTo({ type: 'setRelatedTo', person: { type: 'Contact', id: ben.Id as string }, related: { type: 'Case', id: alarm.Id as string, name: String(alarm.CaseNumber) } })).toEqual({ ok: true });
    const second = call(DEMO_FACTS.benCarter.dialpadNumber);
    await handlers.callFinished(finished(second));
    expect(await taskOf(second.callId)).toMatchObject({ WhoId: ben.Id, WhatId: alarm.Id });

    await matching.setRelatedTo({ type: 'setRelatedTo', person: { type: 'Contact', id: ben.Id as string }, related: null });
    const third = call(DEMO_FACTS.benCarter.dialpadNumber);
    await handlers.callFinished(finished(third));
    expect((await taskOf(third.callId)).WhatId ?? null).toBeNull();
  });

  it('follows the policy: no default, or deals only', async () => {
    const alarm = record('Case', DEMO_FACTS.benCarter.openCases[0]);
    const renewal = record('Opportunity', DEMO_FACTS.benCarter.openOpportunities[0]);
    await view(DEMO_FACTS.benCarter.dialpadNumber);
    const noDefault = call(DEMO_FACTS.benCarter.dialpadNumber);
    await createCalllogHandlers(deps({ relatedToDefault: false })).callFinished(finished(noDefault));
    expect((await taskOf(noDefault.callId)).WhatId ?? null).toBeNull();
    // A case chosen before the admin restricted "Related to" to deals: the default deal instead.
    const ben = record('Contact', 'Ben Carter');
    await createMatchingHandlers({ ...backgroundDeps(), salesforce: async () => org.api }).setRelatedTo({ type: 'setRelatedTo', person: { type: 'Contact', id: ben.Id as string }, related: { type: 'Case', id: alarm.Id as string, name: 'x' } });
    const dealsOnly = call(DEMO_FACTS.benCarter.dialpadNumber);
    await createCalllogHandlers(deps({ relatedTo: 'opportunities' })).callFinished(finished(dealsOnly));
    expect(await taskOf(dealsOnly.callId)).toMatchObject({ WhatId: renewal.Id });
  });

  it('logs a company main line on the Account (its WhatId, no WhoId), and a Lead never with a What', async () => {
    const bluefin = record('Account', DEMO_FACTS.companyLine.account);
    await view(DEMO_FACTS.companyLine.dialpadNumber);
    const line = call(DEMO_FACTS.companyLine.dialpadNumber);
    await createCalllogHandlers(deps()).callFinished(finished(line));
    const task = await taskOf(line.callId);
    expect(task).toMatchObject({ WhatId: bluefin.Id, AccountId: bluefin.Id });
    expect(task.WhoId ?? null).toBeNull();

    const lead = record('Lead', DEMO_FACTS.tanakaLead.name);
    const handlers = createCalllogHandlers(deps());
    const deal = record('Opportunity', DEMO_FACTS.benCarter.openOpportunities[0]);
    // A forged "Related to" on a Lead's note is dropped, not sent (Salesforce would refuse the Task).
    await handlers.saveNote({ type: 'saveNote', person: { type: 'Lead', id: lead.Id as string, name: DEMO_FACTS.tanakaLead.name }, subject: 'Lead follow-up', note: null, callId: null, relatedTo: { type: 'Opportunity', id: deal.Id as string, name: 'x' } });
    await vi.waitFor(() => expect(tasks().filter((t) => t.Subject === 'Lead follow-up')).toHaveLength(1), { timeout: 30_000 });
    const leadTask = tasks().find((t) => t.Subject === 'Lead follow-up')!;
    expect(leadTask.WhoId).toBe(lead.Id);
    expect(leadTask.WhatId ?? null).toBeNull();
  });

  it("writes a ToDo with the Related to its form showed, and a call's Task without a deal deleted since", async () => {
    const ben = record('Contact', 'Ben Carter');
    const alarm = record('Case', DEMO_FACTS.benCarter.openCases[0]);
    const renewal = record('Opportunity', DEMO_FACTS.benCarter.openOpportunities[0]);
    await view(DEMO_FACTS.benCarter.dialpadNumber);
    const handlers = createCalllogHandlers(deps());
    const person = { type: 'Contact' as const, id: ben.Id as string, name: 'Ben Carter' };
    await handlers.saveNote({ type: 'saveNote', person, subject: 'Check the inverter logs', note: null, callId: null, relatedTo: { type: 'Case', id: alarm.Id as string, name: 'x' } });
    await vi.waitFor(() => expect(tasks().find((t) => t.Subject === 'Check the inverter logs')).toMatchObject({ WhoId: ben.Id, WhatId: alarm.Id, IsClosed: false }), { timeout: 30_000 });

    // The renewal is deleted in Salesforce after the card was read: the call is logged on Ben alone.
    const admin = org.running.emulator.org.users().find((u) => u.Username === DEMO_FACTS.admin.username)!;
    org.running.emulator.org.delete('Opportunity', renewal.Id as string, { userId: admin.Id, apiVersion: '62.0', now: new Date() });
    const later = call(DEMO_FACTS.benCarter.dialpadNumber);
    await handlers.callFinished(finished(later));
    const task = await taskOf(later.callId);
    expect(task).toMatchObject({ WhoId: ben.Id });
    expect(task.WhatId ?? null).toBeNull();
  });
});

describe("when Dialpad's own integration logs calls", () => {
  it('logs no call itself, and a note on the call becomes one completed Task of its own, edited when saved again', async () => {
    const ben = record('Contact', 'Ben Carter');
    const renewal = record('Opportunity', DEMO_FACTS.benCarter.openOpportunities[0]);
    await view(DEMO_FACTS.benCarter.dialpadNumber);
    const handlers = createCalllogHandlers(deps({ dialpadLogsCalls: true }));
    const theirs = call(DEMO_FACTS.benCarter.dialpadNumber);
    expect(await handlers.callFinished(finished(theirs))).toEqual({ ok: true, logged: false, reason: 'dialpad-logs-calls' });
    expect(await readOutbox()).toEqual({});

    const person = { type: 'Contact' as const, id: ben.Id as string, name: 'Ben Carter' };
    expect(await handlers.saveNote({ type: 'saveNote', person, subject: '', note: 'Wants the revised quote by Friday.', callId: theirs.callId })).toMatchObject({ ok: true, status: 'pending' });
    await vi.waitFor(() => expect(tasks().filter((t) => t.Description === 'Wants the revised quote by Friday.')).toHaveLength(1), { timeout: 30_000 });
    const note = tasks().find((t) => t.Description === 'Wants the revised quote by Friday.')!;
    expect(note).toMatchObject({ Subject: 'Call note', TaskSubtype: 'Task', IsClosed: true, WhoId: ben.Id, WhatId: renewal.Id });
    // Nothing that would make it a second log of the call.
    expect([note.CallObject ?? null, note.CallType ?? null, note.CallDurationInSeconds ?? null]).toEqual([null, null, null]);
    expect(note.ActivityDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await vi.waitFor(async () => expect(await readOutbox()).toEqual({}));

    await handlers.saveNote({ type: 'saveNote', person, subject: 'Quote follow-up', note: 'Wants the revised quote by Thursday.', callId: theirs.callId });
    await vi.waitFor(() => expect(tasks().find((t) => t.Id === note.Id)).toMatchObject({ Subject: 'Quote follow-up', Description: 'Wants the revised quote by Thursday.' }), { timeout: 30_000 });
    expect(tasks().filter((t) => typeof t.Description === 'string' && t.Description.startsWith('Wants the revised quote'))).toHaveLength(1);
  });
});

/**
 * Defect (#15): a call with a coworker who is also a Salesforce Contact was skipped live (internal),
 * then logged as a Task once the user opened Call history, because the history row comes back as
 * an outside call. A call known to be internal stays internal when its history row appears.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { reportFinishedCall, type CallLogSettings, type PersonResolution } from '../../../lib/calllog/intake';
import { readOutbox } from '../../../lib/calllog/outbox';

const settings: CallLogSettings = { autoLogging: true, logMissedCalls: false, internalNumbers: [] };
const jordanAsContact: PersonResolution = { kind: 'matched', person: { type: 'Contact', id: '003000000000042AAA', name: 'Jordan Lee' }, relatedTo: null };
const startedAt = Date.now() - 10 * 60_000;

describe('a coworker who is also a Salesforce Contact', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is not logged from history after the live call was known to be internal', async () => {
    const live = await reportFinishedCall(
      { call: { callId: 'live-tab1-1', direction: 'inbound', number: '+14155550142', name: 'Jordan Lee', startedAt, durationSeconds: 60, outcome: 'answered', provisional: true }, internal: true, dialpadContactId: null, seenLive: true },
      settings,
      async () => jordanAsContact,
    );
    expect(live).toEqual({ logged: false, reason: 'internal' });
    // History shows the direct number only, a minute later by its own clock.
    const fromHistory = await reportFinishedCall(
      { call: { callId: '5123456789012345', direction: 'inbound', number: '4155550142', name: null, startedAt: startedAt + 50_000, durationSeconds: 60, outcome: 'answered' }, internal: false, dialpadContactId: null, seenLive: false },
      settings,
      async () => jordanAsContact,
    );
    expect(fromHistory).toEqual({ logged: false, reason: 'internal' });
    expect(await readOutbox()).toEqual({});
  });
});

/**
 * A call seen live has no Dialpad id (the page shows none). It is logged exactly once, whatever
 * arrives later: it waits a bounded time for the id its history row gives it (matched by number,
 * direction and start time within two minutes), else it is logged under its stable key, and a
 * history row that shows up after that is recognised, not logged again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { reportFinishedCall, saveNote, type CallLogSettings, type FinishedCallReport, type PersonResolution } from '../../../lib/calllog/intake';
import { HISTORY_ID_WAIT_MS, loggedCalls, readOutbox, withOutbox, type CallItem } from '../../../lib/calllog/outbox';
import type { FinishedCall } from '../../../lib/messaging/calllog-messages';

const settings: CallLogSettings = { autoLogging: true, logMissedCalls: false, internalNumbers: [] };
const ben: PersonResolution = { kind: 'matched', person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter' }, relatedTo: null };
const START = Date.now() - 10 * 60_000;
const ENDED = START + 100_000;

const live = (key: string, over: Partial<FinishedCall> = {}): FinishedCallReport => ({
  call: { callId: key, direction: 'inbound', number: '+14155550100', name: 'Ben Carter', startedAt: START, durationSeconds: 95, outcome: 'answered', provisional: true, ...over },
  internal: false,
  dialpadContactId: null,
  seenLive: true,
});
const history = (id: string, over: Partial<FinishedCall> = {}): FinishedCallReport => ({
  // History shows the number without country code and a start read to the minute.
  call: { callId: id, direction: 'inbound', number: '4155550100', name: 'Ben Carter', startedAt: START - 10_000, durationSeconds: 95, outcome: 'answered', recordingUrl: 'https://dialpad.com/recording/x.mp3', startedAtPrecise: true, ...over },
  internal: false,
  dialpadContactId: null,
  seenLive: false,
});
const report = (r: FinishedCallReport, now = ENDED) => reportFinishedCall(r, settings, async () => ben, now);
const item = async (key: string) => (await readOutbox())[key] as CallItem;

describe('a call seen live without an id', () => {
  beforeEach(() => fakeBrowser.reset());

  it('waits a bounded time, then takes the id its history row gives it, once', async () => {
    expect(await report(live('live-t1-1'))).toEqual({ logged: true, key: 'call:live-t1-1', status: 'pending' });
    expect(await item('call:live-t1-1')).toMatchObject({ callId: 'live-t1-1', nextAttemptAt: ENDED + HISTORY_ID_WAIT_MS });

    expect(await report(history('5111111111111111'), ENDED + 30_000)).toEqual({ logged: true, key: 'call:live-t1-1', status: 'pending' });
    expect(await item('call:live-t1-1')).toMatchObject({
      callId: '5111111111111111',
      nextAttemptAt: ENDED + 30_000,
      call: { callId: '5111111111111111', provisional: false, durationSeconds: 95, recordingUrl: 'https://dialpad.com/recording/x.mp3' },
    });
    // The same row read again (another visit to history, another tab): the same item.
    expect(await report(history('5111111111111111'), ENDED + 60_000)).toEqual({ logged: true, key: 'call:live-t1-1', status: 'pending' });
    expect(Object.keys(await readOutbox())).toEqual(['call:live-t1-1']);
  });

  it('is logged under its stable key when no history row comes, and a late row is recognised', async () => {
    await report(live('live-t1-2'));
    // The drain logged it under its key after the wait (what drain.ts does on success).
    await withOutbox((items, logged) => {
      delete items['call:live-t1-2'];
      logged['live-t1-2'] = { taskId: '00T000000000001AAA', whoId: '003000000000001AAA', at: ENDED + HISTORY_ID_WAIT_MS };
    });
    expect(await report(history('5222222222222222'), ENDED + 3_600_000)).toEqual({ logged: false, reason: 'already-logged' });
    expect(await readOutbox()).toEqual({});
    expect((await loggedCalls())['5222222222222222']?.taskId).toBe('00T000000000001AAA');
  });

  it('is one call when two tabs report it under their own keys', async () => {
    await report(live('live-t1-3'));
    expect(await report(live('live-t2-1', { startedAt: START + 1_500 }))).toEqual({ logged: true, key: 'call:live-t1-3', status: 'pending' });
    expect(Object.keys(await readOutbox())).toEqual(['call:live-t1-3']);
  });

  it('is two calls when the same number is called again right after the first call ended', async () => {
    await report(live('live-t1-5'));
    // A dropped call, called back the moment it ended: 95 s after the first started.
    const again = live('live-t1-6', { startedAt: START + 95_000, durationSeconds: 40 });
    expect(await report(again, ENDED + 45_000)).toEqual({ logged: true, key: 'call:live-t1-6', status: 'pending' });
    // And a third reading by another tab of the second call, which overlaps it: still the second.
    const twin = live('live-t2-2', { startedAt: START + 120_000, durationSeconds: 15 });
    expect(await report(twin, ENDED + 46_000)).toEqual({ logged: true, key: 'call:live-t1-6', status: 'pending' });
    expect(Object.keys(await readOutbox()).sort()).toEqual(['call:live-t1-5', 'call:live-t1-6']);
  });

  it('is not matched by a row of another number, direction, or more than two minutes away', async () => {
    await report(live('live-t1-4'));
    await report(history('5333333333333333', { number: '4155550123' }));
    await report(history('5444444444444444', { direction: 'outbound' }));
    await report(history('5555555555555555', { startedAt: START + 3 * 60_000 }));
    await report(history('5666666666666666', { startedAtPrecise: false }));
    expect(Object.keys(await readOutbox()).sort()).toEqual(['call:5333333333333333', 'call:5444444444444444', 'call:5555555555555555', 'call:5666666666666666', 'call:live-t1-4']);
    expect((await item('call:live-t1-4')).callId).toBe('live-t1-4');
  });
});

describe('a history row read while the live call is still being filed', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the call its id all the same', async () => {
    let historyArrives: Promise<unknown> = Promise.resolve();
    // Salesforce is asked about the person while the history row comes in.
    const filed = reportFinishedCall(live('live-t9-1'), settings, async () => {
      historyArrives = report(history('5777777777777777'), ENDED + 1_000);
      await historyArrives;
      return ben;
    }, ENDED);
    await filed;
    await historyArrives;
    expect(await item('call:live-t9-1')).toMatchObject({ callId: '5777777777777777', nextAttemptAt: ENDED, call: { callId: '5777777777777777', provisional: false } });
  });
});

describe('a history row filed before the live report of its call (the two race)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('makes the live report join the row: one item, under the row\'s id', async () => {
    expect(await report(history('5888888888888888'))).toEqual({ logged: true, key: 'call:5888888888888888', status: 'pending' });
    expect(await report(live('live-t8-1'))).toEqual({ logged: true, key: 'call:5888888888888888', status: 'pending' });
    expect(Object.keys(await readOutbox())).toEqual(['call:5888888888888888']);
    // And the row read again later is still the same call.
    expect(await report(history('5888888888888888'), ENDED + 60_000)).toEqual({ logged: true, key: 'call:5888888888888888', status: 'pending' });
  });

  it('takes the row back when the live call was internal', async () => {
    await report(history('5999999999999999', { number: '4155550142', name: null }));
    const internalLive: FinishedCallReport = { ...live('live-t8-2', { number: '+14155550142' }), internal: true };
    expect(await report(internalLive)).toEqual({ logged: false, reason: 'internal' });
    expect(await readOutbox()).toEqual({});
  });

  it('carries a note written during the call onto the row\'s item', async () => {
    await saveNote({ person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter' }, subject: 'Quote', note: 'by Friday', callId: 'live-t8-3', number: '+14155550100' }, START + 5_000);
    await report(history('5101010101010101'));
    await report(live('live-t8-3'));
    const items = await readOutbox();
    expect(Object.keys(items)).toEqual(['call:5101010101010101']);
    expect(items['call:5101010101010101']).toMatchObject({ callId: '5101010101010101', subject: 'Quote', note: 'by Friday', status: 'pending' });
  });
});

/**
 * A call seen live has no Dialpad id (the page shows none). It is logged exactly once, whatever
 * arrives later: it waits a bounded time for the id its history row gives it (matched by number,
 * direction and start time within two minutes), else it is logged under its stable key, and a
 * history row that shows up after that is recognised, not logged again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { reportFinishedCall, saveNote, type CallLogSettings, type FinishedCallReport, type PersonResolution } from '../../../lib/calllog/intake';
import { HISTORY_ID_WAIT_MS, loggedCalls, readOutbox, seenCallsStore, withOutbox, type CallItem } from '../../../lib/calllog/outbox';
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

  it('is not logged again when its tab sends the report again after the Task was written under the row\'s id', async () => {
    // The tab had no answer (the worker stopped, the browser closed) and sends the report again later.
    await report(live('live-t1-7'));
    await report(history('5191919191919191'), ENDED + 1_000);
    expect((await item('call:live-t1-7')).callId).toBe('5191919191919191');
    // The drain wrote the Task: the item left, the call is logged under Dialpad's id (what drain.ts does on success).
    await withOutbox((items, logged) => {
      delete items['call:live-t1-7'];
      logged['5191919191919191'] = { taskId: '00T000000000007AAA', whoId: '003000000000001AAA', at: ENDED + 2_000 };
    });
    expect(await report(live('live-t1-7'), ENDED + 5_000)).toEqual({ logged: false, reason: 'already-logged' });
    expect(await readOutbox()).toEqual({});
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

describe('what the history row says of a call seen live', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the Task the row\'s duration, Dialpad\'s record of the call, over the talk time last seen live', async () => {
    // The tab saw 95 s (it closed, or its timer lagged); Dialpad's history says 2 min 10 s.
    await report(live('live-t6-1'));
    await report(history('5121212121212121', { durationSeconds: 130 }), ENDED + 30_000);
    expect(await item('call:live-t6-1')).toMatchObject({ callId: '5121212121212121', call: { durationSeconds: 130 } });
    // A row that shows no duration (a voicemail) leaves the live reading's.
    await report(live('live-t6-2', { startedAt: START + 3_600_000 }), ENDED + 3_600_000);
    await report(history('5131313131313131', { startedAt: START + 3_600_000 - 10_000, outcome: 'voicemail', durationSeconds: 0 }), ENDED + 3_630_000);
    expect(await item('call:live-t6-2')).toMatchObject({ callId: '5131313131313131', call: { durationSeconds: 95 } });
  });

  it('gives the row\'s duration also when the row is read while the live report is being filed', async () => {
    let historyArrives: Promise<unknown> = Promise.resolve();
    await reportFinishedCall(live('live-t6-3'), settings, async () => {
      historyArrives = report(history('5141414141414141', { durationSeconds: 131 }), ENDED + 1_000);
      await historyArrives;
      return ben;
    }, ENDED);
    await historyArrives;
    expect(await item('call:live-t6-3')).toMatchObject({ callId: '5141414141414141', call: { callId: '5141414141414141', durationSeconds: 131, recordingUrl: 'https://dialpad.com/recording/x.mp3' } });
  });
});

describe('several calls with one person within a minute (history shows the minute only)', () => {
  beforeEach(() => fakeBrowser.reset());

  // Three short calls to Ben inside one minute; the history shows each at that minute.
  const MINUTE = Math.floor(START / 60_000) * 60_000;
  const calls = [
    { key: 'live-t7-1', id: '5151515151515151', startedAt: MINUTE + 5_000, durationSeconds: 8 },
    { key: 'live-t7-2', id: '5161616161616161', startedAt: MINUTE + 22_000, durationSeconds: 14 },
    { key: 'live-t7-3', id: '5171717171717171', startedAt: MINUTE + 44_000, durationSeconds: 11 },
  ];
  const liveOf = (c: (typeof calls)[number]) => live(c.key, { startedAt: c.startedAt, durationSeconds: c.durationSeconds });
  const rowOf = (c: (typeof calls)[number]) => history(c.id, { startedAt: MINUTE, durationSeconds: c.durationSeconds, recordingUrl: `https://dialpad.com/recording/${c.id}.mp3` });
  const expectPairedInOrder = async () => {
    const items = await readOutbox();
    for (const c of calls) {
      expect(items[`call:${c.key}`]).toMatchObject({ callId: c.id, call: { callId: c.id, startedAt: c.startedAt, durationSeconds: c.durationSeconds, recordingUrl: `https://dialpad.com/recording/${c.id}.mp3` } });
    }
  };

  it('pairs the rows, newest first, with the live readings in time order', async () => {
    for (const c of calls) await report(liveOf(c), c.startedAt + c.durationSeconds * 1_000);
    // The call history, opened after the three calls, lists them newest first.
    for (const c of [...calls].reverse()) await report(rowOf(c), MINUTE + 120_000);
    await expectPairedInOrder();
  });

  it('pairs them in order when each row shows up as its call ends', async () => {
    for (const c of calls) {
      await report(liveOf(c), c.startedAt + c.durationSeconds * 1_000);
      // The history view re-lists every row, newest first, each time one is added.
      const shown = calls.slice(0, calls.indexOf(c) + 1).reverse();
      for (const row of shown) await report(rowOf(row), c.startedAt + c.durationSeconds * 1_000 + 2_000);
    }
    await expectPairedInOrder();
  });

  it('pairs them in order when the rows were filed before the live reports (the tab reported late)', async () => {
    for (const c of [...calls].reverse()) await report(rowOf(c), MINUTE + 60_000);
    for (const c of calls) await report(liveOf(c), MINUTE + 70_000);
    // One item per row (the row filed first stands), each joined by its own call's live reading.
    expect(Object.keys(await readOutbox()).sort()).toEqual(calls.map((c) => `call:${c.id}`).sort());
    const seen = await seenCallsStore.get();
    expect(calls.map((c) => seen[c.key]?.historyId)).toEqual(calls.map((c) => c.id));
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { createCallReporter, liveCallStore, type FinishedCallMessage } from '../../../lib/calllog/call-reporter';
import { createCallLifecycle } from '../../../lib/dialpad/call-lifecycle';
import type { CallSnapshot } from '../../../lib/dialpad/types';

/** The page as a sequence of readings, through the real call lifecycle (as the DOM reader does). */
function pageReadings(reporter: ReturnType<typeof createCallReporter>) {
  const lifecycle = createCallLifecycle(() => 'tab-1');
  let clock = Date.UTC(2026, 10, 25, 9);
  return (snapshot: CallSnapshot | null, seconds = 1) => {
    clock += seconds * 1000;
    for (const event of lifecycle.observe(snapshot, clock)) reporter.observe(event);
  };
}

/** What the page keeps in storage.local for the next page (the live-call store's own item). */
async function kept() {
  return (await storage.getItem<Record<string, { message: FinishedCallMessage; savedAt: number }>>('local:dialpad.liveCalls')) ?? {};
}

const connected = (remoteNumber: string, elapsedSeconds: number): CallSnapshot => ({ phase: 'connected', direction: 'inbound', remoteNumber, internal: false, elapsedSeconds });

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('handing finished calls to the background', () => {
  it('tries a report again when the background did not get it (the worker was stopped right then)', async () => {
    const answers = [false, false, true];
    const reports: string[] = [];
    const reporter = createCallReporter(async (message) => {
      reports.push(message.call.callId);
      return answers.shift() ?? true;
    }, liveCallStore());
    const read = pageReadings(reporter);
    read(connected('+14155550100', 42));
    read(null);
    await vi.advanceTimersByTimeAsync(0);
    // The page shows no call id: the call goes under its stable local key, marked provisional.
    expect(reports).toEqual(['tab-1']);
    expect((await kept())['tab-1']).toMatchObject({ savedAt: 0, message: { call: { outcome: 'answered', durationSeconds: 42, provisional: true } } });
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(6000);
    expect(reports).toHaveLength(3);
    // Delivered: no longer kept for the leftover sweep.
    expect(await kept()).toEqual({});
  });

  it('a missed call under the same id does not drop a connected call the background has not acknowledged', async () => {
    const reporter = createCallReporter(async (message) => message.call.outcome !== 'answered', liveCallStore());
    const read = pageReadings(reporter);
    read(connected('+14155550100', 42));
    read(null);
    // A second, never-connected call under the same key ends as "missed".
    read({ phase: 'ringing', direction: 'inbound', remoteNumber: '+14155550123', internal: false });
    read(null);
    await vi.advanceTimersByTimeAsync(0);
    expect((await kept())['tab-1']).toMatchObject({ savedAt: 0, message: { call: { outcome: 'answered', durationSeconds: 42 } } });
  });

  it('reports a call a closed page left behind, once, from the next page', async () => {
    const closed = createCallReporter(async () => new Promise<boolean>(() => undefined), liveCallStore());
    const read = pageReadings(closed);
    read(connected('+14155550100', 42));
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.keys(await kept())).toEqual(['tab-1']);
    // The page went away mid-call; a page opened later finds the entry stale and reports it.
    const reports: FinishedCallMessage[] = [];
    const next = createCallReporter(async (message) => reports.push(message) > 0, liveCallStore());
    await vi.advanceTimersByTimeAsync(15_001);
    const stop = next.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toMatchObject([{ call: { callId: 'tab-1', outcome: 'answered', provisional: true }, seenLive: true }]);
    expect(await kept()).toEqual({});
    await vi.advanceTimersByTimeAsync(30_000);
    expect(reports).toHaveLength(1);
    stop();
  });

  it('sends a history row again when the background did not get it', async () => {
    const answers = [false, true];
    const reports: string[] = [];
    const reporter = createCallReporter(async (message) => {
      reports.push(message.call.callId);
      return answers.shift() ?? true;
    }, liveCallStore());
    reporter.observe({ type: 'history', entries: [{ callId: '5180839184416768', direction: 'inbound', number: '4155550100', startedAt: '2026-11-25T09:00:00.000Z', startedAtPrecise: true, durationSeconds: 42, outcome: 'answered', internal: false }] });
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual(['5180839184416768']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(reports).toEqual(['5180839184416768', '5180839184416768']);
    await vi.advanceTimersByTimeAsync(6000);
    expect(reports).toHaveLength(2);
  });
});

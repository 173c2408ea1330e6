import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallSource, ReaderEvent } from '../../../lib/dialpad/call-source';
import { createCallLifecycle } from '../../../lib/dialpad/call-lifecycle';
import type { CallSnapshot } from '../../../lib/dialpad/types';
import { createDialpadBridge, type FinishedCallMessage, type LiveCallStore } from '../../../lib/sidebar/dialpad-bridge';

/** The page as a sequence of readings, through the real call lifecycle (as the DOM reader does). */
function pageReadings() {
  let emit: (event: ReaderEvent) => void = () => undefined;
  const lifecycle = createCallLifecycle(() => 'tab-1');
  let clock = Date.UTC(2026, 10, 25, 9);
  const source: CallSource = {
    start(onEvent) {
      emit = onEvent;
      return () => undefined;
    },
  };
  const read = (snapshot: CallSnapshot | null, seconds = 1) => {
    clock += seconds * 1000;
    for (const event of lifecycle.observe(snapshot, clock)) emit(event);
  };
  return { source, read };
}

function memoryStore() {
  const calls = new Map<string, { message: FinishedCallMessage; ended: boolean }>();
  const store: LiveCallStore = {
    save: (message, ended) => void calls.set(message.call.callId, { message, ended: Boolean(ended) }),
    remove: (callId) => void calls.delete(callId),
    takeLeftovers: async () => [],
  };
  return { store, calls };
}

const connected = (callId: string, remoteNumber: string, elapsedSeconds: number): CallSnapshot => ({ phase: 'connected', direction: 'inbound', remoteNumber, internal: false, callId, elapsedSeconds });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('handing finished calls to the background', () => {
  it('tries a report again when the background did not get it (the worker was stopped right then)', async () => {
    const { source, read } = pageReadings();
    const { store, calls } = memoryStore();
    const answers = [false, false, true];
    const reports: string[] = [];
    const bridge = createDialpadBridge(source, async (message) => {
      reports.push(message.call.callId);
      return answers.shift() ?? true;
    }, store);
    bridge.start();
    read(connected('5180839184416768', '+14155550100', 42));
    read(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual(['5180839184416768']);
    expect(calls.get('5180839184416768')?.ended).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(6000);
    expect(reports).toHaveLength(3);
    // Delivered: no longer kept for the leftover sweep.
    expect(calls.has('5180839184416768')).toBe(false);
  });

  it('a missed call under the same id does not drop a connected call the background has not acknowledged', async () => {
    const { source, read } = pageReadings();
    const { store, calls } = memoryStore();
    const bridge = createDialpadBridge(source, async (message) => message.call.outcome !== 'answered', store);
    bridge.start();
    read(connected('5180839184416768', '+14155550100', 42));
    read(null);
    // A second, never-connected reading carrying the same id ends as "missed".
    read({ phase: 'ringing', direction: 'inbound', remoteNumber: '+14155550123', internal: false, callId: '5180839184416768' });
    read(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.get('5180839184416768')).toMatchObject({ ended: true, message: { call: { outcome: 'answered', durationSeconds: 42 } } });
  });
});

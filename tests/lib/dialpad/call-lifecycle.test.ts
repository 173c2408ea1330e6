import { describe, expect, it } from 'vitest';
import { createCallLifecycle } from '../../../lib/dialpad/call-lifecycle';
import type { CallEvent, CallSnapshot } from '../../../lib/dialpad/types';

const inbound = (phase: CallSnapshot['phase'], over: Partial<CallSnapshot> = {}): CallSnapshot => ({
  phase,
  direction: 'inbound',
  remoteNumber: '+1 (415) 555-0100',
  remoteName: 'Ben Carter',
  internal: false,
  ...over,
});
const outbound = (phase: CallSnapshot['phase'], over: Partial<CallSnapshot> = {}): CallSnapshot => ({
  ...inbound(phase, over),
  direction: 'outbound',
  ...over,
});

function run(steps: Array<[CallSnapshot | null, number]>) {
  let n = 0;
  const machine = createCallLifecycle(() => `local-${++n}`);
  const events: CallEvent[] = [];
  for (const [snapshot, at] of steps) events.push(...machine.observe(snapshot, at));
  return events;
}

const states = (events: CallEvent[]) => events.map((e) => e.state);

describe('the call lifecycle', () => {
  it('follows an inbound call through ringing, connected, hold, connected and ended', () => {
    const events = run([
      [inbound('ringing'), 1_000],
      [inbound('connected', { elapsedSeconds: 0 }), 5_000],
      [inbound('on-hold', { elapsedSeconds: 30 }), 35_000],
      [inbound('connected', { elapsedSeconds: 50 }), 55_000],
      [inbound('connected', { elapsedSeconds: 95 }), 100_000],
      [null, 100_400],
    ]);
    expect(states(events)).toEqual(['ringing', 'connected', 'on-hold', 'connected', 'ended']);
    expect(events.map((e) => e.previous)).toEqual([null, 'ringing', 'connected', 'on-hold', 'connected']);
    const ended = events.at(-1)!.call;
    expect(ended).toMatchObject({ localId: 'local-1', direction: 'inbound', startedAt: 1_000, connectedAt: 5_000, endedAt: 100_400 });
    expect(ended.durationSeconds).toBe(95);
  });

  it('takes the duration from the page timer, not from its own clock', () => {
    // Dialpad's timer says 2:00 although only 3 s passed for us (a throttled tab, or a test clock).
    const events = run([
      [outbound('dialing'), 0],
      [outbound('connected', { elapsedSeconds: 0 }), 1_000],
      [outbound('connected', { elapsedSeconds: 120 }), 2_000],
      [null, 3_000],
    ]);
    expect(states(events)).toEqual(['dialing', 'connected', 'ended']);
    expect(events.at(-1)!.call.durationSeconds).toBe(120);
  });

  it('emits nothing for repeated readings of the same state', () => {
    const events = run([
      [inbound('ringing'), 0],
      [inbound('ringing'), 10],
      [inbound('ringing'), 20],
      [inbound('connected', { elapsedSeconds: 1 }), 30],
      [inbound('connected', { elapsedSeconds: 2 }), 40],
      [null, 50],
      [null, 60],
    ]);
    expect(states(events)).toEqual(['ringing', 'connected', 'ended']);
  });

  it('reports a ringing call that disappears unanswered as missed, with no duration', () => {
    const events = run([
      [inbound('ringing'), 0],
      [null, 20_000],
    ]);
    expect(states(events)).toEqual(['ringing', 'missed']);
    expect(events[1]!.call).toMatchObject({ durationSeconds: 0, endedAt: 20_000 });
    expect(events[1]!.call.connectedAt).toBeUndefined();
  });

  it('reports an unanswered outbound call as ended with zero talk time', () => {
    const events = run([
      [outbound('dialing'), 0],
      [null, 8_000],
    ]);
    expect(states(events)).toEqual(['dialing', 'ended']);
    expect(events[1]!.call.durationSeconds).toBe(0);
  });

  it('gives a call first seen mid-conversation its start, and a connect time from its timer', () => {
    const events = run([
      [inbound('connected', { elapsedSeconds: 361 }), 1_000_000],
      [null, 1_002_000],
    ]);
    expect(states(events)).toEqual(['ringing', 'connected', 'ended']);
    expect(events[1]!.call.connectedAt).toBe(1_000_000 - 361_000);
    expect(events[2]!.call.durationSeconds).toBe(361);
  });

  it('ignores a stale ringing reading that arrives after the call connected', () => {
    const events = run([
      [inbound('ringing'), 0],
      [inbound('connected', { elapsedSeconds: 1 }), 1_000],
      [inbound('ringing'), 1_100],
      [inbound('connected', { elapsedSeconds: 2 }), 2_000],
    ]);
    expect(states(events)).toEqual(['ringing', 'connected']);
  });

  it('ends the current call and starts a new one when another party appears without a gap', () => {
    const events = run([
      [inbound('connected', { elapsedSeconds: 10 }), 0],
      [outbound('dialing', { remoteNumber: '+81 3-1234-5678', remoteName: '佐藤 花子' }), 500],
    ]);
    expect(states(events)).toEqual(['ringing', 'connected', 'ended', 'dialing']);
    expect(events[2]!.call.localId).toBe('local-1');
    expect(events[3]!.call).toMatchObject({ localId: 'local-2', direction: 'outbound', remoteName: '佐藤 花子' });
  });

  it('starts a new call with the same person when the timer starts again, the hang-up and ringing unread between two readings', () => {
    const events = run([
      [inbound('connected', { elapsedSeconds: 30 }), 30_000],
      // Hung up, called back and answered within one batch of readings: the stale-looking ringing is skipped…
      [inbound('ringing'), 30_100],
      // …and the timer, back at 1, says this is another call.
      [inbound('connected', { elapsedSeconds: 1 }), 31_000],
      [null, 45_000],
    ]);
    expect(states(events)).toEqual(['ringing', 'connected', 'ended', 'ringing', 'connected', 'ended']);
    expect(events[2]!.call).toMatchObject({ localId: 'local-1', durationSeconds: 30 });
    expect(events[5]!.call).toMatchObject({ localId: 'local-2', connectedAt: 30_000, startedAt: 31_000 });
  });

  it('keeps what it learnt: a name and an extension shown late are carried by every later event, under one local id', () => {
    const events = run([
      [inbound('ringing', { remoteNumber: '4155550186', remoteName: '4155550186' }), 0],
      [inbound('connected', { elapsedSeconds: 0, remoteNumber: '4155550186', remoteExtension: '12', remoteName: 'Riverside Clinic' }), 1_000],
      [inbound('connected', { elapsedSeconds: 3, remoteNumber: '4155550186', remoteName: 'Riverside Clinic' }), 4_000],
      [null, 4_500],
    ]);
    expect(events.at(-1)!.call).toMatchObject({ localId: 'local-1', remoteExtension: '12', remoteName: 'Riverside Clinic' });
    expect(events.at(-1)!.call).not.toHaveProperty('callId');
    expect(new Set(events.map((e) => e.call.localId))).toEqual(new Set(['local-1']));
  });

  it('forgets the call it followed when another tab takes over, without ending it', () => {
    const lifecycle = createCallLifecycle(() => 'local-1');
    lifecycle.observe(inbound('connected', { elapsedSeconds: 5 }), 0);
    lifecycle.forget();
    expect(lifecycle.current()).toBeNull();
    expect(lifecycle.observe(null, 1_000)).toEqual([]);
  });

  it('marks a call internal once any reading says so', () => {
    const events = run([
      [inbound('ringing', { internal: true, remoteNumber: 'ext. 204' }), 0],
      [inbound('connected', { internal: false, remoteNumber: 'ext. 204', elapsedSeconds: 0 }), 1_000],
      [null, 2_000],
    ]);
    expect(events.every((e) => e.call.internal)).toBe(true);
  });
});

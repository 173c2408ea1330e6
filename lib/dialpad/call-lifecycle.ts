/**
 * Turns successive readings of the page's call area into call lifecycle events:
 * ringing (inbound) / dialing (outbound) → connected → on-hold ↔ connected → ended, or missed.
 *
 * The page can be read late, twice, or out of order (a batch may skip "ringing" entirely), so the
 * machine is driven by what it sees, never by what it expects: repeated readings emit nothing, a
 * call first seen connected still gets its start, and a different remote party, or a call timer
 * that starts again from zero, means a new call.
 * Voicemail is not visible live; the call-history reader upgrades a missed call to voicemail.
 */
import { digitsOf } from '../matching/phone';
import type { CallEvent, CallRecord, CallSnapshot, CallState } from './types';

export interface CallLifecycle {
  /** Feeds one reading taken at `now` (epoch ms); returns the events it caused, in order. */
  observe(snapshot: CallSnapshot | null, now: number): CallEvent[];
  current(): CallRecord | null;
  /** Drops the call being followed without ending it (another tab took over: it reports the end). */
  forget(): void;
}

/** The states of a call still running. */
export const LIVE_STATES: ReadonlySet<CallState> = new Set(['ringing', 'dialing', 'connected', 'on-hold']);

/** How far a reading's timer may lag the last one (a stale reading) and still be the same call. */
const TIMER_SLACK_SECONDS = 3;

export function createCallLifecycle(newLocalId: () => string): CallLifecycle {
  let call: CallRecord | null = null;
  let state: CallState | null = null;
  // The page's own call timer is the truth for talk time (it follows Dialpad's clock, not ours).
  let timer: { seconds: number } | null = null;

  function emit(events: CallEvent[], next: CallState): void {
    if (!call || next === state) return;
    events.push({ type: 'call', state: next, previous: state, call: { ...call } });
    state = next;
  }

  function end(events: CallEvent[], now: number): void {
    if (!call || !state || !LIVE_STATES.has(state)) return;
    call.endedAt = now;
    if (call.connectedAt !== undefined) {
      // The last timer value shown is at most a second short; our clock may be far off when the
      // tab was throttled in the background, so it is only the fallback.
      call.durationSeconds = timer ? timer.seconds : Math.max(0, Math.round((now - call.connectedAt) / 1000));
      emit(events, 'ended');
    } else {
      // Never connected: an inbound call was missed; an outbound one was not answered.
      call.durationSeconds = 0;
      emit(events, call.direction === 'inbound' ? 'missed' : 'ended');
    }
    call = null;
    state = null;
    timer = null;
  }

  function isSameCall(snapshot: CallSnapshot): boolean {
    if (!call) return false;
    if (snapshot.direction !== call.direction) return false;
    // One call's timer never runs backwards: a timer well below the last one is the next call with
    // the same person, whose end and ringing passed between two readings (hang up, call back).
    if (timer && snapshot.elapsedSeconds !== undefined && snapshot.elapsedSeconds + TIMER_SLACK_SECONDS < timer.seconds) return false;
    const sameNumber = !snapshot.remoteNumber || !call.remoteNumber || digitsOf(snapshot.remoteNumber) === digitsOf(call.remoteNumber);
    return sameNumber;
  }

  return {
    current: () => (call ? { ...call } : null),
    forget() {
      call = null;
      state = null;
      timer = null;
    },
    observe(snapshot, now) {
      const events: CallEvent[] = [];
      if (!snapshot) {
        end(events, now);
        return events;
      }
      if (call && !isSameCall(snapshot)) end(events, now);
      if (!call) {
        call = {
          localId: newLocalId(),
          direction: snapshot.direction,
          internal: snapshot.internal,
          startedAt: now,
        };
        state = null;
        timer = null;
      }
      // Later readings may know more (a name resolved, the id shown); never forget what we knew.
      call.remoteNumber = snapshot.remoteNumber ?? call.remoteNumber;
      call.remoteExtension = snapshot.remoteExtension ?? call.remoteExtension;
      call.remoteName = snapshot.remoteName ?? call.remoteName;
      call.internal = call.internal || snapshot.internal;

      const phase = snapshot.phase;
      if (phase === 'ringing' || phase === 'dialing') {
        // A call that was already connected does not go back to ringing: a stale reading.
        if (state === null) emit(events, phase);
        return events;
      }
      if (state === null) emit(events, snapshot.direction === 'inbound' ? 'ringing' : 'dialing');
      if (snapshot.elapsedSeconds !== undefined) {
        timer = { seconds: snapshot.elapsedSeconds };
        // The talk time so far, as the page's timer shows it (final when the call ends).
        call.durationSeconds = snapshot.elapsedSeconds;
      }
      // First seen already talking (the tab opened mid-call): the timer says when it connected.
      if (call.connectedAt === undefined) call.connectedAt = now - (snapshot.elapsedSeconds ?? 0) * 1000;
      emit(events, phase === 'on-hold' ? 'on-hold' : 'connected');
      return events;
    },
  };
}

/**
 * The stand-in's state and its call state machine, free of the DOM so it can be unit-tested in Node.
 * Views subscribe to changes and re-render the parts named in the change.
 */
import { normalizePhone, whoHasNumber } from '../seed';
import type { CallRequest, CallStatus, HistoryEntry, LiveCall, LiveCallState, LiveMeeting, MeetingRequest, NormalizedSeed, Theme } from '../types';

export type ChangeKind = 'call' | 'timer' | 'history' | 'theme' | 'reset';

export class StandinStateError extends Error {
  override name = 'StandinStateError';
}

/** Real time by default; manual time (only `advance` moves it) for deterministic tests. */
export class StandinClock {
  private manualNow: number | null = null;

  get mode(): 'real' | 'manual' {
    return this.manualNow === null ? 'real' : 'manual';
  }

  now(): number {
    return this.manualNow ?? Date.now();
  }

  useManual(): void {
    this.manualNow ??= Date.now();
  }

  useReal(): void {
    this.manualNow = null;
  }

  advance(seconds: number): void {
    if (this.manualNow === null) throw new StandinStateError('advance() needs useManualClock() first');
    if (!(Number.isFinite(seconds) && seconds >= 0)) throw new StandinStateError(`advance(): bad seconds ${seconds}`);
    this.manualNow += seconds * 1000;
  }
}

/** A fresh 16-digit numeric call id (Dialpad's ids are 16-digit integers below 2^53). */
export function newCallId(): string {
  return String(4_000_000_000_000_000 + Math.floor(Math.random() * 4_000_000_000_000_000));
}

interface CallRecord extends Omit<LiveCall, 'durationSeconds' | 'holdSeconds'> {
  holdStartedAt: number | null;
  wallStartedAt: number;
}

const LIVE: readonly LiveCallState[] = ['ringing', 'dialing', 'connected', 'hold'];

export class StandinModel {
  history: HistoryEntry[] = [];
  theme: Theme = 'light';
  private record: CallRecord | null = null;
  private listeners = new Set<(kind: ChangeKind) => void>();

  constructor(
    readonly seed: NormalizedSeed,
    readonly clock: StandinClock = new StandinClock(),
  ) {
    this.reset();
  }

  onChange(listener: (kind: ChangeKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(kind: ChangeKind): void {
    for (const listener of this.listeners) listener(kind);
  }

  reset(): void {
    this.history = this.seed.history.map((h) => ({ ...h }));
    this.theme = this.seed.theme;
    this.record = null;
    this.meetingRecord = null;
    this.clock.useReal();
    this.emit('reset');
  }

  get call(): LiveCall | null {
    const r = this.record;
    if (!r) return null;
    const now = this.clock.now();
    const { holdStartedAt, wallStartedAt, ...rest } = r;
    void wallStartedAt;
    const end = r.endedAt ?? now;
    return {
      ...rest,
      durationSeconds: r.connectedAt === null ? 0 : Math.floor((end - r.connectedAt) / 1000),
      holdSeconds: holdStartedAt === null ? 0 : Math.floor((now - holdStartedAt) / 1000),
    };
  }

  private meetingRecord: { title: string; participants: number; sharingScreen: boolean; startedAt: number } | null = null;

  get meeting(): LiveMeeting | null {
    const m = this.meetingRecord;
    return m ? { ...m, durationSeconds: Math.floor((this.clock.now() - m.startedAt) / 1000) } : null;
  }

  /** A Dialpad Meetings call: the same callbox, no banner, never in call history. */
  startMeeting(request: MeetingRequest): LiveMeeting {
    if (this.isLive) throw new StandinStateError(`a call is ${this.record!.state}; hang up first`);
    if (typeof request?.title !== 'string' || !request.title.trim()) throw new StandinStateError('startMeeting(): needs a title');
    const participants = request.participants ?? 1;
    if (!(Number.isInteger(participants) && participants >= 1)) throw new StandinStateError(`startMeeting(): bad participants ${participants}`);
    this.meetingRecord = { title: request.title.trim(), participants, sharingScreen: request.sharingScreen ?? false, startedAt: this.clock.now() };
    this.emit('call');
    return this.meeting!;
  }

  endMeeting(): void {
    if (!this.meetingRecord) throw new StandinStateError('endMeeting(): no meeting is running');
    this.meetingRecord = null;
    this.emit('call');
  }

  get isLive(): boolean {
    return this.record !== null && LIVE.includes(this.record.state);
  }

  private require(states: readonly LiveCallState[], action: string): CallRecord {
    const r = this.record;
    if (!r || !states.includes(r.state)) {
      throw new StandinStateError(`${action}(): needs a call that is ${states.join(' or ')}; the call is ${r ? r.state : 'absent'}`);
    }
    return r;
  }

  private startCall(request: CallRequest, direction: 'inbound' | 'outbound'): LiveCall {
    if (this.isLive) throw new StandinStateError(`a call is already ${this.record!.state}; hang up first`);
    if (typeof request?.number !== 'string' || request.number.trim() === '') {
      throw new StandinStateError('a call needs a number');
    }
    if (request.callId !== undefined && !/^\d{16}$/.test(request.callId)) {
      throw new StandinStateError(`callId must be 16 digits: ${request.callId}`);
    }
    const owner = whoHasNumber(this.seed, request.number);
    const extension = /^\d{2,6}$/.test(request.number.trim());
    if (request.entryPointId !== undefined && !/^\d{16}$/.test(request.entryPointId)) {
      throw new StandinStateError(`entryPointId must be 16 digits: ${request.entryPointId}`);
    }
    if (this.meeting) throw new StandinStateError('a meeting is running; end it first');
    this.record = {
      callId: request.callId ?? newCallId(),
      entryPointId: request.entryPointId ?? null,
      direction,
      number: extension ? request.number.trim() : (normalizePhone(request.number) ?? request.number),
      name: request.name ?? owner?.name ?? null,
      contactId: request.contactId ?? owner?.id ?? null,
      internal: request.internal ?? owner?.internal ?? extension,
      state: direction === 'inbound' ? 'ringing' : 'dialing',
      startedAt: this.clock.now(),
      // History shows when the call really started (the wall clock), whatever the manual clock says.
      wallStartedAt: Date.now(),
      connectedAt: null,
      endedAt: null,
      recording: false,
      voicemailUrl: null,
      holdStartedAt: null,
    };
    this.emit('call');
    return this.call!;
  }

  incoming(request: CallRequest): LiveCall {
    return this.startCall(request, 'inbound');
  }

  outgoing(request: CallRequest): LiveCall {
    return this.startCall(request, 'outbound');
  }

  answer(): LiveCall {
    const r = this.require(['ringing', 'dialing'], 'answer');
    r.state = 'connected';
    r.connectedAt = this.clock.now();
    this.emit('call');
    return this.call!;
  }

  hold(): LiveCall {
    const r = this.require(['connected'], 'hold');
    r.state = 'hold';
    r.holdStartedAt = this.clock.now();
    this.emit('call');
    return this.call!;
  }

  unhold(): LiveCall {
    const r = this.require(['hold'], 'unhold');
    r.state = 'connected';
    r.holdStartedAt = null;
    this.emit('call');
    return this.call!;
  }

  toggleRecording(): LiveCall {
    const r = this.require(['connected', 'hold'], 'toggleRecording');
    r.recording = !r.recording;
    this.emit('call');
    return this.call!;
  }

  private finish(state: LiveCallState, status: CallStatus): HistoryEntry {
    const r = this.record!;
    r.state = state;
    r.endedAt = this.clock.now();
    r.holdStartedAt = null;
    const call = this.call!;
    const entry: HistoryEntry = {
      callId: call.callId,
      entryPointId: call.entryPointId,
      direction: call.direction,
      number: call.number,
      name: call.name,
      contactId: call.contactId,
      internal: call.internal,
      startedAt: new Date(r.wallStartedAt).toISOString(),
      durationSeconds: call.durationSeconds,
      status,
      recordingUrl: call.recording ? `https://dialpad.com/recording/${call.callId}.mp3` : null,
      voicemailUrl: call.voicemailUrl,
      device: 'Dialpad web',
    };
    this.history = [entry, ...this.history.filter((h) => h.callId !== entry.callId)];
    this.emit('call');
    this.emit('history');
    return entry;
  }

  hangUp(): HistoryEntry {
    const r = this.require(['dialing', 'connected', 'hold'], 'hangUp');
    return this.finish('ended', r.state === 'dialing' ? 'cancelled' : 'completed');
  }

  decline(): HistoryEntry {
    const r = this.require(['ringing', 'dialing'], 'decline');
    return this.finish(r.direction === 'inbound' ? 'missed' : 'ended', r.direction === 'inbound' ? 'declined' : 'cancelled');
  }

  miss(): HistoryEntry {
    const r = this.require(['ringing'], 'missCall');
    if (r.direction !== 'inbound') throw new StandinStateError('missCall(): only an inbound call can be missed');
    return this.finish('missed', 'missed');
  }

  leaveVoicemail(url?: string): HistoryEntry {
    const r = this.require(['ringing', 'missed'], 'leaveVoicemail');
    if (r.direction !== 'inbound') throw new StandinStateError('leaveVoicemail(): only for an inbound call');
    r.voicemailUrl = url ?? `https://dialpad.com/voicemail/${r.callId}.mp3`;
    return this.finish('voicemail', 'voicemail');
  }

  /** A call the browser never saw live (made on a desk phone or another device). */
  addHistoryCall(partial: Partial<HistoryEntry> & { number: string }): HistoryEntry {
    if (typeof partial?.number !== 'string') throw new StandinStateError('addHistoryCall(): needs a number');
    const callId = partial.callId ?? newCallId();
    if (!/^\d{16}$/.test(callId)) throw new StandinStateError(`callId must be 16 digits: ${callId}`);
    if (this.history.some((h) => h.callId === callId)) throw new StandinStateError(`call ${callId} is already in history`);
    const owner = whoHasNumber(this.seed, partial.number);
    const extension = /^\d{2,6}$/.test(partial.number);
    const status = partial.status ?? 'completed';
    if (partial.entryPointId && !/^\d{16}$/.test(partial.entryPointId)) throw new StandinStateError(`entryPointId must be 16 digits: ${partial.entryPointId}`);
    const entry: HistoryEntry = {
      callId,
      entryPointId: partial.entryPointId ?? null,
      direction: partial.direction ?? 'inbound',
      number: extension ? partial.number : (normalizePhone(partial.number) ?? partial.number),
      name: partial.name ?? owner?.name ?? null,
      contactId: partial.contactId ?? owner?.id ?? null,
      internal: partial.internal ?? owner?.internal ?? extension,
      startedAt: partial.startedAt ?? new Date(this.clock.now()).toISOString(),
      durationSeconds: partial.durationSeconds ?? (status === 'completed' ? 60 : 0),
      status,
      recordingUrl: partial.recordingUrl ?? null,
      voicemailUrl: partial.voicemailUrl ?? (status === 'voicemail' ? `https://dialpad.com/voicemail/${callId}.mp3` : null),
      device: partial.device ?? 'desk phone',
    };
    this.history = [entry, ...this.history].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    this.emit('history');
    return entry;
  }

  setTheme(theme: Theme): void {
    if (theme !== 'light' && theme !== 'dark') throw new StandinStateError(`setTheme(): 'light' or 'dark', not ${String(theme)}`);
    this.theme = theme;
    this.emit('theme');
  }

  /** Time moved (a real second passed, or advance()): timers re-render. */
  tick(): void {
    if (this.isLive || this.meetingRecord) this.emit('timer');
  }
}

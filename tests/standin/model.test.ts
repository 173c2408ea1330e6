import { beforeEach, describe, expect, it } from 'vitest';
import { StandinClock, StandinModel, newCallId, type ChangeKind } from '../../standin/client/model';
import { DEFAULT_SEED_PATH, loadSeedFile } from '../../standin/server';

let model: StandinModel;
let changes: ChangeKind[];
beforeEach(async () => {
  model = new StandinModel(await loadSeedFile(DEFAULT_SEED_PATH), new StandinClock());
  model.clock.useManual();
  changes = [];
  model.onChange((kind) => changes.push(kind));
});

describe('the stand-in call state machine', () => {
  it('rings, connects, holds, resumes and hangs up, and history gets the call with its talk time', () => {
    const ringing = model.incoming({ number: '+1 415 555 0100' });
    expect(ringing).toMatchObject({ state: 'ringing', direction: 'inbound', number: '+14155550100', name: 'Ben Carter', contactId: '5629499534213120', internal: false });
    expect(ringing.callId).toMatch(/^\d{16}$/);
    model.clock.advance(4);
    expect(model.answer()).toMatchObject({ state: 'connected', durationSeconds: 0 });
    model.clock.advance(60);
    expect(model.hold()).toMatchObject({ state: 'hold', durationSeconds: 60, holdSeconds: 0 });
    model.clock.advance(8);
    expect(model.call).toMatchObject({ durationSeconds: 68, holdSeconds: 8 });
    expect(model.unhold()).toMatchObject({ state: 'connected', holdSeconds: 0 });
    model.clock.advance(27);
    const entry = model.hangUp();
    expect(entry).toMatchObject({ callId: ringing.callId, status: 'completed', durationSeconds: 95, device: 'Dialpad web', recordingUrl: null });
    expect(model.history[0]).toEqual(entry);
    expect(model.call).toMatchObject({ state: 'ended', durationSeconds: 95 });
    model.clock.advance(30);
    expect(model.call?.durationSeconds).toBe(95);
    expect(changes).toEqual(['call', 'call', 'call', 'call', 'call', 'history']);
  });

  it('dials out, connects when the other side answers, and a recorded call gets a recording URL', () => {
    const call = model.outgoing({ number: '+81 3-1234-5678', callId: '4111111111111111' });
    expect(call).toMatchObject({ state: 'dialing', direction: 'outbound', name: '山田 太郎', callId: '4111111111111111' });
    model.answer();
    model.toggleRecording();
    model.clock.advance(42);
    expect(model.hangUp()).toMatchObject({ durationSeconds: 42, recordingUrl: 'https://dialpad.com/recording/4111111111111111.mp3' });
  });

  it('records a cancelled outbound call and a declined inbound call', () => {
    model.outgoing({ number: '+16465550142' });
    expect(model.hangUp()).toMatchObject({ status: 'cancelled', durationSeconds: 0 });
    model.incoming({ number: '+16465550142' });
    expect(model.decline()).toMatchObject({ status: 'declined', direction: 'inbound' });
    expect(model.call?.state).toBe('missed');
  });

  it('misses a call, then takes a voicemail on the same call id', () => {
    const call = model.incoming({ number: '+19995550100', name: 'Unknown Caller' });
    expect(model.miss()).toMatchObject({ status: 'missed', durationSeconds: 0, name: 'Unknown Caller', contactId: null });
    const voicemail = model.leaveVoicemail('https://example.test/vm.mp3');
    expect(voicemail).toMatchObject({ callId: call.callId, status: 'voicemail', voicemailUrl: 'https://example.test/vm.mp3' });
    expect(model.history.filter((h) => h.callId === call.callId)).toHaveLength(1);
  });

  it('treats an extension as an internal call with a coworker', () => {
    expect(model.incoming({ number: '1043' })).toMatchObject({ internal: true, name: 'Mia Chen', number: '1043' });
  });

  it('refuses transitions that make no sense, naming the state', () => {
    expect(() => model.answer()).toThrow('answer(): needs a call that is ringing or dialing; the call is absent');
    model.incoming({ number: '+14155550100' });
    expect(() => model.hold()).toThrow('hold(): needs a call that is connected; the call is ringing');
    expect(() => model.incoming({ number: '+14155550100' })).toThrow('a call is already ringing; hang up first');
    expect(() => model.hangUp()).toThrow(/hangUp\(\)/);
    model.answer();
    expect(() => model.miss()).toThrow(/missCall\(\)/);
    expect(() => model.incoming({ number: '' })).toThrow();
  });

  it('adds a call never seen live (desk phone) in time order', () => {
    const entry = model.addHistoryCall({ number: '+14155550123', startedAt: '2026-11-25T09:00:00.000Z', durationSeconds: 200 });
    expect(entry).toMatchObject({ device: 'desk phone', name: 'Ben Carter', status: 'completed', durationSeconds: 200 });
    expect(entry.callId).toMatch(/^\d{16}$/);
    expect(model.history[0]).toEqual(entry);
    expect(() => model.addHistoryCall({ number: '+14155550123', callId: entry.callId })).toThrow(/already in history/);
  });

  it('resets to the seed and the real clock', () => {
    model.incoming({ number: '+14155550100' });
    model.setTheme('dark');
    model.reset();
    expect(model.call).toBeNull();
    expect(model.theme).toBe('light');
    expect(model.clock.mode).toBe('real');
    expect(model.history).toEqual(model.seed.history);
  });
});

describe('call ids', () => {
  it('are 16-digit numbers that fit a double exactly', () => {
    for (let i = 0; i < 1000; i += 1) {
      const id = newCallId();
      expect(id).toMatch(/^[1-9]\d{15}$/);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
    }
  });
});

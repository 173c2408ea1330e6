import { computed, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { newItemBase, summarize, type CallItem, type LoggedCall, type OutboxItem } from '../../../lib/calllog/outbox';
import type { CallRecord } from '../../../lib/dialpad/types';
import type { Card, PersonRef } from '../../../lib/messaging/matching-messages';
import { createCallStrip, looksInternal } from '../../../lib/sidebar/call-strip';
import type { CallInView } from '../../../lib/sidebar/dialpad-bridge';
import type { MatchView } from '../../../lib/sidebar/match-model';

const BEN_ID = '003000000000001AAA';
const ben = { type: 'Contact' as const, id: BEN_ID, name: 'Ben Carter' };
const card = { ...ben, owner: null, title: null, company: null, stage: null, email: null, phones: ['(415) 555-0100'], nextSteps: [], pastActivity: [], recordUrl: '', activityUrl: '' } as unknown as Card;

const record = (over: Partial<CallRecord> = {}): CallRecord => ({
  localId: 'tab1-1',
  direction: 'inbound',
  remoteNumber: '4155550100',
  remoteName: 'Ben Carter',
  internal: false,
  startedAt: 1_000_000,
  connectedAt: 1_005_000,
  durationSeconds: 95,
  ...over,
});

function world() {
  const call = signal<CallInView | null>(null);
  const matchPerson = signal<PersonRef | null>({ phones: ['+14155550100'], dialpadContactId: null });
  const matchView = signal<MatchView>({ state: 'matched', card, candidates: [], picked: false, refreshing: false });
  const connected = signal(true);
  const settings = signal({ autoLogging: true, logMissedCalls: false, internalNumbers: [] as string[], dialpadLogsCalls: false });
  const outboxItems = signal<Record<string, OutboxItem> | null>({});
  const logged = signal<Record<string, LoggedCall>>({});
  const instanceUrl = signal<string | null>('https://acme.my.salesforce.com');
  // What the background publishes from its outbox, as it publishes it.
  const outbox = computed(() => (outboxItems.value ? summarize(outboxItems.value, logged.value) : null));
  const strip = createCallStrip({ call, matchPerson, matchView, connected, settings, outbox, instanceUrl });
  const live = (over: Partial<CallRecord> = {}, state: CallInView['state'] = 'connected') => (call.value = { state, call: record(over), live: true });
  const ended = (over: Partial<CallRecord> = {}, state: CallInView['state'] = 'ended') => (call.value = { state, call: record(over), live: false });
  const fate = () => strip.view.value?.fate;
  return { call, matchPerson, matchView, connected, settings, outboxItems, logged, strip, live, ended, fate };
}

const callItem = (over: Partial<CallItem> = {}): CallItem => ({
  ...newItemBase('call:tab1-1', 1),
  kind: 'call',
  callId: 'tab1-1',
  call: { callId: 'tab1-1', direction: 'inbound', number: '4155550100', name: 'Ben Carter', startedAt: 1_000_000, durationSeconds: 95, outcome: 'answered' },
  number: '4155550100',
  dialpadContactId: null,
  person: ben,
  personProblem: null,
  note: null,
  subject: null,
  seenLive: true,
  taskId: null,
  ...over,
});

describe('the call strip while the call rings or runs: what will happen', () => {
  it('says whom the call will be logged to, and offers the note on that card', () => {
    const w = world();
    expect(w.strip.view.value).toBeNull();
    w.live();
    expect(w.fate()).toEqual({ kind: 'will-log', name: 'Ben Carter' });
    expect(w.strip.view.value?.noteCardId).toBe(BEN_ID);
  });

  it('asks for a pick when several people have the number, and says when nobody has it', () => {
    const w = world();
    w.live();
    w.matchView.value = { state: 'several', candidates: [], refreshing: false };
    expect(w.fate()).toEqual({ kind: 'pick' });
    expect(w.strip.view.value?.noteCardId).toBeNull();
    w.matchView.value = { state: 'none', searched: ['+14155550100'], refreshing: false };
    expect(w.fate()).toEqual({ kind: 'no-record' });
    w.matchView.value = { state: 'loading' };
    expect(w.fate()).toEqual({ kind: 'looking-up' });
  });

  it('says an internal call is not logged: a coworker by Dialpad, or one of the company\'s numbers', () => {
    const w = world();
    w.live({ internal: true });
    expect(w.fate()).toEqual({ kind: 'internal' });
    w.live();
    w.settings.value = { ...w.settings.value, internalNumbers: ['+1415555*'] };
    expect(w.fate()).toEqual({ kind: 'internal' });
    expect(w.strip.view.value?.noteCardId).toBeNull();
  });

  it('says Dialpad\'s own integration logs the call when the policy says so', () => {
    const w = world();
    w.live();
    w.settings.value = { ...w.settings.value, dialpadLogsCalls: true };
    expect(w.fate()).toEqual({ kind: 'dialpad-logs' });
    w.ended();
    w.strip.heard('tab1-1', { ok: true, logged: false, reason: 'dialpad-logs-calls' });
    expect(w.fate()).toEqual({ kind: 'dialpad-logs' });
  });

  it('says auto-logging is off, unless a note written during the call will log it anyway (T2)', () => {
    const w = world();
    w.live();
    w.settings.value = { ...w.settings.value, autoLogging: false };
    expect(w.fate()).toEqual({ kind: 'auto-off' });
    w.outboxItems.value = { 'call:tab1-1': callItem({ status: 'waiting-call', call: null }) };
    expect(w.fate()).toEqual({ kind: 'will-log', name: 'Ben Carter' });
  });

  it('asks to connect while disconnected, and does not claim a searched person gets the call', () => {
    const w = world();
    w.live();
    w.connected.value = false;
    expect(w.fate()).toEqual({ kind: 'not-connected' });
    w.connected.value = true;
    w.matchPerson.value = { phones: [], text: 'Grace', email: null };
    expect(w.fate()).toEqual({ kind: 'by-number' });
  });
});

describe('the call strip after the call: what happened', () => {
  it('says Logged, with the person and a link to the Task, once the call is logged', () => {
    const w = world();
    w.ended();
    w.logged.value = { 'tab1-1': { taskId: '00T000000000001AAA', whoId: BEN_ID, whoName: 'Ben Carter', at: 2, call: callItem().call! } };
    expect(w.fate()).toEqual({ kind: 'logged', name: 'Ben Carter', taskUrl: 'https://acme.my.salesforce.com/lightning/r/Task/00T000000000001AAA/view' });
  });

  it('follows the outbox: logging, queued with the reason, reconnect, refused, waiting for a pick', () => {
    const w = world();
    w.ended();
    w.outboxItems.value = { 'call:tab1-1': callItem() };
    expect(w.fate()).toEqual({ kind: 'logging', name: 'Ben Carter' });
    w.outboxItems.value = { 'call:tab1-1': callItem({ lastError: { code: 'OFFLINE', message: 'Salesforce cannot be reached.', at: 2 } }) };
    expect(w.fate()).toEqual({ kind: 'queued', reason: 'Salesforce cannot be reached.' });
    w.outboxItems.value = { 'call:tab1-1': callItem({ status: 'waiting-reconnect' }) };
    expect(w.fate()).toEqual({ kind: 'reconnect' });
    w.outboxItems.value = { 'call:tab1-1': callItem({ status: 'failed', lastError: { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Subject required', at: 2 } }) };
    expect(w.fate()).toEqual({ kind: 'failed', reason: 'Subject required' });
    w.outboxItems.value = { 'call:tab1-1': callItem({ status: 'waiting-person', person: null, personProblem: 'several' }) };
    expect(w.fate()).toEqual({ kind: 'pick' });
    w.outboxItems.value = { 'call:tab1-1': callItem({ status: 'waiting-person', person: null, personProblem: 'unresolved' }) };
    expect(w.fate()).toEqual({ kind: 'queued', reason: null });
    // Held for unusual volume (over its tab's write budget): whatever its status, it waits for the user.
    w.outboxItems.value = { 'call:tab1-1': callItem({ held: { reason: 'volume', at: 2 } }) };
    expect(w.fate()).toEqual({ kind: 'held' });
  });

  it('finds the call under the key the background answered with, or by this tab\'s reading once Dialpad\'s id renamed it', () => {
    const w = world();
    w.ended();
    // Another tab reported the call first: the background files this report under that tab's key.
    w.strip.heard('tab1-1', { ok: true, logged: true, key: 'call:tab2-7', status: 'pending' });
    w.outboxItems.value = { 'call:tab2-7': callItem({ key: 'call:tab2-7', callId: 'tab2-7', call: { ...callItem().call!, callId: 'tab2-7', startedAt: 1_000_800 } }) };
    expect(w.fate()).toEqual({ kind: 'logging', name: 'Ben Carter' });
    w.outboxItems.value = {};
    w.logged.value = { 'tab2-7': { taskId: '00T000000000003AAA', whoId: BEN_ID, whoName: 'Ben Carter', at: 2, call: { ...callItem().call!, callId: 'tab2-7', startedAt: 1_000_800 } } };
    expect(w.fate()).toMatchObject({ kind: 'logged', taskUrl: 'https://acme.my.salesforce.com/lightning/r/Task/00T000000000003AAA/view' });
    // Its history row gave it Dialpad's id before it was written: the record keeps this tab's start.
    w.logged.value = { '5012345678901234': { taskId: '00T000000000002AAA', whoId: BEN_ID, whoName: 'Ben Carter', at: 2, call: { ...callItem().call!, callId: '5012345678901234' } } };
    w.strip.heard('tab1-1', { ok: true, logged: true, key: 'call:tab1-1', status: 'pending' });
    expect(w.fate()).toMatchObject({ kind: 'logged', taskUrl: 'https://acme.my.salesforce.com/lightning/r/Task/00T000000000002AAA/view' });
  });

  it('never takes an earlier call with the same number for this one', () => {
    const w = world();
    // A second call a moment later, as a test's frozen clock makes it.
    w.ended({ localId: 'tab1-2', startedAt: 1_000_000 + 1_500 });
    w.logged.value = { 'tab1-1': { taskId: '00T000000000001AAA', whoId: BEN_ID, whoName: 'Ben Carter', at: 2, call: callItem().call! } };
    w.outboxItems.value = { 'call:tab1-1': callItem() };
    expect(w.fate()).toEqual({ kind: 'logging', name: 'Ben Carter' });
    expect(w.strip.view.value?.fate).not.toMatchObject({ kind: 'logged' });
  });

  it('says why a call was not logged, from the background\'s answer when it was reported', () => {
    const w = world();
    w.ended();
    w.strip.heard('tab1-1', { ok: true, logged: false, reason: 'auto-logging-off' });
    expect(w.fate()).toEqual({ kind: 'auto-off' });
    w.strip.heard('tab1-1', { ok: true, logged: false, reason: 'not-connected' });
    expect(w.fate()).toEqual({ kind: 'not-connected' });
    w.strip.heard('tab1-1', { ok: true, logged: false, reason: 'internal' });
    expect(w.fate()).toEqual({ kind: 'internal' });
  });

  it('before the answer: a call nobody answered is not logged, a missed one only when the settings say so', () => {
    const w = world();
    w.ended({ direction: 'outbound', connectedAt: undefined, durationSeconds: undefined });
    expect(w.fate()).toEqual({ kind: 'not-answered' });
    w.ended({ connectedAt: undefined, durationSeconds: undefined }, 'missed');
    expect(w.fate()).toEqual({ kind: 'missed-off' });
    w.settings.value = { ...w.settings.value, logMissedCalls: true };
    expect(w.fate()).toEqual({ kind: 'logging', name: 'Ben Carter' });
  });

  it('hides an ended call when dismissed, and shows the next call', () => {
    const w = world();
    w.ended();
    w.strip.dismiss();
    expect(w.strip.view.value).toBeNull();
    w.live({ localId: 'tab1-2', startedAt: 2_000_000 });
    expect(w.strip.view.value?.call.live).toBe(true);
    w.ended({ localId: 'tab1-2', startedAt: 2_000_000 });
    expect(w.strip.view.value).not.toBeNull();
  });
});

describe('whether a number looks like one of the company\'s own', () => {
  it('matches exact entries by their last digits, however written', () => {
    expect(looksInternal('(415) 555-0100', ['+1 415 555 0100'])).toBe(true);
    expect(looksInternal('(415) 555-0101', ['+1 415 555 0100'])).toBe(false);
  });

  it('matches prefixes in international and national spelling', () => {
    expect(looksInternal('+81 50 1234 5678', ['+8150*'])).toBe(true);
    expect(looksInternal('050-1234-5678', ['+8150*'])).toBe(true);
    expect(looksInternal('03-1234-5678', ['+8150*'])).toBe(false);
    expect(looksInternal('1042', ['10*'])).toBe(true);
    expect(looksInternal(undefined, ['10*'])).toBe(false);
  });
});

// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Finder, phoneFromText, readCall, readContact, readHistory, timerSeconds } from '../../../lib/dialpad/extract';
import { resolveSelectors } from '../../../lib/dialpad/selector-registry';
import { SELECTORS } from '../../../lib/dialpad/selectors';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/dialpad');

/** A saved view: its document and the URL it was at (first line of the file). */
function fixture(name: string, overrides: Record<string, string> = {}) {
  const text = readFileSync(path.join(FIXTURES, `${name}.html`), 'utf8');
  const url = new URL(/<!-- url: (\S+) -->/.exec(text)![1]!, 'https://dialpad.com');
  const doc = document.implementation.createHTMLDocument('fixture');
  doc.documentElement.innerHTML = text.replace(/^<!--[^\n]*\n<!doctype html>\n/, '').replace(/^<html[^>]*>|<\/html>\s*$/g, '');
  const find = new Finder(resolveSelectors(SELECTORS, overrides, doc.createDocumentFragment()));
  return { doc, url, find };
}

describe('reading saved Dialpad views', () => {
  it('contact: name, every number normalized, e-mail, company, Dialpad id; no call', () => {
    const { doc, url, find } = fixture('contact');
    expect(readContact(find, doc, url)).toEqual({
      name: 'Ben Carter',
      phones: [
        { display: '(415) 555-0100', normalized: '+14155550100', label: 'work' },
        { display: '(415) 555-0123', normalized: '+14155550123', label: 'mobile' },
      ],
      emails: ['ben.carter@northwind.example'],
      company: 'Northwind Traders',
      dialpadContactId: '5629499534213120',
      internal: false,
    });
    expect(readCall(find, doc, url)).toBeNull();
    expect(readHistory(find, doc)).toEqual([]);
  });

  it('coworker: internal, with the extension', () => {
    const { doc, url, find } = fixture('coworker');
    expect(readContact(find, doc, url)).toMatchObject({ name: 'Jordan Lee', internal: true, dialpadContactId: '6473924464345088', phones: expect.arrayContaining([{ display: 'Ext. 1042', normalized: '1042', label: 'extension' }]) });
  });

  it.each([
    ['ringing', { phase: 'ringing', direction: 'inbound', remoteName: 'Ben Carter', remoteNumber: '4155550100', internal: false }],
    ['connected', { phase: 'connected', direction: 'inbound', remoteName: 'Ben Carter', remoteNumber: '4155550100', elapsedSeconds: 95, callId: expect.stringMatching(/^\d{16}$/) }],
    ['on-hold', { phase: 'on-hold', direction: 'inbound', elapsedSeconds: 95, callId: expect.stringMatching(/^\d{16}$/) }],
    ['dialing', { phase: 'dialing', direction: 'outbound', remoteNumber: '+81312345678', callId: expect.stringMatching(/^\d{16}$/) }],
  ])('%s: the live call', (name, expected) => {
    const { doc, url, find } = fixture(name);
    expect(readCall(find, doc, url)).toMatchObject(expected);
  });

  it('a call ringing while the last call\'s view is still open does not take that call\'s id', () => {
    // Dialpad stays at /app/calls/<previous id> until the new call is answered.
    const { doc, find } = fixture('ringing');
    const reading = readCall(find, doc, new URL('https://dialpad.com/app/calls/7073625364884206'));
    expect(reading).toMatchObject({ phase: 'ringing', remoteNumber: '4155550100' });
    expect(reading).not.toHaveProperty('callId');
  });

  it('the callbox link names the live call, even on another call\'s view', () => {
    const { doc, url, find } = fixture('connected');
    const own = readCall(find, doc, url)!.callId!;
    expect(readCall(find, doc, new URL('https://dialpad.com/app/calls/7073625364884206'))?.callId).toBe(own);
  });

  it.each(['ended', 'missed', 'voicemail'])('%s: no live call', (name) => {
    const { doc, url, find } = fixture(name);
    expect(readCall(find, doc, url)).toBeNull();
  });

  it('history: ids, directions, numbers, durations, links and devices, including calls never seen live', () => {
    const { doc, find } = fixture('history');
    const entries = readHistory(find, doc);
    expect(entries.find((e) => e.callId === '5180839184416768')).toEqual({
      callId: '5180839184416768',
      direction: 'outbound',
      number: '4155550100',
      name: 'Ben Carter',
      startedAt: '2026-11-24T17:05:00.000Z',
      durationSeconds: 312,
      outcome: 'answered',
      recordingUrl: 'https://dialpad.com/recording/5180839184416768.mp3',
      device: 'Dialpad web',
      internal: false,
    });
    expect(entries.find((e) => e.callId === '4998137364004864')).toMatchObject({ direction: 'inbound', durationSeconds: 185, device: 'desk phone', outcome: 'answered' });
    expect(entries.find((e) => e.callId === '6353573409079296')).toMatchObject({ outcome: 'voicemail', voicemailUrl: 'https://dialpad.com/voicemail/6353573409079296.mp3' });
    expect(entries.find((e) => e.callId === '5763012187389952')).toMatchObject({ outcome: 'missed', durationSeconds: 0 });
    expect(entries.find((e) => e.callId === '5454853451251712')).toMatchObject({ internal: true });
    expect(new Set(entries.map((e) => e.callId)).size).toBe(entries.length);
  });

  it('counts each selector\'s lookups and matches, and a broken override falls back to the built-in', () => {
    const { doc, url, find } = fixture('connected', { callbox: 'div[[broken', callboxTitle: '.does-not-exist' });
    expect(find.selectors.callbox).toMatchObject({ source: 'built-in', rejectedOverride: { selector: 'div[[broken' } });
    expect(find.selectors.callboxTitle.source).toBe('override');
    readCall(find, doc, url);
    expect(find.stats.get('callbox')).toEqual({ lookups: 1, matches: 1 });
    expect(find.stats.get('callboxTitle')).toEqual({ lookups: 1, matches: 0 });
  });
});

describe('text as Dialpad shows it', () => {
  it('reads numbers, extensions and timers', () => {
    expect(phoneFromText('+81 3-1234-5678')).toEqual({ display: '+81 3-1234-5678', normalized: '+81312345678' });
    expect(phoneFromText('(415) 555-0100')?.normalized).toBe('4155550100');
    expect(phoneFromText('Ext. 1042')?.normalized).toBe('1042');
    expect(timerSeconds('06:01')).toBe(361);
    expect(timerSeconds('1:02:03')).toBe(3723);
    expect(timerSeconds('Calling…')).toBeUndefined();
  });
});

// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationSeconds, parseHistoryTime } from '../../../lib/dialpad/hints';
import { Finder, isNumberText, phoneFromText, readCall, readContact, readHistory, readSignals, timerSeconds } from '../../../lib/dialpad/extract';
import { resolveSelectors } from '../../../lib/dialpad/selector-registry';
import { SELECTORS } from '../../../lib/dialpad/selectors';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/dialpad');
const VARIANTS = ['2024-ja', '2024-en', '2023-ja', '2023-en'] as const;

/** A saved view: its document and the URL it was at (first line of the file). */
function fixture(variant: string, name: string, overrides: Record<string, string> = {}) {
  const text = readFileSync(path.join(FIXTURES, variant, `${name}.html`), 'utf8');
  const url = new URL(/<!-- url: (\S+) -->/.exec(text)![1]!, 'https://dialpad.com');
  const doc = document.implementation.createHTMLDocument('fixture');
  doc.documentElement.innerHTML = text.replace(/^<!--[^\n]*\n<!doctype html>\n/, '').replace(/^<html[^>]*>|<\/html>\s*$/g, '');
  const find = new Finder(resolveSelectors(SELECTORS, overrides, doc.createDocumentFragment()));
  return { doc, url, find };
}

describe.each(VARIANTS)('reading saved Dialpad views (%s)', (variant) => {
  const ja = variant.endsWith('ja');

  it('contact: name, every number normalized, e-mail, company, Dialpad id; no call', () => {
    const { doc, url, find } = fixture(variant, 'contact');
    expect(readContact(find, doc, url)).toEqual({
      name: 'Ben Carter',
      phones: [
        { display: '(415) 555-0100', normalized: '4155550100', label: 'work' },
        { display: '(415) 555-0123', normalized: '4155550123', label: 'mobile' },
      ].map((p) => ({ ...p, normalized: `+1${p.normalized}` })),
      emails: ['ben.carter@northwind.example'],
      company: 'Northwind Traders',
      dialpadContactId: '5629499534213120',
      internal: false,
    });
    expect(readCall(find, doc)).toBeNull();
    expect(readHistory(find, doc)).toEqual([]);
  });

  it('contact with an extension: the line and the extension apart', () => {
    const { doc, url, find } = fixture(variant, 'contact-extension');
    expect(readContact(find, doc, url)?.phones).toEqual([{ display: `(415) 555-0186 ${ja ? '内線' : 'ext.'} 12`, normalized: '+14155550186', extension: '12', label: 'front desk' }]);
  });

  it('coworker: internal, with the extension', () => {
    const { doc, url, find } = fixture(variant, 'coworker');
    expect(readContact(find, doc, url)).toMatchObject({ name: 'Jordan Lee', internal: true, dialpadContactId: '6473924464345088', phones: expect.arrayContaining([{ display: '1042', normalized: '1042', label: 'extension' }]) });
  });

  it.each([
    ['ringing', { phase: 'ringing', direction: 'inbound', remoteName: 'Ben Carter', remoteNumber: '4155550100', internal: false }],
    ['connected', { phase: 'connected', direction: 'inbound', remoteName: 'Ben Carter', remoteNumber: '4155550100', elapsedSeconds: 95, internal: false }],
    ['on-hold', { phase: 'on-hold', direction: 'inbound', remoteName: 'Ben Carter', elapsedSeconds: 103 }],
    ['dialing', { phase: 'dialing', direction: 'outbound', remoteName: '山田 太郎', remoteNumber: '+81312345678' }],
    ['ringing-coworker', { phase: 'ringing', direction: 'inbound', remoteName: 'Jordan Lee', remoteNumber: '4155550142', internal: true }],
    ['connected-extension', { phase: 'connected', direction: 'inbound', remoteName: 'Riverside Clinic', remoteNumber: '4155550186', remoteExtension: '12', internal: false }],
  ])('%s: the live call, with no id', (name, expected) => {
    const { doc, find } = fixture(variant, name);
    const reading = readCall(find, doc);
    expect(reading).toMatchObject(expected);
    expect(reading).not.toHaveProperty('callId');
  });

  it.each(['ended', 'missed', 'voicemail'])('%s: no live call', (name) => {
    const { doc, find } = fixture(variant, name);
    expect(readCall(find, doc)).toBeNull();
  });

  it('meeting: in the callbox, not a call', () => {
    const { doc, find } = fixture(variant, 'meeting');
    expect(readCall(find, doc)).toBeNull();
    expect(readSignals(find, doc)).toEqual({ meeting: true, passive: false, unknownBanner: false });
  });

  it('second tab: passive, no call', () => {
    const { doc, find } = fixture(variant, 'second-tab');
    expect(readCall(find, doc)).toBeNull();
    expect(readSignals(find, doc)).toMatchObject({ passive: true, meeting: false });
  });

  it('history: ids from the call-review link, directions, numbers, times and durations as text, links and devices', () => {
    const { doc, find } = fixture(variant, 'history');
    const entries = readHistory(find, doc, Date.parse('2026-11-29T12:00:00Z'));
    expect(entries.find((e) => e.callId === '5180839184416768')).toMatchObject({
      direction: 'outbound',
      number: '4155550100',
      name: 'Ben Carter',
      durationSeconds: 312,
      outcome: 'answered',
      startedAtPrecise: false,
      recordingUrl: 'https://dialpad.com/recording/5180839184416768.mp3',
      device: 'Dialpad web',
      internal: false,
    });
    expect(new Date(entries.find((e) => e.callId === '5180839184416768')!.startedAt!).getDate()).toBe(new Date('2026-11-24T17:05:00Z').getDate());
    expect(entries.find((e) => e.callId === '4998137364004864')).toMatchObject({ direction: 'inbound', durationSeconds: 185, device: 'desk phone', outcome: 'answered' });
    expect(entries.find((e) => e.callId === '6353573409079296')).toMatchObject({ outcome: 'voicemail', voicemailUrl: 'https://dialpad.com/voicemail/6353573409079296.mp3' });
    expect(entries.find((e) => e.callId === '5763012187389952')).toMatchObject({ outcome: 'missed', durationSeconds: 0 });
    expect(entries.find((e) => e.callId === '5454853451251712')).toMatchObject({ internal: true });
    // A queue call: history names it by its entry point.
    expect(entries.find((e) => e.callId === '4000000000000042')).toMatchObject({ direction: 'inbound', number: '4155550100', durationSeconds: 192, outcome: 'answered', startedAtPrecise: true });
    expect(new Set(entries.map((e) => e.callId)).size).toBe(entries.length);
  });

  it('counts each selector\'s lookups and matches, and a broken override falls back to the built-in', () => {
    const { doc, find } = fixture(variant, 'connected', { callbox: 'div[[broken', callboxTitle: '.does-not-exist' });
    expect(find.selectors.callbox).toMatchObject({ source: 'built-in', rejectedOverride: { selector: 'div[[broken' } });
    expect(find.selectors.callboxTitle.source).toBe('override');
    readCall(find, doc);
    expect(find.stats.get('callbox')).toEqual({ lookups: 1, matches: 1 });
    expect(find.stats.get('callboxTitle')).toEqual({ lookups: 1, matches: 0 });
  });
});

describe('text as Dialpad shows it, in English and Japanese', () => {
  it('reads numbers, extensions and timers', () => {
    expect(phoneFromText('+81 3-1234-5678')).toEqual({ display: '+81 3-1234-5678', normalized: '+81312345678' });
    expect(phoneFromText('(415) 555-0100')?.normalized).toBe('4155550100');
    expect(phoneFromText('Ext. 1042')?.normalized).toBe('1042');
    expect(phoneFromText('内線 1042')?.normalized).toBe('1042');
    expect(phoneFromText('＋８１ ３-１２３４-５６７８')?.normalized).toBe('+81312345678');
    expect(timerSeconds('06:01')).toBe(361);
    expect(timerSeconds('1:02:03')).toBe(3723);
    expect(timerSeconds('Calling…')).toBeUndefined();
    expect(timerSeconds('発信中…')).toBeUndefined();
  });

  it('reads durations and times of history rows', () => {
    expect(durationSeconds('Incoming call • 3m 12s')).toBe(192);
    expect(durationSeconds('着信 • 3分12秒')).toBe(192);
    expect(durationSeconds('発信 • 1時間2分3秒')).toBe(3723);
    expect(durationSeconds('Outgoing call • 45s')).toBe(45);
    expect(durationSeconds('Incoming call • 1:43')).toBe(103);
    expect(durationSeconds('Missed call')).toBeUndefined();
    const now = new Date(2026, 10, 29, 18, 0).getTime();
    expect(parseHistoryTime('Today 3:45 pm', now)).toEqual({ at: new Date(2026, 10, 29, 15, 45).getTime(), precise: true });
    expect(parseHistoryTime('今日 15:45', now)).toEqual({ at: new Date(2026, 10, 29, 15, 45).getTime(), precise: true });
    expect(parseHistoryTime('Yesterday 12:05 am', now)).toEqual({ at: new Date(2026, 10, 28, 0, 5).getTime(), precise: true });
    expect(parseHistoryTime('昨日 9:02', now)).toEqual({ at: new Date(2026, 10, 28, 9, 2).getTime(), precise: true });
    expect(parseHistoryTime('Jun 3', now)).toEqual({ at: new Date(2026, 5, 3).getTime(), precise: false });
    expect(parseHistoryTime('6月3日', now)).toEqual({ at: new Date(2026, 5, 3).getTime(), precise: false });
    expect(parseHistoryTime('Dec 30', new Date(2027, 0, 2).getTime())?.at).toBe(new Date(2026, 11, 30).getTime());
    expect(parseHistoryTime('soon', now)).toBeNull();
  });
});

describe('a name with digits never lends them to the number', () => {
  /** The connected view with the banner's caller text and the callbox's bottom line rewritten. */
  function connected(variant: string, caller: string, bottom: string | null) {
    const { doc, find } = fixture(variant, 'connected');
    const callerText = doc.querySelector('.dp-banner__caller')!;
    callerText.textContent = `${variant.endsWith('ja') ? '発信者番号' : 'Caller ID'}: ${caller}`;
    const slot = find.one(find.one(doc, 'callbox')!, 'callboxNumber')!;
    if (bottom === null) slot.remove();
    else slot.textContent = bottom;
    return readCall(find, doc);
  }

  it.each(VARIANTS)('the banner: a digit group before "(" or "+" is the name\'s (%s)', (variant) => {
    expect(connected(variant, 'Studio 54 (415) 555-0100', null)).toMatchObject({ remoteName: 'Studio 54', remoteNumber: '4155550100' });
    expect(connected(variant, 'Gate 3 +81 3-1234-5678', null)).toMatchObject({ remoteName: 'Gate 3', remoteNumber: '+81312345678' });
  });

  it.each(VARIANTS)('the number shown on its own line wins over digits the banner glued to it (%s)', (variant) => {
    expect(connected(variant, 'Team 7 415-555-0100', '(415) 555-0100')).toMatchObject({ remoteNumber: '4155550100' });
    // A country code is the number's own: kept.
    expect(connected(variant, 'Ben Carter +1 415-555-0100', '(415) 555-0100')).toMatchObject({ remoteNumber: '+14155550100' });
  });

  it('only a number is a number: names with a letter here and there are names', () => {
    for (const number of ['(415) 555-0100', '+81 3-1234-5678', '０３−１２３４−５６７８', 'Ext. 1042', '内線 1042', '(415) 555-0186 ext. 12', '03-1234-5678 内線 12'])
      expect(isNumberText(number), number).toBe(true);
    for (const name of ['R2D2', 'Studio 54', 'A1 Plumbing 24', '第2営業部', '3M', 'Unknown']) expect(isNumberText(name), name).toBe(false);
  });
});

describe('links read from the call history (#17)', () => {
  it("resolves a relative link against the page, and keeps only https links on Dialpad's hosts", () => {
    const { doc, find } = fixture('2024-en', 'history');
    const base = doc.createElement('base');
    base.href = 'https://dialpad.com/app/history/all';
    doc.head.prepend(base);
    const callId = '5180839184416768';
    const link = doc.querySelector('a[data-qa="call-recording-link"]')!;
    const recordingAs = (href: string) => {
      link.setAttribute('href', href);
      return readHistory(find, doc).find((entry) => entry.callId === callId)?.recordingUrl;
    };
    expect(recordingAs('https://dialpad.com/recording/5180839184416768.mp3')).toBe('https://dialpad.com/recording/5180839184416768.mp3');
    expect(recordingAs('../../recording/relative.mp3')).toBe('https://dialpad.com/recording/relative.mp3');
    for (const bad of ['javascript:alert(document.cookie)', 'data:text/html,<script>1</script>', 'http://dialpad.com/recording/1.mp3', 'https://dialpad.com.evil.example/r.mp3', '//evil.example/r.mp3']) {
      expect(recordingAs(bad), bad).toBeUndefined();
    }
  });
});

// @vitest-environment happy-dom
/**
 * The diagnostics an admin sends must hold nothing personal: run the real reader over saved Dialpad
 * views full of names, numbers and addresses (contact, calls, history, in both generations and
 * languages), build the report as the options page does, and look for every one of them in it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDiagnosticsReport, type StoredReaderDiagnostics } from '../../../lib/dialpad/diagnostics-report';
import { createDomReader } from '../../../lib/dialpad/reader';
import { loadSeedFile, DEFAULT_SEED_PATH } from '../../../standin/server';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/dialpad');
const VIEWS = ['contact', 'contact-extension', 'coworker', 'ringing', 'connected', 'on-hold', 'ended', 'dialing', 'ringing-coworker', 'connected-extension', 'missed', 'meeting', 'history'];

function show(variant: string, name: string): void {
  const text = readFileSync(path.join(FIXTURES, variant, `${name}.html`), 'utf8');
  const url = /<!-- url: (\S+) -->/.exec(text)![1]!;
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`https://dialpad.com${url}`);
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(text)![1]!;
  document.body.innerHTML = body;
  document.documentElement.lang = variant.endsWith('ja') ? 'ja' : 'en';
}

describe.each(['2024-ja', '2023-en'])('the diagnostics report (%s)', (variant) => {
  it('holds the shapes, templates, timelines and counters, and no name, number, address or Salesforce data', async () => {
    let clock = Date.now();
    const reader = createDomReader({ doc: document, now: () => (clock += 1000), tabId: 'diag' });
    const stop = reader.start(() => undefined);
    for (const view of VIEWS) {
      show(variant, view);
      reader.flush();
    }
    stop();
    const stored: StoredReaderDiagnostics = { at: new Date().toISOString(), path: location.pathname, ...reader.diagnostics() };
    // A Salesforce id in the store must not leak either (the report takes only what it names).
    const seen = { 'diag-1': { source: 'live' as const, key: 'diag-1', direction: 'inbound' as const, number: '+14155550100', startedAt: clock, internal: false, historyId: '5111111111111111', at: clock } };
    const report = buildDiagnosticsReport({ reader: stored, seen, extensionVersion: '0.1.0', now: clock, waitMs: 120_000 });
    const json = JSON.stringify(report);

    expect(report.generation).toBe(variant.slice(0, 4));
    expect(report.language?.page).toBe(variant.slice(5));
    expect(report.paths).toEqual(expect.arrayContaining(['/app/contacts/:id', '/app/coworkers/:id', '/app/history/all']));
    expect(Object.keys(report.skeletons).sort()).toEqual(['banner', 'callbox', 'contact', 'historyRow']);
    expect(json).toContain('dt-recipe-callbox');
    expect(report.calls.length).toBeGreaterThan(2);
    expect(report.calls[0]!.phases.map((p) => p.state)).toEqual(['ringing', 'connected', 'on-hold', 'ended']);
    expect(report.counters).toMatchObject({ meetings: 1, callsWithoutId: expect.any(Number) });
    expect(report.selectors.find((s) => s.name === 'callbox')!.matches).toBeGreaterThan(0);

    const seed = await loadSeedFile(DEFAULT_SEED_PATH);
    const people = [...seed.contacts, ...seed.coworkers];
    const secrets = [
      ...people.flatMap((p) => [p.name, ...p.name.split(/\s+/).filter((part) => part.length > 2)]),
      ...people.flatMap((p) => p.phones.map((phone) => phone.number.replace(/\D/g, '').slice(-7))),
      ...people.flatMap((p) => ('email' in p && p.email ? [p.email, p.email.split('@')[1]!] : [])),
      ...seed.contacts.flatMap((c) => (c.company ? [c.company] : [])),
      ...people.map((p) => p.id),
      '555-01', '5550100', '1234-5678', 'Riverside', 'Northwind', 'Carter', '山田', 'Jordan', '5111111111111111',
    ];
    for (const secret of secrets) expect(json, secret).not.toContain(secret);
    // No run of digits that could be a phone number or an id; timestamps are ISO strings.
    expect(json.replace(/"\d{4}-\d{2}-\d{2}T[\d:.]+Z"/g, '""').match(/\d{5,}/g) ?? []).toEqual([]);
    expect(json).not.toMatch(/\b00[35QT][A-Za-z0-9]{12}/);
  });
});

describe('the guided test call', () => {
  const reader = (phases: string[], key = 'tab-1', startedAt = 10_000): StoredReaderDiagnostics =>
    ({ at: '', path: '/app', calls: [{ key, startedAt, idFromPage: false, phases: phases.map((state, i) => ({ state, atMs: i * 1000 })) }] }) as unknown as StoredReaderDiagnostics;

  it('shows each phase as it is seen, pending until the call ends, then ✗ for what never came', async () => {
    const { testCallChecklist } = await import('../../../lib/dialpad/diagnostics-report');
    const status = (r: StoredReaderDiagnostics | null, seen = {}, now = 20_000) => testCallChecklist(r, seen, 9_000, now, 120_000).steps.map((s) => `${s.step}:${s.status}`);
    expect(testCallChecklist(null, {}, 9_000, 20_000, 120_000).found).toBe(false);
    expect(status(reader(['ringing', 'connected']))).toEqual(['ringing:ok', 'connected:ok', 'on-hold:pending', 'ended:pending', 'id:pending']);
    expect(status(reader(['ringing', 'connected', 'ended']))).toEqual(['ringing:ok', 'connected:ok', 'on-hold:missing', 'ended:ok', 'id:pending']);
    const matched = { 'tab-1': { source: 'live', key: 'tab-1', direction: 'inbound', number: null, startedAt: 10_000, internal: false, historyId: '5', at: 0 } };
    expect(status(reader(['ringing', 'connected', 'on-hold', 'connected', 'ended']), matched)).toEqual(['ringing:ok', 'connected:ok', 'on-hold:ok', 'ended:ok', 'id:ok']);
    expect(status(reader(['dialing', 'connected', 'ended']), {}, 10 * 60_000)).toEqual(['ringing:ok', 'connected:ok', 'on-hold:missing', 'ended:ok', 'id:missing']);
    // A call from before the test started is not the test call.
    expect(testCallChecklist(reader(['ringing'], 'old', 1_000), {}, 9_000, 20_000, 120_000).found).toBe(false);
  });
});

describe('a call the selectors miss', () => {
  it('keeps the shape around the hang-up icon for the admin, with no text', () => {
    const reader = createDomReader({ doc: document, overrides: { callbox: '.nothing-matches', banner: '.nothing-matches', incomingCard: '.nothing-matches' }, tabId: 'miss' });
    const stop = reader.start(() => undefined);
    show('2024-ja', 'connected');
    reader.flush();
    stop();
    const diagnostics = reader.diagnostics();
    expect(diagnostics.health.missing).toContain('call');
    const around = JSON.stringify(diagnostics.skeletons.aroundHangUp);
    expect(around).toContain('dt-recipe-callbox');
    expect(around).not.toMatch(/Ben|Carter|555/);
  });
});

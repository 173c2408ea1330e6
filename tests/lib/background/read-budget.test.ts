import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { admitRead, MAX_TAB_WAIT_MS, reserveRead, SLOW_READ_INTERVAL_MS, TAB_BURST, TAB_REFILL_MS } from '../../../lib/background/read-budget';
import { saveNote } from '../../../lib/calllog/intake';
import { clearOutbox } from '../../../lib/calllog/outbox';
import { apiUsage, readPause, recordAnswer, recordLimitExceeded } from '../../../lib/salesforce/api-usage';
import { signInApi } from '../../support/salesforce-session';

let running: RunningEmulator;
beforeAll(async () => {
  running = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await running?.close();
});
beforeEach(() => {
  fakeBrowser.reset();
  running.emulator.control.reset();
});

const refused = (promise: Promise<unknown>) => promise.then(() => null, (error: { errorCode?: string }) => error.errorCode ?? 'thrown');

describe('the read budget of a Dialpad page (#17)', () => {
  it('lets a tab make a burst of reads at once, then makes reads wait their turn, and refuses a page that asks faster than that; other tabs keep theirs', async () => {
    const now = 1_000_000;
    for (let i = 0; i < TAB_BURST; i++) expect(await reserveRead('TAB-1', now)).toBe(0);
    // Over the burst: each read waits one refill longer than the one before, up to the longest wait.
    const turns = MAX_TAB_WAIT_MS / TAB_REFILL_MS;
    const waits: number[] = [];
    for (let i = 0; i < turns; i++) waits.push(await reserveRead('TAB-1', now));
    expect(waits).toEqual(Array.from({ length: turns }, (_, i) => (i + 1) * TAB_REFILL_MS));
    expect(await refused(reserveRead('TAB-1', now))).toBe('TAB_RATE');
    expect(await reserveRead('TAB-2', now)).toBe(0);
    // The bucket refills with time: a person's pace (one new person, two reads, every two seconds) never waits.
    const later = now + (TAB_BURST + 10) * TAB_REFILL_MS;
    for (let s = 0; s < 600; s += 2) {
      expect(await reserveRead('TAB-1', later + s * 1000)).toBe(0);
      expect(await reserveRead('TAB-1', later + s * 1000 + 300)).toBe(0);
    }
  });

  it('sends no read that the page no longer wants, before or after its wait', async () => {
    expect(await refused(admitRead('TAB-1', () => false))).toBe('READ_SUPERSEDED');
    let wanted = true;
    const start = Date.now();
    for (let i = 0; i < TAB_BURST; i++) await reserveRead('TAB-1', start);
    const waiting = refused(admitRead('TAB-1', () => wanted));
    wanted = false;
    expect(await waiting).toBe('READ_SUPERSEDED');
    expect(await refused(admitRead('TAB-2'))).toBeNull();
  });

  it('sends no read after Salesforce refused one for the org\'s limit, until an answer shows room again', async () => {
    await recordLimitExceeded(1_000);
    expect(await refused(reserveRead('DOC-1', 2_000))).toBe('READS_PAUSED');
    expect(await refused(reserveRead(null, 2_000))).toBe('READS_PAUSED');
    // A write the outbox sent meanwhile came back with room (the 24-hour window rolled on).
    await recordAnswer({ used: 10, limit: 15_000 }, 3_000);
    expect(await readPause(3_000)).toBeNull();
    expect(await refused(reserveRead('DOC-3', 3_000))).toBeNull();
  });

  it('above 90% of the allowance, lets writes go first and reads only twice a minute', async () => {
    const now = 5_000_000;
    await recordAnswer({ used: 13_600, limit: 15_000 }, now);
    await saveNote({ person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben' }, subject: 'Call back', note: null, callId: null }, now - 1);
    expect(await refused(reserveRead('DOC-1', now))).toBe('WRITES_FIRST');
    await clearOutbox();
    expect(await refused(reserveRead('DOC-1', now))).toBeNull();
    expect(await refused(reserveRead('DOC-2', now + 1_000))).toBe('SLOW_READS');
    expect(await refused(reserveRead('DOC-2', now + SLOW_READ_INTERVAL_MS))).toBeNull();
  });

  it('keeps the org\'s API use from each answer, and pauses reads when Salesforce refuses for the limit', async () => {
    const api = await signInApi(running);
    running.emulator.control.setApiUsage({ used: 1_234, max: 15_000 });
    await api.query('SELECT Id FROM Contact LIMIT 1');
    expect(await apiUsage()).toMatchObject({ used: 1_235, max: 15_000 });
    running.emulator.control.setApiUsage({ exhaust: true });
    await expect(api.query('SELECT Id FROM Contact LIMIT 1')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(await readPause()).not.toBeNull();
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { admitRead, SLOW_READ_INTERVAL_MS, TAB_BURST, TAB_REFILL_MS } from '../../../lib/background/read-budget';
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
  it('lets a tab make a burst of reads, then one per few seconds; other tabs keep theirs', async () => {
    const now = 1_000_000;
    for (let i = 0; i < TAB_BURST; i++) await admitRead('DOC-1', now);
    expect(await refused(admitRead('DOC-1', now))).toBe('TAB_RATE');
    expect(await refused(admitRead('DOC-2', now))).toBeNull();
    expect(await refused(admitRead('DOC-1', now + TAB_REFILL_MS))).toBeNull();
    expect(await refused(admitRead('DOC-1', now + TAB_REFILL_MS))).toBe('TAB_RATE');
  });

  it('sends no read after Salesforce refused one for the org\'s limit, until an answer shows room again', async () => {
    await recordLimitExceeded(1_000);
    expect(await refused(admitRead('DOC-1', 2_000))).toBe('READS_PAUSED');
    expect(await refused(admitRead(null, 2_000))).toBe('READS_PAUSED');
    // A write the outbox sent meanwhile came back with room (the 24-hour window rolled on).
    await recordAnswer({ used: 10, limit: 15_000 }, 3_000);
    expect(await readPause(3_000)).toBeNull();
    expect(await refused(admitRead('DOC-3', 3_000))).toBeNull();
  });

  it('above 90% of the allowance, lets writes go first and reads only twice a minute', async () => {
    const now = 5_000_000;
    await recordAnswer({ used: 13_600, limit: 15_000 }, now);
    await saveNote({ person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben' }, subject: 'Call back', note: null, callId: null }, now - 1);
    expect(await refused(admitRead('DOC-1', now))).toBe('WRITES_FIRST');
    await clearOutbox();
    expect(await refused(admitRead('DOC-1', now))).toBeNull();
    expect(await refused(admitRead('DOC-2', now + 1_000))).toBe('SLOW_READS');
    expect(await refused(admitRead('DOC-2', now + SLOW_READ_INTERVAL_MS))).toBeNull();
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

import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../../../lib/calllog/drain';
import { saveNote } from '../../../lib/calllog/intake';
import { clearOutbox, loggedCalls, readOutbox, stampOrg, withOutbox } from '../../../lib/calllog/outbox';
import { useDemoOrg } from '../../support/demo-org';

const org = useDemoOrg({ readFacts: false });

const ben = { type: 'Contact' as const, id: '003000000000001AAA', name: 'Ben Carter' };
const settings = (orgId: string) => ({ orgId, subjectTemplate: '', language: 'en' as const });

describe('queued writes and the org they are for (#17)', () => {
  it('never sends a write queued for one org to another, and says why', async () => {
    const { key } = await saveNote({ person: ben, subject: 'For the first org', note: null, callId: null });
    await stampOrg(key, '00D000000000001AAA');
    const mark = org.running.emulator.control.mark();
    const result = await drainOutbox(org.api, settings('00D000000000002AAA'));
    expect(result.sent).toEqual([]);
    expect(org.running.emulator.control.requestsSince(mark).requests).toEqual([]);
    expect((await readOutbox())[key]).toMatchObject({ status: 'waiting-reconnect', lastError: { code: 'OTHER_ORG' } });
  });

  it('erases queued writes and the memory of logged calls on disconnect', async () => {
    await saveNote({ person: ben, subject: 'Waiting', note: null, callId: null });
    await withOutbox((_items, logged) => {
      logged['5012345678901234'] = { taskId: '00T000000000001AAA', whoId: ben.id, at: Date.now() };
    });
    await clearOutbox();
    expect(await readOutbox()).toEqual({});
    expect(await loggedCalls()).toEqual({});
  });
});

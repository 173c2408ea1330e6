/**
 * Issue 17: what a Dialpad page can make the background ask Salesforce. The same question asked
 * again while its answer is on the way waits for it; a read whose page moved on sends nothing
 * more. Against the emulator's demo org, counting the requests in its log.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_FACTS } from '../../../emulator/seed/demo-records';
import { createMatchingHandlers } from '../../../lib/background/matching-handlers';
import { backgroundDeps } from '../../../lib/background/router';
import { takeWrite, TAB_WRITE_BURST } from '../../../lib/background/write-budget';
import type { RequestContext } from '../../../lib/messaging/contract';
import type { PersonRef } from '../../../lib/messaging/matching-messages';
import { useDemoOrg } from '../../support/demo-org';

const org = useDemoOrg();

const handlers = () => createMatchingHandlers({ ...backgroundDeps(), salesforce: async () => org.api, matchingSettings: async () => ({ region: 'US', objects: ['Contact', 'Lead'] }) });
const requests = (mark: number) => org.running.emulator.control.requestsSince(mark).requests.filter((r) => r.path.startsWith('/services/data/'));
const tab = (document: string): RequestContext => ({ document, tab: `tab-${document}` });
const nobody: PersonRef = { dialpadContactId: null, phones: ['+1 415-555-0142'] };
const ben: PersonRef = { dialpadContactId: null, phones: [DEMO_FACTS.benCarter.dialpadNumber] };

describe('reads a Dialpad page causes (#17)', () => {
  it('asks about an unmatched number once, however many times it is asked, at once or one after another', async () => {
    const matching = handlers();
    const mark = org.running.emulator.control.mark();
    const asked = Array.from({ length: 100 }, (_, i) => matching.matchPerson({ type: 'matchPerson', person: nobody, mode: 'fresh' }, tab(`DOC-${i % 3}`)));
    const replies = await Promise.all(asked);
    expect(replies.every((reply) => reply.ok && reply.outcome?.kind === 'none')).toBe(true);
    for (let i = 0; i < 100; i++) await matching.matchPerson({ type: 'matchPerson', person: nobody, mode: 'fresh' }, tab('DOC-1'));
    expect(requests(mark).map((r) => `${r.method} ${r.path.replace(/^\/services\/data\/v[\d.]+/, '')}`)).toEqual(['GET /search']);
  });

  it('sends no card query for a person the page moved away from while their search was on the way', async () => {
    const matching = handlers();
    const mark = org.running.emulator.control.mark();
    const held = org.running.emulator.control.holdNextAnswer({ method: 'GET', path: /\/search$/ });
    const forBen = matching.matchPerson({ type: 'matchPerson', person: ben, mode: 'fresh' }, tab('DOC-1'));
    await held.reached;
    // The page shows someone else: the sidebar asks for the cached answer first, as it does at every change.
    await matching.matchPerson({ type: 'matchPerson', person: nobody, mode: 'cached' }, tab('DOC-1'));
    held.release();
    expect(await forBen).toMatchObject({ ok: false, error: { code: 'rate-limited', reason: 'READ_SUPERSEDED' } });
    expect(requests(mark)).toHaveLength(1);
    // Another tab's change does not cancel it; Ben's card is read when his page still shows him.
    const again = matching.matchPerson({ type: 'matchPerson', person: ben, mode: 'fresh' }, tab('DOC-1'));
    await matching.matchPerson({ type: 'matchPerson', person: nobody, mode: 'cached' }, tab('DOC-2'));
    expect(await again).toMatchObject({ ok: true, outcome: { kind: 'matched', card: { name: DEMO_FACTS.benCarter.name } } });
  });

  it('creates a person only within the tab\'s write budget: over it, says why and writes nothing', async () => {
    for (let i = 0; i < TAB_WRITE_BURST; i++) await takeWrite('tab-flood');
    const mark = org.running.emulator.control.mark();
    const record = { type: 'Contact' as const, firstName: 'Flora', lastName: 'Flood' };
    expect(await handlers().createPerson({ type: 'createPerson', person: nobody, record }, tab('flood'))).toMatchObject({ ok: false, error: { code: 'rate-limited', reason: 'TAB_WRITES' } });
    expect(requests(mark)).toEqual([]);
    expect(await handlers().createPerson({ type: 'createPerson', person: nobody, record }, tab('calm'))).toMatchObject({ ok: true, outcome: { kind: 'matched' } });
  });
});

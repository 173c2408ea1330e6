/**
 * The background's end of the sidebar port (#17, #18): only our content script in a Dialpad page
 * may open one, every message is checked against the contract, and whatever it sends is recorded
 * as served to that document first.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { MatchingService } from '../../../lib/background/matching-handlers';
import { wasServed } from '../../../lib/background/served-ids';
import { createSidebarHub, type SidebarPort } from '../../../lib/background/sidebar-ports';
import type { Card } from '../../../lib/messaging/matching-messages';
import type { PortPush } from '../../../lib/messaging/sidebar-port';

beforeEach(() => fakeBrowser.reset());

const card = { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter', nextSteps: [], pastActivity: [] } as unknown as Card;
const keys = { exact: 'c1|tel:+14155550100', shared: '*|tel:+14155550100' };

function fakePort(name = 'sfsd-sidebar') {
  const pushed: PortPush[] = [];
  let deliver: (message: unknown) => void = () => undefined;
  let disconnected = false;
  const port: SidebarPort = {
    name,
    postMessage: (message) => pushed.push(message as PortPush),
    disconnect: () => {
      disconnected = true;
    },
    onMessage: { addListener: (listener) => (deliver = listener) },
    onDisconnect: { addListener: () => undefined },
  };
  return { port, pushed, send: (message: unknown) => deliver(message), disconnected: () => disconnected };
}

/** Matching that answers every view with Ben, cached then who then fresh. */
const matching: MatchingService = {
  handlers: {} as MatchingService['handlers'],
  async view(request, _context, answers) {
    if (!request.person) return;
    if (request.cached) answers.cached({ ok: true, outcome: null, fromCache: false, storedAt: null, keys });
    if (request.fresh) {
      answers.who(keys, { ...card, partial: true });
      answers.fresh({ ok: true, outcome: { kind: 'matched', card, candidates: [], picked: false }, fromCache: false, storedAt: 1, keys });
    }
  },
};

const dialpad = { kind: 'dialpad' as const, document: 'doc-1', tab: 'tab-1' };

describe('the sidebar port', () => {
  it('is closed at once for anyone but our content script in a Dialpad page, or under another name', () => {
    const hub = createSidebarHub(matching);
    const fromPage = fakePort();
    hub.accept(fromPage.port, { kind: 'extension-page' });
    const stranger = fakePort();
    hub.accept(stranger.port, null);
    const renamed = fakePort('other');
    hub.accept(renamed.port, dialpad);
    expect([fromPage.disconnected(), stranger.disconnected(), renamed.disconnected()]).toEqual([true, true, true]);
    hub.stop();
  });

  it('refuses a message that is not the contract, and answers a view in order: cached, who, fresh, each id served first', async () => {
    const hub = createSidebarHub(matching);
    const page = fakePort();
    hub.accept(page.port, dialpad);
    page.send({ type: 'view', seq: 1, person: { phones: ['+14155550100'], evil: true }, cached: true, fresh: true });
    page.send({ type: 'pickRecord', recordId: card.id });
    await expect.poll(() => page.pushed.filter((push) => push.type === 'refused')).toHaveLength(2);
    expect(await wasServed('doc-1', [card.id])).toBe(false);

    page.send({ type: 'view', seq: 2, person: { phones: ['+14155550100'], dialpadContactId: 'c1' }, cached: true, fresh: true });
    await expect.poll(() => page.pushed.filter((push) => push.type !== 'refused').map((push) => (push.type === 'match' ? `${push.phase}:${push.seq}` : `${push.type}:${'seq' in push ? push.seq : ''}`))).toEqual(['cached:2', 'who:2', 'fresh:2']);
    expect(await wasServed('doc-1', [card.id])).toBe(true);
    expect(await wasServed('doc-2', [card.id])).toBe(false);
    hub.stop();
  });
});

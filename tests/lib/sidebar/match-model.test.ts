import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { sendRequest } from '../../../lib/messaging/client';
import type { Reply } from '../../../lib/messaging/contract';
import type { Card, PersonRef, ServedMatch } from '../../../lib/messaging/matching-messages';
import { createMatchModel, SETTLE_MS } from '../../../lib/sidebar/match-model';
import { publishWho } from '../../../lib/matching/match-store';

const card = (name: string): Card => ({
  type: 'Contact',
  id: '003000000000001AAA',
  name,
  owner: null,
  title: null,
  company: null,
  stage: null,
  email: null,
  phones: [],
  nextSteps: [],
  pastActivity: [],
  opportunities: [], cases: [], contacts: [], sections: { opportunities: false, cases: false, contacts: false },
  recordUrl: 'https://example.my.salesforce.com/lightning/r/Contact/003000000000001AAA/view',
  activityUrl: 'https://example.my.salesforce.com/lightning/r/Contact/003000000000001AAA/related/ActivityHistories/view',
});
const keys = { exact: 'c1|tel:+14155550100', shared: '*|tel:+14155550100' };
const matched = (name: string, fromCache: boolean): Reply<ServedMatch> => ({
  ok: true,
  outcome: { kind: 'matched', card: card(name), candidates: [], picked: false },
  fromCache,
  storedAt: 1,
  keys,
});
const nothing: Reply<ServedMatch> = { ok: true, outcome: null, fromCache: false, storedAt: null, keys };

/** The background's side of the runtime messages, answered by the test in its own order. */
function scriptedBackground() {
  const pending: Array<{ request: unknown; resolve: (reply: Reply<ServedMatch>) => void }> = [];
  fakeBrowser.runtime.onMessage.addListener((request: unknown) => new Promise<Reply<ServedMatch>>((resolve) => pending.push({ request, resolve })));
  const next = async () => {
    for (let i = 0; i < 20 && pending.length === 0; i++) await Promise.resolve();
    const item = pending.shift();
    if (!item) throw new Error('no request was sent');
    return item;
  };
  return { send: sendRequest, next, pending };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.useRealTimers());

const ben: PersonRef = { phones: ['+14155550100'], dialpadContactId: 'c1' };
const yamada: PersonRef = { phones: ['03-1234-5678'], dialpadContactId: 'c2' };

describe('the match model', () => {
  it('paints the cached outcome first, marked as refreshing, then the fresh one', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send);
    const done = model.setPerson(ben);
    expect(model.view.value.state).toBe('loading');
    const cached = await background.next();
    expect(cached.request).toEqual({ type: 'matchPerson', person: ben, mode: 'cached' });
    cached.resolve(matched('Ben (cached)', true));
    const fresh = await background.next();
    expect(fresh.request).toMatchObject({ mode: 'fresh' });
    expect(model.view.value).toMatchObject({ state: 'matched', refreshing: true, card: { name: 'Ben (cached)' } });
    fresh.resolve(matched('Ben Carter', false));
    await done;
    expect(model.view.value).toMatchObject({ state: 'matched', refreshing: false, card: { name: 'Ben Carter' } });
  });

  it('paints a person shown before at once, from memory, before asking the background; forgets on disconnect', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send, { settleMs: 0 });
    const answer = async (name: string) => {
      (await background.next()).resolve(matched(name, true));
      (await background.next()).resolve(matched(name, false));
    };
    let done = model.setPerson(ben);
    await answer('Ben Carter');
    await done;
    done = model.setPerson(yamada);
    await answer('山田 太郎');
    await done;
    done = model.setPerson(ben);
    // Synchronously: no reply has come back yet.
    expect(model.view.value).toMatchObject({ state: 'matched', refreshing: true, card: { name: 'Ben Carter' } });
    await answer('Ben Carter (updated)');
    await done;
    expect(model.view.value).toMatchObject({ state: 'matched', refreshing: false, card: { name: 'Ben Carter (updated)' } });
    // Disconnected: nobody is matched and nothing is remembered.
    model.follow(signal(false), signal(yamada))();
    expect(model.view.value.state).toBe('idle');
    void model.setPerson(yamada);
    expect(model.view.value.state).toBe('loading');
  });

  it('drops replies for a person who is no longer in view', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send, { settleMs: 0 });
    const first = model.setPerson(ben);
    const benCached = await background.next();
    const second = model.setPerson(yamada);
    const yamadaCached = await background.next();
    yamadaCached.resolve(nothing);
    benCached.resolve(matched('Ben Carter', true));
    const yamadaFresh = await background.next();
    yamadaFresh.resolve(matched('山田 太郎', false));
    await Promise.all([first, second]);
    expect(background.pending).toEqual([]);
    expect(model.view.value).toMatchObject({ state: 'matched', card: { name: '山田 太郎' } });
  });

  it('keeps the cached card and reports the error when the refresh fails', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send);
    const done = model.setPerson(ben);
    (await background.next()).resolve(matched('Ben Carter', true));
    (await background.next()).resolve({ ok: false, error: { code: 'offline', message: 'Salesforce cannot be reached.' } });
    await done;
    expect(model.view.value).toMatchObject({ state: 'matched', refreshing: false });
    expect(model.actionError.value).toEqual({ code: 'offline', message: 'Salesforce cannot be reached.' });
  });

  it('shows the error with nothing cached, and retries on demand', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send);
    const done = model.setPerson(ben);
    (await background.next()).resolve(nothing);
    (await background.next()).resolve({ ok: false, error: { code: 'not-connected', message: 'Connect first.' } });
    await done;
    expect(model.view.value).toEqual({ state: 'error', error: { code: 'not-connected', message: 'Connect first.' } });
    const retried = model.retry();
    (await background.next()).resolve(nothing);
    (await background.next()).resolve(matched('Ben Carter', false));
    await retried;
    expect(model.view.value.state).toBe('matched');
  });
});

describe('repainting from the cache', () => {
  it('shows the card the background patched in matching\'s cache, from the change itself: no request', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send);
    const stop = model.follow(signal(true), signal(ben));
    (await background.next()).resolve(matched('Ben Carter', true));
    (await background.next()).resolve(matched('Ben Carter', false));
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', refreshing: false, card: { name: 'Ben Carter' } });
    const written = { ...card('Ben Carter'), pastActivity: [{ id: '00T000000000001AAA', subject: 'Quote', dueDate: null, status: 'Completed', assignedTo: null, callType: 'Inbound', durationSeconds: 42, description: null }] };
    await storage.setItem('local:matching.cache', { entries: { [keys.shared]: { outcome: { kind: 'matched', card: written, candidates: [], picked: false }, storedAt: 2 } }, alias: {} });
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', card: { pastActivity: [{ subject: 'Quote' }] } });
    expect(background.pending).toEqual([]);
    stop();
  });

  it('asks Salesforce once a page that keeps rewriting the contact view is quiet, not at every rewrite (#17)', async () => {
    vi.useFakeTimers();
    const fresh: unknown[] = [];
    const model = createMatchModel(async (request) => {
      if ((request as { mode?: string }).mode === 'fresh') fresh.push((request as { person: PersonRef }).person);
      return nothing as never;
    });
    // 300 rewrites in 2 s, flickering between the contact and nobody.
    for (let i = 0; i < 300; i++) {
      void model.setPerson(i % 2 ? null : ben);
      await vi.advanceTimersByTimeAsync(2_000 / 300);
    }
    void model.setPerson(ben);
    await vi.advanceTimersByTimeAsync(SETTLE_MS * 2);
    expect(fresh).toEqual([ben, ben]);
    // A switch after a quiet moment asks at once.
    void model.setPerson(yamada);
    await vi.advanceTimersByTimeAsync(0);
    expect(fresh).toEqual([ben, ben, yamada]);
  });
});

describe('the progressive card (#18)', () => {
  const who = (name: string) => ({ ...card(name), title: 'VP Sales', company: 'Northwind Traders', partial: true });

  it('paints who it is while the first look-up reads the card, then the whole card', async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send);
    const stop = model.follow(signal(true), signal(ben));
    (await background.next()).resolve(nothing);
    const fresh = await background.next();
    expect(model.view.value.state).toBe('loading');
    await publishWho(keys, who('Ben Carter'));
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', refreshing: true, card: { partial: true, company: 'Northwind Traders' } });
    fresh.resolve(matched('Ben Carter', false));
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', refreshing: false, card: { name: 'Ben Carter' } });
    expect((model.view.value as { card: Card }).card.partial).toBeUndefined();
    stop();
  });

  it("never paints another person's", async () => {
    const background = scriptedBackground();
    const model = createMatchModel(background.send);
    const stop = model.follow(signal(true), signal(ben));
    (await background.next()).resolve(nothing);
    await background.next();
    await publishWho({ exact: 'c2|tel:+81312345678', shared: '*|tel:+81312345678' }, who('山田 太郎'));
    await Promise.resolve();
    expect(model.view.value.state).toBe('loading');
    stop();
  });

  it('never paints over a card already shown', async () => {
    const again = scriptedBackground();
    const shown = createMatchModel(again.send);
    const stopShown = shown.follow(signal(true), signal(yamada));
    (await again.next()).resolve(matched('Ben (cached)', true));
    await again.next();
    await publishWho(keys, who('Someone else'));
    await Promise.resolve();
    expect(shown.view.value).toMatchObject({ state: 'matched', card: { name: 'Ben (cached)' } });
    stopShown();
  });
});

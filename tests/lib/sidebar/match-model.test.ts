import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { sendRequest } from '../../../lib/messaging/client';
import type { Reply } from '../../../lib/messaging/contract';
import type { Card, PersonRef, ServedMatch } from '../../../lib/messaging/matching-messages';
import { createMatchModel, SETTLE_MS } from '../../../lib/sidebar/match-model';
import { createSidebarChannel, type PagePort } from '../../../lib/sidebar/background-port';
import type { PortPush, PortRequest } from '../../../lib/messaging/sidebar-port';

/** The background's end of the sidebar port, answered by the test: what the page posted, and pushes. */
function scriptedPort() {
  const posted: PortRequest[] = [];
  let deliver: (message: unknown) => void = () => undefined;
  const port: PagePort = {
    postMessage: (message) => posted.push(message as PortRequest),
    disconnect: () => undefined,
    onMessage: { addListener: (listener) => (deliver = listener) },
    onDisconnect: { addListener: () => undefined },
  };
  const channel = createSidebarChannel(() => port);
  const lastView = () => posted.filter((request) => request.type === 'view').at(-1)!;
  return { channel, posted, lastView, push: (push: PortPush) => deliver(push) };
}

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

describe('repainting from what the background pushes', () => {
  it('shows the card the background patched in, from the push itself: no request', async () => {
    const background = scriptedPort();
    const model = createMatchModel(sendRequest, { channel: background.channel });
    const stop = model.follow(signal(true), signal(ben));
    await expect.poll(() => background.posted).toHaveLength(1);
    // One view asks both: the cached answer at once, the fresh one after.
    expect(background.lastView()).toMatchObject({ type: 'view', person: ben, cached: true, fresh: true });
    const seq = background.lastView().seq;
    background.push({ type: 'match', seq, phase: 'cached', reply: matched('Ben Carter', true) });
    background.push({ type: 'match', seq, phase: 'fresh', reply: matched('Ben Carter', false) });
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', refreshing: false, card: { name: 'Ben Carter' } });
    const written = { ...card('Ben Carter'), pastActivity: [{ id: '00T000000000001AAA', subject: 'Quote', dueDate: null, status: 'Completed', assignedTo: null, callType: 'Inbound', durationSeconds: 42, description: null }] };
    background.push({ type: 'repaint', served: { outcome: { kind: 'matched', card: written, candidates: [], picked: false }, fromCache: true, storedAt: 2, keys } });
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', card: { pastActivity: [{ subject: 'Quote' }] } });
    // Another person's repaint is not this page's.
    background.push({ type: 'repaint', served: { outcome: { kind: 'matched', card: card('Someone else'), candidates: [], picked: false }, fromCache: true, storedAt: 3, keys: { exact: 'c9|tel:+1', shared: '*|tel:+1' } } });
    await Promise.resolve();
    expect(model.view.value).toMatchObject({ card: { name: 'Ben Carter' } });
    expect(background.posted).toHaveLength(1);
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
    const background = scriptedPort();
    const model = createMatchModel(sendRequest, { channel: background.channel });
    const stop = model.follow(signal(true), signal(ben));
    await expect.poll(() => background.posted).toHaveLength(1);
    const { seq } = background.lastView();
    background.push({ type: 'match', seq, phase: 'cached', reply: nothing });
    await Promise.resolve();
    expect(model.view.value.state).toBe('loading');
    background.push({ type: 'who', seq, keys, card: who('Ben Carter') });
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', refreshing: true, card: { partial: true, company: 'Northwind Traders' } });
    background.push({ type: 'match', seq, phase: 'fresh', reply: matched('Ben Carter', false) });
    await expect.poll(() => model.view.value).toMatchObject({ state: 'matched', refreshing: false, card: { name: 'Ben Carter' } });
    expect((model.view.value as { card: Card }).card.partial).toBeUndefined();
    stop();
  });

  it("never paints the who of a view no longer current", async () => {
    const background = scriptedPort();
    const model = createMatchModel(sendRequest, { channel: background.channel, settleMs: 0 });
    const person = signal<PersonRef | null>(ben);
    const stop = model.follow(signal(true), person);
    await expect.poll(() => background.posted).toHaveLength(1);
    const first = background.lastView().seq;
    person.value = yamada;
    await expect.poll(() => background.posted.length).toBeGreaterThan(1);
    const second = background.lastView().seq;
    background.push({ type: 'match', seq: second, phase: 'cached', reply: nothing });
    background.push({ type: 'who', seq: first, keys, card: who('Ben Carter') });
    await Promise.resolve();
    expect(model.view.value.state).toBe('loading');
    stop();
  });

  it('never paints over a card already shown', async () => {
    const background = scriptedPort();
    const shown = createMatchModel(sendRequest, { channel: background.channel });
    const stopShown = shown.follow(signal(true), signal(yamada));
    await expect.poll(() => background.posted).toHaveLength(1);
    const { seq } = background.lastView();
    background.push({ type: 'match', seq, phase: 'cached', reply: matched('Ben (cached)', true) });
    await expect.poll(() => shown.view.value).toMatchObject({ state: 'matched' });
    background.push({ type: 'who', seq, keys, card: who('Someone else') });
    await Promise.resolve();
    expect(shown.view.value).toMatchObject({ state: 'matched', card: { name: 'Ben (cached)' } });
    stopShown();
  });
});

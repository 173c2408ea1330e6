// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { changesWatchedParts, createDomReader, observationPlan } from '../../../lib/dialpad/reader';

const WATCHED = '[data-qa="contact-detail"], .d-recipe-callbox, [data-qa="banner-info"]';

type Parts = Record<'badge' | 'activity' | 'slot' | 'timer' | 'view' | 'name', Element>;

/** The changes `mutate` makes to a small Dialpad-like page, as a MutationObserver reports them. */
function recordsOf(mutate: (parts: Parts) => void): MutationRecord[] {
  document.body.innerHTML = `
    <nav class="dp-leftbar">
      <span class="dp-leftbar__badge">3</span>
      <ul class="dp-leftbar__activity"><li>Jordan Lee is available</li></ul>
      <div class="callbox-slot"><div class="d-recipe-callbox"><span class="d-recipe-callbox__subtitle">00:41</span></div></div>
    </nav>
    <main class="view"><section data-qa="contact-detail"><h1>Ben Carter</h1></section></main>`;
  const q = (selector: string) => document.querySelector(selector)!;
  const parts: Parts = { badge: q('.dp-leftbar__badge'), activity: q('.dp-leftbar__activity'), slot: q('.callbox-slot'), timer: q('.d-recipe-callbox__subtitle'), view: q('main.view'), name: q('h1') };
  const observer = new MutationObserver(() => undefined);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  mutate(parts);
  const records = observer.takeRecords();
  observer.disconnect();
  return records;
}

describe('which page changes the reader reads', () => {
  it('ignores churn outside what it reads: unread counts, the activity feed', () => {
    const records = recordsOf(({ badge, activity }) => {
      for (let i = 0; i < 50; i++) {
        badge.textContent = String(i);
        const li = document.createElement('li');
        li.textContent = `Ben Carter called ${i}`;
        activity.prepend(li);
        activity.lastElementChild!.remove();
      }
    });
    expect(records.length).toBeGreaterThan(100);
    expect(changesWatchedParts(records, WATCHED)).toBe(false);
  });

  it.each([
    ['the call timer ticks', ({ timer }: Parts) => void (timer.firstChild!.textContent = '00:42')],
    ['the timer text is replaced', ({ timer }: Parts) => void (timer.textContent = '00:42')],
    ['the callbox goes away (hang-up)', ({ slot }: Parts) => void (slot.innerHTML = '')],
    ['a callbox appears', ({ slot }: Parts) => void (slot.innerHTML = '<div><div class="d-recipe-callbox">Calling…</div></div>')],
    ['the contact view is replaced', ({ view }: Parts) => void (view.innerHTML = '<p>History</p>')],
    ['the name in view changes', ({ name }: Parts) => void (name.textContent = '山田 太郎')],
  ])('reads when %s', (_, mutate) => {
    expect(changesWatchedParts(recordsOf(mutate), WATCHED)).toBe(true);
  });

  it('remembers what lies outside, and still sees a watched part added there', () => {
    const outside = new WeakSet<Element>();
    const churn = recordsOf(({ badge }) => void (badge.textContent = '4'));
    expect(changesWatchedParts(churn, WATCHED, outside)).toBe(false);
    expect(outside.has(document.querySelector('.dp-leftbar__badge')!)).toBe(true);
    // The same badge (remembered as outside) now holds a callbox.
    const records = recordsOf(({ badge }) => void (badge.innerHTML = '<div class="d-recipe-callbox">00:01</div>'));
    const badge = document.querySelector('.dp-leftbar__badge')!;
    outside.add(badge);
    expect(changesWatchedParts(records, WATCHED, outside)).toBe(true);
  });

  it('says yes when it cannot tell (a broken selector)', () => {
    const records = recordsOf(({ badge }) => void (badge.textContent = '9'));
    expect(changesWatchedParts(records, 'div[[')).toBe(true);
  });
});

describe('what the reader observes (#18)', () => {
  const OTHERS = '[data-qa="contact-detail"], [data-qa="banner-info"]';
  const page = (leftBar: string) => {
    document.body.innerHTML = `<div id="app">${leftBar}<div class="main"><div class="banner-slot"></div><main class="view"><section data-qa="contact-detail"><h1>Ben Carter</h1></section></main></div></div>`;
    return { root: document.getElementById('app')!, nav: document.querySelector('nav'), q: (s: string) => document.querySelector(s)! };
  };
  const observedIn = (plan: ReturnType<typeof observationPlan>, element: Element) =>
    plan.targets.some(([node, init]) => node === element || (init.subtree === true && node.contains(element)));

  it('observes the app outside the left bar, and in the left bar only the callbox slot', () => {
    const { root, nav, q } = page(`<nav><span class="badge">3</span><ul class="activity"><li>x</li></ul><div class="slot"><div class="d-recipe-callbox">00:41</div></div></nav>`);
    const plan = observationPlan(root, nav, q('.d-recipe-callbox'), OTHERS);
    expect(plan.narrow).toBe(true);
    expect(observedIn(plan, q('.badge'))).toBe(false);
    expect(observedIn(plan, q('.activity li'))).toBe(false);
    expect(observedIn(plan, q('.d-recipe-callbox'))).toBe(true);
    expect(plan.slot).toBe(q('.slot'));
    expect(observedIn(plan, q('h1'))).toBe(true);
    expect(observedIn(plan, q('.banner-slot'))).toBe(true);
    // The frame: a new child of the app or of the left bar is seen, and plans again.
    expect(plan.frame.has(root)).toBe(true);
    expect(plan.frame.has(nav!)).toBe(true);
  });

  it('observes the whole app when there is no left bar, or when the match holds a read region', () => {
    const none = page('');
    expect(observationPlan(none.root, null, null, OTHERS)).toMatchObject({ narrow: false, targets: [[none.root, expect.objectContaining({ subtree: true })]] });
    document.body.innerHTML = `<div id="app"><nav><section data-qa="contact-detail"></section></nav></div>`;
    const wrong = observationPlan(document.getElementById('app')!, document.querySelector('nav'), null, OTHERS);
    expect(wrong.narrow).toBe(false);
  });

  it('follows a call that starts after it began watching, and never reads for the left bar churning', async () => {
    document.documentElement.lang = 'en';
    page(`<nav><span class="badge">3</span><div class="slot"></div></nav>`);
    const reader = createDomReader({ doc: document, tabId: 't' });
    const events: string[] = [];
    const stop = reader.start((event) => events.push(event.type === 'call' ? `call:${event.state}` : event.type));
    reader.flush();
    const before = reader.diagnostics();
    expect(before.observed.narrow).toBe(true);
    const flushes = before.flushes;
    // Churn in the left bar: no reading at all.
    for (let i = 0; i < 20; i++) document.querySelector('.badge')!.textContent = String(i);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reader.diagnostics().flushes).toBe(flushes);
    // A call: the banner above the app and the callbox in the left bar's slot.
    document.querySelector('.banner-slot')!.innerHTML = `<div data-qa="banner-info"><svg data-name="Phone Outgoing"></svg><div data-qa="banner-info--middle">On call</div></div>`;
    document.querySelector('.slot')!.innerHTML = `<div data-qa="dt-recipe-callbox"><span data-qa="dt-recipe-callbox__title">+1 415-555-0100</span><span data-qa="dt-recipe-callbox__subtitle-wrapper">00:01</span><svg data-name="Phone Hang Up"></svg></div>`;
    await new Promise((resolve) => setTimeout(resolve, 0));
    reader.flush();
    expect(events.some((event) => event.startsWith('call:'))).toBe(true);
    const after = reader.diagnostics().observed;
    expect(after.plans).toBeGreaterThan(before.observed.plans);
    expect(after.narrow).toBe(true);
    stop();
  });
});

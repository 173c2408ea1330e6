// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { changesWatchedParts, classifyRecords, createDomReader, observationPlan, type ObservationPlan } from '../../../lib/dialpad/reader';

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
  const REGIONS = `${OTHERS}, .d-recipe-callbox, [data-qa="dt-recipe-callbox"], [data-qa="incoming-call"]`;
  const page = (leftBar: string) => {
    document.body.innerHTML = `<div id="app">${leftBar}<div class="main"><div class="banner-slot"></div><main class="view"><section data-qa="contact-detail"><h1>Ben Carter</h1></section></main></div></div>`;
    return { root: document.getElementById('app')!, nav: document.querySelector('nav'), q: (s: string) => document.querySelector(s)! };
  };
  const observedIn = (plan: ReturnType<typeof observationPlan>, element: Element) =>
    plan.targets.some(([node, init]) => node === element || (init.subtree === true && node.contains(element)));

  it('observes the app outside the left bar, and in the left bar only the callbox slot', () => {
    const { root, nav, q } = page(`<nav><span class="badge">3</span><ul class="activity"><li>x</li></ul><div class="slot"><div class="d-recipe-callbox">00:41</div></div></nav>`);
    const plan = observationPlan(root, nav, q('.d-recipe-callbox'), OTHERS, REGIONS);
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
    expect(observationPlan(none.root, null, null, OTHERS, REGIONS)).toMatchObject({ narrow: false, targets: [[none.root, expect.objectContaining({ subtree: true })]] });
    document.body.innerHTML = `<div id="app"><nav><section data-qa="contact-detail"></section></nav></div>`;
    const wrong = observationPlan(document.getElementById('app')!, document.querySelector('nav'), null, OTHERS, REGIONS);
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

  /** The main column as the stand-in draws it, with a live feed beside the contact view (churn of the main view). */
  const mainColumn = () => {
    document.body.innerHTML = `<div id="app"><nav><span class="badge">3</span><div class="slot"></div></nav><div class="main">
      <div class="banner-slot"></div>
      <header class="topbar"><input type="search"><form><input type="tel"><button>Call</button></form></header>
      <div class="incoming-slot"></div>
      <section class="feed"><span class="unread">0</span><ul class="feed-list"><li><span>Jordan Lee is typing</span> <time>now</time></li></ul></section>
      <main class="view"><div class="wrap"><section data-qa="contact-detail"><h1>Ben Carter</h1><a href="tel:+14155550100">(415) 555-0100</a></section><aside class="recent"><ul><li>Called</li></ul></aside></div></main>
    </div></div>`;
    const q = (s: string) => document.querySelector(s)!;
    return { root: q('#app'), nav: q('nav'), q };
  };
  /** The records a real observer gives for `mutate` under `plan`. */
  const recordsUnder = (plan: ObservationPlan, mutate: () => void) => {
    const observer = new MutationObserver(() => undefined);
    for (const [node, init] of plan.targets) observer.observe(node, init);
    mutate();
    const records = observer.takeRecords();
    observer.disconnect();
    return records;
  };

  it('observes beside the left bar only the read regions and the way to them: a live feed beside the contact view creates no record', () => {
    const { root, nav, q } = mainColumn();
    const plan = observationPlan(root, nav, null, OTHERS, REGIONS);
    expect(plan).toMatchObject({ narrow: true, mainWhole: false });
    expect(observedIn(plan, q('h1'))).toBe(true);
    for (const part of ['.feed-list li', '.unread', '.topbar input', '.recent li']) expect(observedIn(plan, q(part))).toBe(false);
    const records = recordsUnder(plan, () => {
      for (let i = 0; i < 30; i++) {
        const li = document.createElement('li');
        li.innerHTML = `<span>Ben Carter sent a message ${i}</span> <time>now</time>`;
        q('.feed-list').prepend(li);
        q('.feed-list').lastElementChild!.remove();
        q('.unread').textContent = String(i);
        q('.feed-list time').textContent = `${i}m`;
        q('.recent ul').append(document.createElement('li'));
      }
    });
    expect(records).toHaveLength(0);
    // The contact view itself is read: a change there is.
    const named = recordsUnder(plan, () => void (q('h1').textContent = '山田 太郎'));
    expect(classifyRecords(named, plan, REGIONS, REGIONS, new WeakSet())).toEqual({ read: true, replan: false });
  });

  it.each([
    ['a banner appears in its empty slot', (q: (s: string) => Element) => void (q('.banner-slot').innerHTML = '<div data-qa="banner-info"><div data-qa="banner-info--middle">Ringing...</div></div>')],
    ['a ringing card appears in its slot', (q: (s: string) => Element) => void (q('.incoming-slot').innerHTML = '<div data-qa="incoming-call"><p>+1 415-555-0100</p></div>')],
    ['a region appears as a new child of the column', (q: (s: string) => Element) => void q('.main').prepend(Object.assign(document.createElement('div'), { innerHTML: '<div data-qa="banner-info"></div>' }))],
    ['the contact view is replaced (in-app navigation)', (q: (s: string) => Element) => void (q('.wrap').innerHTML = '<table><tr class="inbox-aff-row"><td>x</td></tr></table>')],
    ['the contact view goes away', (q: (s: string) => Element) => void q('[data-qa="contact-detail"]').remove()],
  ])('reads and plans again when %s', (_, mutate) => {
    const { root, nav, q } = mainColumn();
    const plan = observationPlan(root, nav, null, OTHERS, REGIONS);
    const records = recordsUnder(plan, () => mutate(q));
    expect(classifyRecords(records, plan, REGIONS, REGIONS, new WeakSet())).toEqual({ read: true, replan: true });
  });

  it('neither reads nor plans for a toolbar or a feed that gains rows without a read region', () => {
    const { root, nav, q } = mainColumn();
    const plan = observationPlan(root, nav, null, OTHERS, REGIONS);
    const records = recordsUnder(plan, () => {
      q('.topbar').append(document.createElement('button'));
      q('.feed').append(Object.assign(document.createElement('ul'), { innerHTML: '<li>x</li>' }));
    });
    expect(records.length).toBeGreaterThan(0);
    expect(classifyRecords(records, plan, REGIONS, REGIONS, new WeakSet())).toEqual({ read: false, replan: false });
  });

  it('observes the parts beside the left bar whole while the route needs a region not found, filtered as before', () => {
    const { root, nav, q } = mainColumn();
    q('[data-qa="contact-detail"]').remove();
    const plan = observationPlan(root, nav, null, OTHERS, REGIONS, true);
    expect(plan).toMatchObject({ narrow: true, mainWhole: true });
    expect(observedIn(plan, q('.feed-list li'))).toBe(true);
    expect(observedIn(plan, q('.badge'))).toBe(false);
    const churn = recordsUnder(plan, () => void (q('.unread').textContent = '7'));
    expect(classifyRecords(churn, plan, REGIONS, REGIONS, new WeakSet())).toEqual({ read: false, replan: false });
    const shown = recordsUnder(plan, () => void (q('.recent').innerHTML = '<section data-qa="contact-detail"><h1>Ben</h1></section>'));
    expect(classifyRecords(shown, plan, REGIONS, REGIONS, new WeakSet()).read).toBe(true);
  });

  it('on a contact route, watches the main column whole until the contact view shows, then only the view', async () => {
    document.documentElement.lang = 'en';
    const { q } = mainColumn();
    const view = q('.wrap');
    view.innerHTML = '<p class="loading">…</p>';
    window.history.pushState({}, '', '/app/contacts/c1');
    const reader = createDomReader({ doc: document, tabId: 't' });
    const contacts: unknown[] = [];
    const stop = reader.start((event) => event.type === 'contact' && contacts.push(event.contact));
    reader.flush();
    expect(reader.diagnostics().observed).toMatchObject({ narrow: true, mainWhole: true });
    // The view renders two levels below a part that held no region: only the fallback sees it.
    view.querySelector('.loading')!.innerHTML = '<section data-qa="contact-detail"><div data-qa="contact-info-header">Ben Carter</div><a href="tel:+14155550100">(415) 555-0100</a></section>';
    await new Promise((resolve) => setTimeout(resolve, 0));
    reader.flush();
    expect(contacts.at(-1)).toMatchObject({ name: 'Ben Carter' });
    expect(reader.diagnostics().observed).toMatchObject({ narrow: true, mainWhole: false });
    const flushes = reader.diagnostics().flushes;
    q('.unread').textContent = '12';
    q('.feed-list').prepend(document.createElement('li'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reader.diagnostics().flushes).toBe(flushes);
    stop();
    window.history.pushState({}, '', '/');
  });
});

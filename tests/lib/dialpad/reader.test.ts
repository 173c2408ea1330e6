// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { changesWatchedParts } from '../../../lib/dialpad/reader';

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

import { describe, expect, it } from 'vitest';
import { createTypeahead, TYPING_PAUSE_MS } from '../../../lib/sidebar/typeahead';

/** A typeahead on a clock the test moves. */
function harness() {
  const searched: string[] = [];
  let now = 0;
  let timers: Array<{ at: number; run: () => void; id: number }> = [];
  let serial = 0;
  const typeahead = createTypeahead({
    search: (text) => searched.push(text),
    setTimer: (run, ms) => {
      const id = ++serial;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimer: (id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
  });
  const wait = (ms: number) => {
    now += ms;
    const due = timers.filter((timer) => timer.at <= now);
    timers = timers.filter((timer) => timer.at > now);
    for (const timer of due) timer.run();
  };
  return { typeahead, searched, wait };
}

describe('the search as the user types (#19)', () => {
  it('searches once the typing pauses: one search per pause, none for what the next pause replaces', () => {
    const { typeahead, searched, wait } = harness();
    for (const text of ['B', 'Be', 'Ben', 'Ben ', 'Ben C', 'Ben Ca']) {
      typeahead.input(text);
      wait(120);
    }
    expect(searched).toEqual([]);
    wait(TYPING_PAUSE_MS);
    expect(searched).toEqual(['Ben Ca']);
    // The same text again (a key typed and deleted) asks nothing; a new pause with new text asks once.
    typeahead.input('Ben Car');
    typeahead.input('Ben Ca');
    wait(TYPING_PAUSE_MS);
    typeahead.input('Ben Carter');
    wait(TYPING_PAUSE_MS * 3);
    expect(searched).toEqual(['Ben Ca', 'Ben Carter']);
  });

  it('never searches a single letter, searches at once on Enter (again even for the same text), and forgets what was pending when closed', () => {
    const { typeahead, searched, wait } = harness();
    typeahead.input('B');
    wait(TYPING_PAUSE_MS);
    typeahead.submit(' B ');
    expect(searched).toEqual([]);
    typeahead.input('山田');
    typeahead.submit('山田');
    wait(TYPING_PAUSE_MS);
    typeahead.submit('山田');
    expect(searched).toEqual(['山田', '山田']);
    typeahead.input('Bluefin');
    typeahead.cancel();
    wait(TYPING_PAUSE_MS);
    expect(searched).toEqual(['山田', '山田']);
  });
});

/**
 * The manual search as the user types (#19): Salesforce is asked once the typing pauses, at most
 * once per pause, and a search the next pause supersedes is never sent (its answer, if one is on
 * the way, is dropped by the match model). Enter searches at once. The background's read budget
 * (#17) still admits each request.
 */

/** A pause this long in typing is a question to Salesforce. */
export const TYPING_PAUSE_MS = 400;
/** SOSL needs two characters; one letter is no search. */
export const MIN_QUERY = 2;

export interface Typeahead {
  /** What the box holds now; searched when the typing pauses. */
  input(text: string): void;
  /** Enter: search what the box holds now. */
  submit(text: string): void;
  /** The box closed: nothing pending is sent. */
  cancel(): void;
}

export interface TypeaheadDeps {
  search(text: string): void;
  pauseMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function createTypeahead({ search, pauseMs = TYPING_PAUSE_MS, setTimer = setTimeout, clearTimer = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>) }: TypeaheadDeps): Typeahead {
  let timer: unknown = null;
  let last: string | null = null;
  const cancel = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  const send = (text: string) => {
    cancel();
    const query = text.trim();
    if ([...query].length < MIN_QUERY || query === last) return;
    last = query;
    search(query);
  };
  return {
    input(text) {
      cancel();
      if ([...text.trim()].length < MIN_QUERY) return;
      timer = setTimer(() => send(text), pauseMs);
    },
    submit(text) {
      // Enter asks again even for the same text (the user wants a fresh answer).
      last = null;
      send(text);
    },
    cancel() {
      cancel();
      last = null;
    },
  };
}

import type { CallEvent, CallRecord, DialpadContact, HistoryEntry } from './types';

export interface ReaderHealth {
  ok: boolean;
  /** What the page should show but the selectors could not find: 'contact', 'call', 'history', 'reader'. */
  missing: string[];
  /** Dialpad says another tab is the active one: this tab reports no call and no history. */
  passive?: boolean;
}

export type ReaderEvent =
  | { type: 'contact'; contact: DialpadContact | null }
  | CallEvent
  /** The live call learned something (its id, the other party's name, the timer) without changing state. */
  | { type: 'progress'; call: CallRecord }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'health'; health: ReaderHealth };

/**
 * A source of what happens in Dialpad. The DOM reader (reader.ts) is one; Dialpad's own call
 * events API could be another, feeding the same events, without the sidebar changing.
 */
export interface CallSource {
  /** Starts reporting; returns the function that stops it and releases everything it holds. */
  start(onEvent: (event: ReaderEvent) => void): () => void;
}

/** The test build's record of what the reader reported, for end-to-end tests (reader events only, never Salesforce data). */
export function recordEvents(source: CallSource, doc: Document): CallSource {
  const log: unknown[] = [];
  return {
    start: (onEvent) =>
      source.start((event) => {
        log.push(event.type === 'call' ? { type: 'call', state: event.state, previous: event.previous, call: event.call } : event);
        doc.documentElement.dataset.sfsdEvents = JSON.stringify(log);
        onEvent(event);
      }),
  };
}

/**
 * The one JSON an admin sends when the sidebar misreads Dialpad ("Dialpad diagnostics" on the
 * options page): what the reader saw, with nothing personal in it. It holds the page's language,
 * the Dialtone generation detected, URL path templates (ids masked), redacted skeletons of the
 * callbox, the banner, the contact view and one history row (no text, digits masked), each
 * selector's lookups and matches, per-call phase timelines and where each call's id came from,
 * and counters. Never a name, a number, an address or anything from Salesforce.
 */
import type { SeenCall } from '../calllog/outbox';
import type { Diagnostics } from './reader';
import { pathTemplate } from './skeleton';

/** What the content script stores (`readerDiagnosticsItem`): the reader's diagnostics and when. */
export type StoredReaderDiagnostics = Diagnostics & { at: string; path: string };

export interface DiagnosticsReport {
  kind: 'sfsd-dialpad-diagnostics';
  version: 1;
  extensionVersion: string;
  generatedAt: string;
  collectedAt: string | null;
  language: Diagnostics['language'] | null;
  generation: Diagnostics['generation'];
  paths: string[];
  health: Diagnostics['health'] | null;
  skeletons: Diagnostics['skeletons'];
  selectors: Array<Pick<Diagnostics['selectors'][number], 'name' | 'selector' | 'source' | 'evidence' | 'lookups' | 'matches' | 'rejectedOverride'>>;
  counters: Diagnostics['counters'] & { callsAwaitingId: number; callsLoggedWithoutId: number };
  calls: Array<{ phases: Array<{ state: string; atMs: number }>; id: 'from-page' | 'from-history' | 'waiting' | 'none' }>;
}

/** Where a call's id came from: the page (never, today), its history row, still waiting, or none (logged under its stable key). */
export function idSource(call: Diagnostics['calls'][number], seen: Record<string, SeenCall>, now: number, waitMs: number): DiagnosticsReport['calls'][number]['id'] {
  if (call.idFromPage) return 'from-page';
  const entry = seen[call.key];
  if (entry?.historyId) return 'from-history';
  const ended = call.phases.some((p) => p.state === 'ended' || p.state === 'missed' || p.state === 'voicemail');
  return ended && now - (call.startedAt + (call.phases.at(-1)?.atMs ?? 0)) < waitMs ? 'waiting' : 'none';
}

export function buildDiagnosticsReport(input: {
  reader: StoredReaderDiagnostics | null;
  seen: Record<string, SeenCall>;
  extensionVersion: string;
  now: number;
  waitMs: number;
}): DiagnosticsReport {
  const { reader, seen, now, waitMs } = input;
  const calls = (reader?.calls ?? []).map((call) => ({ phases: call.phases.map((p) => ({ state: p.state, atMs: p.atMs })), id: idSource(call, seen, now, waitMs) }));
  const base = reader?.counters ?? { meetings: 0, unknownBannerTexts: 0, historyRowsWithoutId: 0, passiveReadings: 0, callsWithoutId: 0 };
  return {
    kind: 'sfsd-dialpad-diagnostics',
    version: 1,
    extensionVersion: input.extensionVersion,
    generatedAt: new Date(now).toISOString(),
    collectedAt: reader?.at ?? null,
    language: reader?.language ?? null,
    generation: reader?.generation ?? 'unknown',
    // Templates only, even if an older build stored a raw path.
    paths: [...new Set([...(reader?.paths ?? []), ...(reader?.path ? [reader.path] : [])].map(pathTemplate))],
    health: reader?.health ?? null,
    skeletons: reader?.skeletons ?? {},
    selectors: (reader?.selectors ?? []).map(({ name, selector, source, evidence, lookups, matches, rejectedOverride }) => ({ name, selector, source, evidence, lookups, matches, ...(rejectedOverride ? { rejectedOverride } : {}) })),
    counters: {
      ...base,
      callsAwaitingId: calls.filter((c) => c.id === 'waiting').length,
      callsLoggedWithoutId: calls.filter((c) => c.id === 'none').length,
    },
    calls,
  };
}

export type TestStep = 'ringing' | 'connected' | 'on-hold' | 'ended' | 'id';
export type StepStatus = 'ok' | 'missing' | 'pending';

/**
 * The guided test call: what the reader saw of the first call that started after `since`. A phase
 * not seen is pending while the call runs and missing once it ended; the id is pending while the
 * call waits for its history row, and missing when none came.
 */
export function testCallChecklist(
  reader: StoredReaderDiagnostics | null,
  seen: Record<string, SeenCall>,
  since: number,
  now: number,
  waitMs: number,
): { found: boolean; steps: Array<{ step: TestStep; status: StepStatus }> } {
  const call = (reader?.calls ?? []).find((c) => c.startedAt >= since);
  const states = new Set(call?.phases.map((p) => p.state) ?? []);
  const ended = states.has('ended') || states.has('missed') || states.has('voicemail');
  const seenPhase = (ok: boolean): StepStatus => (ok ? 'ok' : ended ? 'missing' : 'pending');
  const id = call ? idSource(call, seen, now, waitMs) : 'waiting';
  return {
    found: call !== undefined,
    steps: [
      { step: 'ringing', status: seenPhase(states.has('ringing') || states.has('dialing')) },
      { step: 'connected', status: seenPhase(states.has('connected')) },
      { step: 'on-hold', status: seenPhase(states.has('on-hold')) },
      { step: 'ended', status: ended ? 'ok' : 'pending' },
      { step: 'id', status: id === 'from-history' || id === 'from-page' ? 'ok' : ended && id === 'none' ? 'missing' : 'pending' },
    ],
  };
}

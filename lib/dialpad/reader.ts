/**
 * The DOM call source: follows the Dialpad page (a single-page app) and reports the contact in
 * view, the call lifecycle and call-history entries as typed events. Cheap on the page: one
 * MutationObserver on the regions it reads — the app outside its left bar, and in the left bar only
 * the callbox's slot (`observationPlan`, re-planned on navigation and when the page's frame
 * changes; the whole app when no left bar is found) — that ignores changes outside the parts it
 * reads, work batched per burst of changes (a short timer, which unlike an animation frame also
 * runs in background tabs), no layout reads. It fails soft: nothing it does can throw into the page, and when the
 * expected parts cannot be found it says so (`health`).
 */
import { createCallLifecycle } from './call-lifecycle';
import type { CallSource, ReaderEvent, ReaderHealth } from './call-source';
import { Finder, readCall, readContact, readHistory, readSignals } from './extract';
import { regionSelector, resolveSelectors, type ResolvedSelector, type SelectorStats } from './selector-registry';
import { READ_REGIONS, SELECTORS, type SelectorName } from './selectors';
import { detectGeneration, pathTemplate, skeleton, type DialtoneGeneration, type SkeletonNode } from './skeleton';
import type { CallEvent, DialpadContact } from './types';

export interface DomReaderOptions {
  doc: Document;
  /** Admin overrides by selector name (policy); validated, a bad one falls back to the built-in. */
  overrides?: Record<string, string>;
  now?: () => number;
  /** Tab-unique prefix for call ids of calls whose Dialpad id is not known yet. */
  tabId?: string;
  /** Where a swallowed error goes (never the page's console in production). */
  onError?: (error: unknown) => void;
}

export interface Diagnostics {
  selectors: Array<{ name: SelectorName; selector: string; source: ResolvedSelector['source']; evidence: string; lookups: number; matches: number; rejectedOverride?: ResolvedSelector['rejectedOverride'] }>;
  health: ReaderHealth;
  flushes: number;
  /** What the observer watches (#18): only the read regions (`narrow`; `mainWhole`: the parts beside the left bar whole, as a fallback), or the whole app; how often it was planned. */
  observed: { narrow: boolean; mainWhole: boolean; targets: number; plans: number };
  errors: number;
  /** What the page showed that is not a call, or could not be placed. */
  counters: { meetings: number; unknownBannerTexts: number; historyRowsWithoutId: number; passiveReadings: number; callsWithoutId: number };
  /** Redacted shapes (no text, digits masked) of the regions last seen: see skeleton.ts. */
  skeletons: Partial<Record<'callbox' | 'banner' | 'contact' | 'historyRow' | 'aroundHangUp', SkeletonNode>>;
  /** URL path templates seen (ids masked), at most 20. */
  paths: string[];
  language: { page: string | null; browser: string | null };
  generation: DialtoneGeneration;
  /** The last calls' phases, in ms from the first reading; `key` is the call's local key (no personal data). */
  calls: Array<{ key: string; startedAt: number; idFromPage: boolean; phases: Array<{ state: string; atMs: number }> }>;
}

/**
 * Whether a batch of changes can alter anything the reader reads: a change inside a watched part
 * (`watched`: one selector list), or such a part added or removed. Dialpad's constant churn
 * elsewhere (presence, unread counts, the activity feed) then costs a few `closest()` calls per
 * change and no reading at all. When in doubt (a detached node, a selector error) it says yes.
 * `outside` remembers elements found outside every watched part (the same badges and rows change
 * again and again); the caller empties it whenever it reads the page.
 */
export function changesWatchedParts(records: readonly MutationRecord[], watched: string, outside: WeakSet<Element> = new WeakSet()): boolean {
  try {
    for (const record of records) {
      const target = record.target.nodeType === 1 ? (record.target as Element) : record.target.parentElement;
      if (!target) return true;
      if (!outside.has(target)) {
        if (target.closest(watched)) return true;
        outside.add(target);
      }
      for (const list of [record.addedNodes, record.removedNodes]) {
        for (let i = 0; i < list.length; i++) {
          const node = list[i]!;
          if (node.nodeType !== 1) continue;
          const element = node as Element;
          if (element.matches(watched) || (element.firstElementChild !== null && element.querySelector(watched))) return true;
        }
      }
    }
    return false;
  } catch {
    return true;
  }
}

const DEEP: MutationObserverInit = { subtree: true, childList: true, characterData: true };
const CHILDREN: MutationObserverInit = { childList: true };

export interface ObservationPlan {
  targets: Array<[Element, MutationObserverInit]>;
  /** Elements watched for their children that hold a region or the left bar: any change there can move a region, so plan again. */
  frame: Set<Node>;
  /**
   * Elements watched for their children only that hold nothing the reader reads (a toolbar, a live
   * feed, an empty slot): a change there matters only when it adds a read region.
   */
  shallow: Set<Node>;
  /** The callbox's slot in the left bar, when a callbox was there. */
  slot: Element | null;
  narrow: boolean;
  /** Whether the app's parts beside the left bar are observed whole (no read region found where the route needs one). */
  mainWhole: boolean;
}

/**
 * Plans one part of the app beside the left bar (#18): a read region in full; an element that holds
 * one for its children, then each child the same way; anything else for its own children only, so a
 * live feed or a toolbar churning inside it creates no record at all. `depth` 0 is a column of the
 * app: it is always looked into one level, since the call's regions (banner, ringing card, call
 * panel) appear there in slots that are empty between calls.
 */
function planPart(element: Element, regions: string, depth: number, plan: ObservationPlan): void {
  if (element.matches(regions)) {
    plan.targets.push([element, DEEP]);
    return;
  }
  plan.targets.push([element, CHILDREN]);
  if (depth > 0 && element.querySelector(regions) === null) {
    plan.shallow.add(element);
    return;
  }
  plan.frame.add(element);
  for (const child of Array.from(element.children)) planPart(child, regions, depth + 1, plan);
}

/**
 * What to observe (#18). Dialpad's left bar churns all day (presence, unread counts, the activity
 * feed) and holds only one thing the reader reads, the callbox: there, the left bar's own children
 * (a callbox slot appearing) and the callbox's slot once a callbox was seen (a call also shows the
 * top banner beside the left bar, so a call starting is seen there and the plan then takes the slot
 * in). Beside the left bar only the regions the reader reads (`regions`: the contact view, the call's
 * regions, history rows) are observed in full, and the elements on the way to them and the app's
 * columns with their slots for their children (`planPart`); with `mainWhole` (the route needs a region
 * the page does not show yet) those parts are observed whole, filtered as before. With no left bar, or
 * one that holds anything else the reader reads (`others`: a wrong match), the whole app is observed.
 */
export function observationPlan(root: Element, leftBar: Element | null, callbox: Element | null, others: string, regions: string, mainWhole = false): ObservationPlan {
  const whole: ObservationPlan = { targets: [[root, DEEP]], frame: new Set(), shallow: new Set(), slot: null, narrow: false, mainWhole: true };
  if (!leftBar || leftBar === root || !root.contains(leftBar)) return whole;
  try {
    if (leftBar.querySelector(others)) return whole;
    const plan: ObservationPlan = { targets: [[leftBar, CHILDREN]], frame: new Set([leftBar]), shallow: new Set(), slot: null, narrow: true, mainWhole };
    // From the left bar up to the root: each level for its children, the other children as planned.
    for (let child: Element = leftBar, parent = leftBar.parentElement; parent; child = parent, parent = parent.parentElement) {
      plan.targets.push([parent, CHILDREN]);
      plan.frame.add(parent);
      for (const sibling of Array.from(parent.children)) {
        if (sibling === child) continue;
        if (mainWhole) plan.targets.push([sibling, DEEP]);
        else planPart(sibling, regions, 0, plan);
      }
      if (parent === root) break;
    }
    if (callbox && leftBar.contains(callbox) && callbox.parentElement) {
      plan.slot = callbox.parentElement;
      plan.targets.push([plan.slot, DEEP]);
    }
    return plan;
  } catch {
    return whole;
  }
}

/** Whether a change adds one of the read regions (or an element holding one). */
function addsRegion(record: MutationRecord, regions: string): boolean {
  const added = record.addedNodes;
  for (let i = 0; i < added.length; i++) {
    const node = added[i]!;
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.matches(regions) || (element.firstElementChild !== null && element.querySelector(regions) !== null)) return true;
  }
  return false;
}

/**
 * What a batch of records means under a plan: `read` when it can change a reading, `replan` when the
 * page's frame changed. Under a narrow plan with nothing observed whole, every record outside the
 * frame and the shallow parts comes from a read region (or the callbox's slot), so a batch costs a
 * set look-up per record and nothing else; whole parts are filtered by `changesWatchedParts`.
 */
export function classifyRecords(records: readonly MutationRecord[], plan: ObservationPlan, regions: string, watched: string, outside: WeakSet<Element>): { read: boolean; replan: boolean } {
  let read = false;
  let replan = false;
  const filtered: MutationRecord[] = [];
  try {
    for (const record of records) {
      const target = record.target;
      if (plan.frame.has(target)) {
        read = replan = true;
      } else if (plan.shallow.has(target)) {
        if (record.addedNodes.length > 0 && addsRegion(record, regions)) read = replan = true;
      } else if (plan.mainWhole) {
        filtered.push(record);
      } else {
        read = true;
      }
      if (read && replan) return { read, replan };
    }
  } catch {
    return { read: true, replan: true };
  }
  if (!read && filtered.length > 0) read = changesWatchedParts(filtered, watched, outside);
  return { read, replan };
}

/** How long a visible tab's reading may lag behind its DOM: one reading per burst of changes. */
const BATCH_MS = 150;
/** Background tabs: timers are throttled to about a second anyway. */
const HIDDEN_TAB_DELAY_MS = 250;

export function createDomReader(options: DomReaderOptions): CallSource & { diagnostics(): Diagnostics; flush(): void } {
  const { doc } = options;
  const now = options.now ?? Date.now;
  const win = doc.defaultView!;
  const selectors = resolveSelectors(SELECTORS, options.overrides ?? {}, doc.createDocumentFragment());
  const find = new Finder(selectors);
  let serial = 0;
  const lifecycle = createCallLifecycle(() => `${options.tabId ?? 'tab'}-${++serial}`);
  const watched = regionSelector(selectors, READ_REGIONS);
  /** What a left bar must not hold: every read region but the callbox and its hang-up button. */
  const notInLeftBar = regionSelector(selectors, READ_REGIONS.filter((name) => name !== 'callbox' && name !== 'hangUp'));
  const counters: Diagnostics['counters'] = { meetings: 0, unknownBannerTexts: 0, historyRowsWithoutId: 0, passiveReadings: 0, callsWithoutId: 0 };
  const skeletons: Diagnostics['skeletons'] = {};
  const paths = new Set<string>();
  let generation: DialtoneGeneration = 'unknown';
  const calls: Diagnostics['calls'] = [];
  /** Keeps the shape of a region (cheap: only when something the reader reports changed). */
  const capture = (region: keyof Diagnostics['skeletons'], element: Element | null) => {
    if (!element) return;
    skeletons[region] = skeleton(element);
    if (generation === 'unknown') generation = detectGeneration(doc);
  };
  const track = (event: CallEvent, at: number) => {
    let entry = calls.find((c) => c.key === event.call.localId);
    if (!entry) {
      entry = { key: event.call.localId, startedAt: event.call.startedAt, idFromPage: Boolean(event.call.callId), phases: [] };
      calls.push(entry);
      if (calls.length > 10) calls.shift();
    }
    entry.phases.push({ state: event.state, atMs: Math.max(0, at - event.call.startedAt) });
    if ((event.state === 'ended' || event.state === 'missed') && !event.call.callId) counters.callsWithoutId += 1;
    capture('callbox', find.one(doc, 'callbox'));
    capture('banner', find.one(doc, 'banner'));
  };
  let inMeeting = false;
  /** Rows without an id on the page as last read (counted once each, not at every reading). */
  let droppedBefore = 0;
  let lastUnknownBanner = false;
  /** Changed elements found outside every watched part, since the last reading. */
  let outside = new WeakSet<Element>();
  let listener: ((event: ReaderEvent) => void) | null = null;
  let lastContact = '';
  let lastHealth = '';
  let lastProgress = '';
  let health: ReaderHealth = { ok: true, missing: [] };
  const seenHistory = new Set<string>();
  let scheduled = false;
  let flushes = 0;
  /** How many times the observer was (re)planned: at start, on navigation, when the frame changed. */
  let observations = 0;
  let observedNow = { narrow: false, mainWhole: true, targets: 0 };
  /** Set when a reading changed (a contact, a call, history): the regions may have moved, plan again. */
  let readingChanged = false;
  let plannedHref = win.location.href;
  /** Set by start(): re-plans what is observed after a reading. */
  let afterFlush: () => void = () => undefined;
  let errors = 0;

  const emit = (event: ReaderEvent) => {
    try {
      listener?.(event);
    } catch (error) {
      errors += 1;
      options.onError?.(error);
    }
  };

  function assess(contact: DialpadContact | null, url: URL, callSeen: boolean): ReaderHealth {
    const missing: string[] = [];
    if (/^\/app\/(contacts|coworkers)\/[^/]+/.test(url.pathname) && !contact) missing.push('contact');
    // Dialpad shows a hang-up button exactly while a call is live (third-party evidence).
    const hangUp = callSeen ? null : find.one(doc, 'hangUp');
    if (hangUp) {
      missing.push('call');
      // What surrounds it is what the selectors should have found: keep its shape for the admin.
      let around: Element = hangUp;
      for (let i = 0; i < 5 && around.parentElement && around.parentElement !== doc.body; i++) around = around.parentElement;
      if (!skeletons.aroundHangUp) capture('aroundHangUp', around);
    }
    if (/^\/app\/history/.test(url.pathname) && doc.querySelector('table, [role=table]') && find.all(doc, 'historyRow').length === 0 && find.one(doc, 'historyRow') === null) {
      missing.push('history');
    }
    return { ok: missing.length === 0, missing };
  }

  function flush(): void {
    scheduled = false;
    // What was outside the watched parts may be inside one now: look again from here on.
    outside = new WeakSet();
    flushes += 1;
    try {
      const url = new URL(win.location.href);
      if (paths.size < 20) paths.add(pathTemplate(url.pathname));
      const contact = readContact(find, doc, url);
      const key = JSON.stringify(contact);
      if (key !== lastContact) {
        lastContact = key;
        if (contact) capture('contact', find.one(doc, 'coworkerDetail') ?? find.one(doc, 'contactDetail'));
        readingChanged = true;
        emit({ type: 'contact', contact });
      }
      const signals = readSignals(find, doc);
      if (signals.meeting && !inMeeting) counters.meetings += 1;
      inMeeting = signals.meeting;
      if (signals.unknownBanner && !lastUnknownBanner) {
        counters.unknownBannerTexts += 1;
        capture('banner', find.one(doc, 'banner'));
      }
      if (signals.meeting && !inMeeting) capture('callbox', find.one(doc, 'callbox'));
      lastUnknownBanner = signals.unknownBanner;
      let snapshot = null;
      if (signals.passive) {
        // Another tab is Dialpad's active one and reports the calls: this one stays silent, and
        // forgets a call it was following (the active tab reports its end).
        counters.passiveReadings += 1;
        lifecycle.forget();
        lastProgress = '';
      } else {
        snapshot = readCall(find, doc);
        const at = now();
        const events = lifecycle.observe(snapshot, at);
        for (const event of events) {
          track(event, at);
          readingChanged = true;
          emit(event);
        }
        const current = lifecycle.current();
        const progressKey = JSON.stringify(current);
        if (current && events.length === 0 && progressKey !== lastProgress) emit({ type: 'progress', call: current });
        lastProgress = progressKey;
        const dropped = { rows: 0 };
        const entries = readHistory(find, doc, now(), dropped);
        if (dropped.rows > droppedBefore) counters.historyRowsWithoutId += dropped.rows - droppedBefore;
        droppedBefore = dropped.rows;
        const fresh = entries.filter((entry) => !seenHistory.has(entry.callId));
        if (fresh.length) {
          capture('historyRow', find.one(doc, 'historyRow'));
          for (const entry of fresh) seenHistory.add(entry.callId);
          readingChanged = true;
          emit({ type: 'history', entries: fresh });
        }
      }
      health = { ...assess(contact, url, snapshot !== null || signals.passive || signals.meeting), ...(signals.passive ? { passive: true } : {}) };
      const healthKey = JSON.stringify(health);
      if (healthKey !== lastHealth) {
        lastHealth = healthKey;
        emit({ type: 'health', health });
      }
    } catch (error) {
      errors += 1;
      options.onError?.(error);
      health = { ok: false, missing: ['reader'] };
      emit({ type: 'health', health });
    }
    try {
      afterFlush();
    } catch (error) {
      errors += 1;
      options.onError?.(error);
    }
  }

  /**
   * Coalesces every mutation of a burst into one reading. Dialpad's page changes many times a
   * second (presence, timers, unread counts); reading once per interval keeps the cost flat, and
   * a timer (unlike an animation frame) also runs in background tabs.
   */
  let lastHref = '';
  function schedule(): void {
    // The user moved to another view: read it now, the sidebar should follow at once.
    if (win.location.href !== lastHref) {
      lastHref = win.location.href;
      flush();
      return;
    }
    if (scheduled) return;
    scheduled = true;
    win.setTimeout(() => scheduled && flush(), doc.visibilityState === 'visible' ? BATCH_MS : HIDDEN_TAB_DELAY_MS);
  }

  return {
    flush,
    diagnostics: () => ({
      selectors: (Object.keys(SELECTORS) as SelectorName[]).map((name) => {
        const stats: SelectorStats = find.stats.get(name) ?? { lookups: 0, matches: 0 };
        return {
          name,
          selector: selectors[name].selector,
          source: selectors[name].source,
          evidence: SELECTORS[name].evidence,
          ...stats,
          ...(selectors[name].rejectedOverride ? { rejectedOverride: selectors[name].rejectedOverride } : {}),
        };
      }),
      health,
      flushes,
      observed: { narrow: observedNow.narrow, mainWhole: observedNow.mainWhole, targets: observedNow.targets, plans: observations },
      errors,
      counters: { ...counters },
      skeletons: structuredClone(skeletons),
      paths: [...paths],
      language: { page: doc.documentElement.getAttribute('lang'), browser: win.navigator?.language ?? null },
      generation,
      calls: structuredClone(calls),
    }),
    start(onEvent) {
      listener = onEvent;
      let plan: ObservationPlan | null = null;
      let replanDue = false;
      const observer = new win.MutationObserver((records) => onRecords(records));
      const observe = () => {
        replanDue = false;
        readingChanged = false;
        const root = find.one(doc, 'appRoot') ?? doc.body;
        // A route that shows a contact or the history before its region is found (still loading, or
        // markup the selectors miss): the parts beside the left bar are observed whole until it is.
        const path = win.location.pathname;
        const needs: SelectorName[] = /^\/app\/(contacts|coworkers)\/[^/]+/.test(path) ? ['contactDetail', 'coworkerDetail'] : /^\/app\/history/.test(path) ? ['historyRow'] : [];
        const mainWhole = needs.length > 0 && needs.every((name) => find.one(doc, name) === null);
        const next = observationPlan(root, find.one(doc, 'leftBar'), find.one(doc, 'callbox'), notInLeftBar, watched, mainWhole);
        const same = plan && next.targets.length === plan.targets.length && next.targets.every(([node, init], i) => plan!.targets[i]![0] === node && plan!.targets[i]![1] === init);
        if (same) {
          plan = next;
          return;
        }
        // Records of the old plan not yet delivered still count.
        const pending = observer.takeRecords();
        observer.disconnect();
        plan = next;
        observations += 1;
        for (const [node, init] of plan.targets) observer.observe(node, init);
        observedNow = { narrow: plan.narrow, mainWhole: plan.mainWhole, targets: plan.targets.length };
        if (pending.length) onRecords(pending);
      };
      const onRecords = (records: MutationRecord[]) => {
        if (!plan) return;
        // Nothing but set look-ups for records of the regions; a change of the page's frame (a
        // region's container came or went) plans again at the next reading.
        const { read, replan } = classifyRecords(records, plan, watched, watched, outside);
        if (replan) replanDue = true;
        if (read || replanDue || win.location.href !== lastHref) schedule();
      };
      afterFlush = () => {
        // Navigation re-finds the regions; so does a reading that changed (a region came or went),
        // and a callbox that appeared outside the planned slot.
        if (replanDue || readingChanged || win.location.href !== plannedHref || (plan?.narrow && plan.slot === null && find.one(doc, 'callbox'))) {
          plannedHref = win.location.href;
          observe();
        }
      };
      observe();
      const onNavigate = () => schedule();
      win.addEventListener('popstate', onNavigate);
      doc.addEventListener('visibilitychange', onNavigate);
      schedule();
      return () => {
        listener = null;
        afterFlush = () => undefined;
        observer.disconnect();
        win.removeEventListener('popstate', onNavigate);
        doc.removeEventListener('visibilitychange', onNavigate);
      };
    },
  };
}

/**
 * How the parts loaded after the first paint find each other (see parts.ts): each registers itself
 * under its name in the isolated world's global, and these are the shapes they register. No runtime
 * import here, so a part that imports this bundles nothing of the content script's.
 */
import type { FunctionComponent } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import type { createCallReporter, liveCallStore } from '@/lib/calllog/call-reporter';
import type { recordEvents } from '@/lib/dialpad/call-source';
import type { createDomReader } from '@/lib/dialpad/reader';
import type { pathTemplate } from '@/lib/dialpad/skeleton';
import type { Send } from '@/lib/messaging/contract';
import type { ReportAnswer } from '@/lib/sidebar/call-strip';
import type { SidebarChannel } from '@/lib/sidebar/background-port';
import type { DialpadBridge } from '@/lib/sidebar/dialpad-bridge';
import type { SidebarModel } from '@/lib/sidebar/sidebar-model';

export type PartName = 'sidebar-dialpad' | 'sidebar-ui';

export interface PartsGlobal {
  __sfsdShared?: Record<string, unknown>;
  __sfsdParts?: Partial<Record<PartName, unknown>>;
}

/** Called by a part when it runs. */
export function registerPart(name: PartName, part: unknown): void {
  ((globalThis as unknown as PartsGlobal).__sfsdParts ??= {})[name] = part;
}

/** The part that reads Dialpad's page and reports its calls (no Preact). */
export interface DialpadPart {
  createDomReader: typeof createDomReader;
  recordEvents: typeof recordEvents;
  createCallReporter: typeof createCallReporter;
  liveCallStore: typeof liveCallStore;
  pathTemplate: typeof pathTemplate;
}

/** What the content script hands the UI part. */
export interface UiShell {
  model: SidebarModel;
  bridge: DialpadBridge;
  /** The port to the background: the person in view is asked over it, changes are pushed over it. */
  channel: SidebarChannel;
  send: Send;
}

/** The sidebar's body once the UI part runs: the person, the search, the call strip, the forms. */
export interface StartedUi {
  /** Writes waiting in the outbox (the collapsed rail's badge). */
  waiting: ReadonlySignal<number>;
  /** The call strip, above the body. */
  Top: FunctionComponent;
  Body: FunctionComponent;
  /** The background's answer about a call seen live (the strip says why it was not logged). */
  heard(callId: string, reply: ReportAnswer): void;
  stop(): void;
}

export interface UiPart {
  start(shell: UiShell): StartedUi;
}

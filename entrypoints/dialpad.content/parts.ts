/**
 * The parts of the page's script loaded after the sidebar's first paint (#18 P4a). The content
 * script (a classic script) holds what the first paint needs: Preact, the signals, the frame and
 * the connection header. The rest is built as the extension's own files (`entrypoints/sidebar-*.ts`,
 * web-accessible to Dialpad's pages with a per-session URL) and imported from here: each runs in
 * the content script's isolated world (never the page's), registers itself under its name, and
 * uses the content script's Preact and signals (`shareModules`; the build points a part's imports
 * of them at `__sfsdShared`, scripts/build/shared-modules.ts), so components and signals are one.
 * A part that fails to load fails alone: the sidebar says so, the rest keeps working.
 */
import * as preact from 'preact';
import * as hooks from 'preact/hooks';
import * as jsxRuntime from 'preact/jsx-runtime';
import * as signals from '@preact/signals';
import type { PartName, PartsGlobal } from './parts-registry';

/** The modules a part shares with the content script, by import name (kept in step with scripts/build/shared-modules.ts). */
export const SHARED_MODULES = { preact, 'preact/hooks': hooks, 'preact/jsx-runtime': jsxRuntime, '@preact/signals': signals } as const;

const scope = globalThis as unknown as PartsGlobal;

/** Makes the content script's Preact and signals the ones every part uses (the isolated world's global; the page has its own). */
export function shareModules(): void {
  scope.__sfsdShared = SHARED_MODULES;
}

/** Imports a part from the extension and answers what it registered; rejects when it cannot be loaded. */
export async function loadPart<T>(name: PartName, url: (path: string) => string): Promise<T> {
  let path = `/${name}.js`;
  // The test build can be told to miss a part, to prove the sidebar copes.
  if (__E2E__ && document.documentElement.dataset.sfsdMissParts?.split(' ').includes(name)) path = `/${name}.missing.js`;
  await import(/* @vite-ignore */ url(path));
  const part = scope.__sfsdParts?.[name];
  if (!part) throw new Error(`${name} did not register`);
  return part as T;
}

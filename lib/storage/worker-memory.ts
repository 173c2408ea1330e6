/**
 * What the background keeps in its memory beside storage (#18: a view's answer reads no storage
 * before its Salesforce request): each such module registers how to forget it, so that a test can
 * start as a worker that just started (its storage empty, its memory too). A worker that stops
 * loses the memory anyway and reads storage again.
 */
const forgetters = new Set<() => void>();

/** Registers how a module forgets what it holds in memory. */
export function onForgetMemory(forget: () => void): void {
  forgetters.add(forget);
}

/** Forgets every module's memory, as a worker that starts (tests). */
export function forgetWorkerMemory(): void {
  for (const forget of forgetters) forget();
}

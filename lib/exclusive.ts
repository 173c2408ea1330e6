/**
 * Runs `run` under the lock `name`, so two events of the worker (two Dialpad tabs, an alarm and a
 * message) never interleave a read-modify-write of one store. Web Locks hold across the worker's
 * events and the extension's pages; where they are missing (unit tests in Node) a promise chain per
 * name does the same within one process.
 */

/** Deliberate module state: the lock's stand-in where Web Locks are missing (Node), this process's only. */
const chains = new Map<string, Promise<unknown>>();

export async function exclusive<T>(name: string, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(name, run);
  const next = (chains.get(name) ?? Promise.resolve()).then(run, run);
  chains.set(name, next.catch(() => undefined));
  return next;
}

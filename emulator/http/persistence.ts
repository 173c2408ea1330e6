/**
 * `--data`: the org's records survive restarts. Writes are debounced after changes, atomic (a temp
 * file renamed over the old one, so a crash never leaves half a file), and flushed on close.
 * Tokens are not kept: after a restart the extension signs in again, as after a Salesforce restart.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OrgSnapshot } from '../org/types';
import { parseOrgSnapshot } from './seed-file';

export async function loadOrgSnapshot(file: string): Promise<OrgSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON; delete it to start again from the seed`);
  }
  return parseOrgSnapshot(value, file);
}

export async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, file);
}

export interface Persister {
  /** Note a change; the write follows after `debounceMs` of quiet. */
  schedule(): void;
  /** Write now if anything is pending (and wait for a write under way). */
  flush(): Promise<void>;
}

export function createPersister(file: string, snapshot: () => OrgSnapshot, debounceMs = 250): Persister {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    const text = `${JSON.stringify(snapshot(), null, 2)}\n`;
    // Chained, so two writes never race on the temp file.
    writing = writing.then(() => writeAtomically(file, text)).catch((error: unknown) => {
      console.error(`Could not save the org to ${file}:`, error);
    });
    return writing;
  };

  return {
    schedule() {
      dirty = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void write(), debounceMs);
    },
    flush: () => write(),
  };
}

/**
 * Start-up shared by `startEmulator` (emulator/server.ts) and tests that bring their own org: read
 * the seed, load the --data file, build the core, persist changes, listen.
 */
import { readFile } from 'node:fs/promises';
import { createEmulator, type Emulator } from './emulator';
import { listen } from './node-server';
import { createPersister, loadOrgSnapshot } from './persistence';
import { parseSeedFile, SeedFileError } from './seed-file';
import type { Clock, OrgFactory, SeedFile } from './types';

export interface StartEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A seed file path or the seed itself; the default is the demo org. */
  seed?: string | SeedFile;
  /** Added before every non-control answer. */
  latencyMs?: number;
  /** Keep the org's records in this JSON file between runs (created from the seed if missing). */
  dataPath?: string;
  /** Only loopback: the emulator is a test double, never a network service. */
  host?: '127.0.0.1';
  clock?: Clock;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:49152 (login URL and instance URL alike). */
  url: string;
  port: number;
  /** The first connected app's consumer key (the demo app's by default). */
  consumerKey: string;
  emulator: Emulator;
  /** Saves pending --data changes and stops listening. */
  close(): Promise<void>;
}

export async function readSeedFile(file: string): Promise<SeedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedFileError(`Cannot read seed file ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError(`Seed file ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseSeedFile(value, file);
}

export async function startEmulatorWith(
  options: StartEmulatorOptions,
  defaults: { createOrg: OrgFactory; defaultSeed: () => SeedFile },
): Promise<RunningEmulator> {
  const seed =
    options.seed === undefined
      ? defaults.defaultSeed()
      : typeof options.seed === 'string'
        ? await readSeedFile(options.seed)
        : parseSeedFile(options.seed);
  const saved = options.dataPath === undefined ? undefined : await loadOrgSnapshot(options.dataPath);
  const emulator = createEmulator({
    seed,
    createOrg: defaults.createOrg,
    initialSnapshot: saved,
    latencyMs: options.latencyMs,
    clock: options.clock,
  });

  const persister = options.dataPath === undefined ? undefined : createPersister(options.dataPath, () => emulator.org.snapshot());
  if (persister) {
    emulator.onOrgChange(() => persister.schedule());
    if (saved === undefined) {
      // First run: write the seeded org at once, so the file exists to inspect.
      persister.schedule();
      await persister.flush();
    }
  }

  const server = await listen(emulator, { port: options.port, host: options.host });
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    consumerKey: emulator.consumerKey,
    emulator,
    close: () => {
      closing ??= (async () => {
        await server.close();
        await persister?.flush();
      })();
      return closing;
    },
  };
}

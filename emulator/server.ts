/**
 * `startEmulator`: the Salesforce org emulator on 127.0.0.1, with the real org and (by default) the
 * demo seed. Tests and the demo call it; `npm run sf-emulator` wraps it.
 */
import { startEmulatorWith, type RunningEmulator, type StartEmulatorOptions } from './http/start';
import { createOrg } from './org/create-org';
import { defaultSeed } from './seed/default';

export type { RunningEmulator, StartEmulatorOptions } from './http/start';

export function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulatorWith(options, { createOrg, defaultSeed });
}

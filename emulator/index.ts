/** Public surface of the Salesforce org emulator. */
export { startEmulator } from './server';
export type { RunningEmulator, StartEmulatorOptions } from './server';
export { createEmulator } from './http/emulator';
export type { Emulator, EmulatorOptions } from './http/emulator';
export type { EmulatorControl, SettingsUpdate } from './http/control';
export type { LoggedRequest } from './http/request-log';
export type { EmulatorSettings } from './http/state';
export type { Clock, ConnectedAppSeed, EmulatorRequest, EmulatorResponse, OrgFactory, SeedFile } from './http/types';
export { parseSeedFile, SeedFileError } from './http/seed-file';
export { defaultSeed, DEMO_CONSUMER_KEY } from './seed/default';

/** The org factory the wire layer builds the emulator with (see emulator/http/types.ts). */
import type { OrgFactory } from '../http/types';
import { EmulatedOrg } from './org';

export const createOrg: OrgFactory = (snapshot) => new EmulatedOrg(snapshot);

/**
 * The demo org with its rep (Alex Morgan) granted "View All Data" by a permission set, and the
 * identity URL open to tokens without the `id` scope. Part A of issue #14 made the emulator as
 * strict as a real org; until the sidebar survives a standard rep (part B), the tests and the demo
 * that drive the sidebar sign in as this all-seeing user, explicitly.
 */
import type { SeedFile } from '../../emulator/http/types';
import { makeId } from '../../emulator/org/ids';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { defaultSeed } from '../../emulator/seed/default';

export const VIEW_ALL_DATA_SET = { Id: makeId('0PS', 1, 'Va'), Name: 'View All Data' };

export function viewAllDataSeed(): SeedFile {
  const seed = defaultSeed();
  seed.permissionSets = [...(seed.permissionSets ?? []), { ...VIEW_ALL_DATA_SET, PermissionsViewAllData: true }];
  const rep = seed.users.find((user) => user.Username === DEMO_FACTS.rep.username)!;
  rep.PermissionSetIds = [VIEW_ALL_DATA_SET.Id];
  seed.settings = { ...seed.settings, identityRequiresIdScope: false };
  return seed;
}

/**
 * The demo org for one test file, as most unit tests of the background use it: the emulator started
 * once and signed in as its standard-profile rep (the way the extension signs in), and before each
 * test a fresh extension (`fakeBrowser`), a fresh org and — as connecting does — the org's facts
 * read again. Registers its own hooks; read `org.running` and `org.api` inside the tests.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEMO_FACTS } from '../../emulator/seed/demo-records';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import type { SalesforceApi } from '../../lib/salesforce/rest-api';
import { connectionItem } from '../../lib/salesforce/tokens';
import { signInApi } from './salesforce-session';

export interface DemoOrg {
  readonly running: RunningEmulator;
  readonly api: SalesforceApi;
  /** What connecting leaves in storage (the sealed token plays no part here), `at` when the user connected; null: disconnected. */
  connected(at: number | null): Promise<void>;
}

export function useDemoOrg(options: { readFacts?: boolean } = {}): DemoOrg {
  let running: RunningEmulator | undefined;
  let api: SalesforceApi | undefined;
  const org: DemoOrg = {
    get running() {
      if (!running) throw new Error('The emulator starts in beforeAll: use the org inside a test or a hook.');
      return running;
    },
    get api() {
      if (!api) throw new Error('The emulator starts in beforeAll: use the org inside a test or a hook.');
      return api;
    },
    async connected(at) {
      await connectionItem.setValue(
        at === null
          ? null
          : {
              state: 'connected',
              loginUrl: org.running.url,
              clientId: org.running.consumerKey,
              redirectUri: 'https://test-extension-id.chromiumapp.org/',
              instanceUrl: org.running.url,
              refreshToken: { iv: '', data: '' },
              user: { userId: '005', orgId: '00D', username: DEMO_FACTS.rep.username, displayName: DEMO_FACTS.rep.name },
              connectedAt: at,
            },
      );
    },
  };
  beforeAll(async () => {
    running = await startEmulator({ port: 0 });
    api = await signInApi(running);
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    fakeBrowser.reset();
    org.running.emulator.control.reset();
    // Connecting reads what the org lets the user see (one request); the rest uses it all day.
    if (options.readFacts !== false) await org.api.orgFacts({ refresh: true });
  });
  return org;
}

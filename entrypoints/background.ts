import { kickOutbox, OUTBOX_ALARM, resumeOutbox } from '@/lib/background/calllog-handlers';
import { createMatchingService } from '@/lib/background/matching-handlers';
import { markNothingToMigrate, migrateLegacyStores } from '@/lib/background/migrate';
import { backgroundDeps, callerOfSender, createHandlers, routeMessage } from '@/lib/background/router';
import type { Sender } from '@/lib/background/callers';
import { createSidebarHub } from '@/lib/background/sidebar-ports';
import { lockSessionStorage } from '@/lib/salesforce/tokens';
import { clearMatchingData, flushMatchingData, matchingCounts } from '@/lib/matching/match-store';
import { replaceUserSettings } from '@/lib/settings/settings';

export default defineBackground(() => {
  const deps = backgroundDeps();
  const matching = createMatchingService(deps);
  const handlers = createHandlers(deps, matching);
  const sidebars = createSidebarHub(matching);
  // Listeners first, synchronously: a message or alarm that woke the worker must find them.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our own extension's pages and our content script in a Dialpad page may talk to the
    // background, each within what it may ask (lib/background/callers.ts).
    const caller = callerOfSender(sender);
    if (!caller) return undefined;
    // Chrome's own API (no polyfill, #18): answer through sendResponse, keeping the channel open.
    routeMessage(message, handlers, caller).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, error: { code: 'internal', message: String(error) } }),
    );
    return true;
  });
  // The sidebars' ports: the view of a person, and what changed for each page (lib/background/sidebar-ports.ts).
  browser.runtime.onConnect.addListener((port) => sidebars.accept(port, port.sender ? callerOfSender(port.sender as Sender) : null));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // Version 0.1's stores are read once, at the update that moves them; a new install marks that
    // there is nothing to move, so no later update reads what a page wrote there (migrate.ts).
    const moved = reason === 'update' ? migrateLegacyStores() : reason === 'install' ? markNothingToMigrate() : Promise.resolve();
    moved.catch((error: unknown) => console.error('[sfsd] moving the stores of the last version failed', error));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) kickOutbox(deps);
  });
  browser.runtime.onStartup.addListener(() => kickOutbox(deps));
  lockSessionStorage().catch((error: unknown) => console.error('[sfsd] locking session storage failed', error));
  resumeOutbox(deps);
  // The test build only: the e2e worlds set the user's settings as the options page saves them, and
  // look into what the worker keeps where no page can (tests/e2e/salesforce.ts).
  if (__E2E__) (globalThis as unknown as { sfsdTest: object }).sfsdTest = { replaceUserSettings, clearMatchingData, matchingCounts, flushMatchingData };
});

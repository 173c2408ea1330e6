import { kickOutbox, OUTBOX_ALARM, resumeOutbox } from '@/lib/background/calllog-handlers';
import { backgroundDeps, callerOfSender, createHandlers, routeMessage } from '@/lib/background/router';
import { lockSessionStorage } from '@/lib/salesforce/tokens';

export default defineBackground(() => {
  const deps = backgroundDeps();
  const handlers = createHandlers(deps);
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
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) kickOutbox(deps);
  });
  browser.runtime.onStartup.addListener(() => kickOutbox(deps));
  lockSessionStorage().catch((error: unknown) => console.error('[sfsd] locking session storage failed', error));
  resumeOutbox(deps);
});

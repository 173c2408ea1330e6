import { kickOutbox, OUTBOX_ALARM, resumeOutbox } from '@/lib/background/calllog-handlers';
import { backgroundDeps, callerOfSender, createHandlers, routeMessage } from '@/lib/background/router';
import { lockSessionStorage } from '@/lib/salesforce/tokens';

export default defineBackground(() => {
  const deps = backgroundDeps();
  const handlers = createHandlers(deps);
  // Listeners first, synchronously: a message or alarm that woke the worker must find them.
  browser.runtime.onMessage.addListener((message, sender) => {
    // Only our own extension's pages and our content script in a Dialpad page may talk to the
    // background, each within what it may ask (lib/background/callers.ts).
    const caller = callerOfSender(sender);
    if (!caller) return undefined;
    return routeMessage(message, handlers, caller);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) kickOutbox(deps);
  });
  browser.runtime.onStartup.addListener(() => kickOutbox(deps));
  lockSessionStorage().catch((error: unknown) => console.error('[sfsd] locking session storage failed', error));
  resumeOutbox(deps);
});

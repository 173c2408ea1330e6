import { kickOutbox, OUTBOX_ALARM, resumeOutbox } from '@/lib/background/calllog-handlers';
import { backgroundDeps, createHandlers, routeMessage } from '@/lib/background/router';
import { lockSessionStorage } from '@/lib/salesforce/tokens';

export default defineBackground(() => {
  const deps = backgroundDeps();
  const handlers = createHandlers(deps);
  // Listeners first, synchronously: a message or alarm that woke the worker must find them.
  browser.runtime.onMessage.addListener((message, sender) => {
    // Only our own extension's pages and content scripts may talk to the background.
    if (sender.id !== browser.runtime.id) return undefined;
    return routeMessage(message, handlers);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) kickOutbox(deps);
  });
  browser.runtime.onStartup.addListener(() => kickOutbox(deps));
  lockSessionStorage().catch((error: unknown) => console.error('[sfsd] locking session storage failed', error));
  resumeOutbox(deps);
});

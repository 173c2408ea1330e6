import { createHandlers, routeMessage } from '@/lib/background/router';

export default defineBackground(() => {
  const handlers = createHandlers();
  browser.runtime.onMessage.addListener((message, sender) => {
    // Only our own extension's pages and content scripts may talk to the background.
    if (sender.id !== browser.runtime.id) return undefined;
    return routeMessage(message, handlers);
  });
});

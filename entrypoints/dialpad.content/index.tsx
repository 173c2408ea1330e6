import { effect } from '@preact/signals';
import { render } from 'preact';
import '@/components/sidebar.css';
import { ContactSection } from '@/components/ContactSection';
import { PersonArea } from '@/components/PersonArea';
import { Sidebar } from '@/components/Sidebar';
import type { CallSource } from '@/lib/dialpad/call-source';
import { createDomReader } from '@/lib/dialpad/reader';
import { releasePageSpace, reservePageSpace } from '@/lib/dialpad/page-layout';
import { sendRequest } from '@/lib/messaging/client';
import { createCalllogModel } from '@/lib/sidebar/calllog-model';
import { createDialpadBridge, type FinishedCallMessage, type LiveCallStore } from '@/lib/sidebar/dialpad-bridge';
import { createMatchModel } from '@/lib/sidebar/match-model';
import { isToggleShortcut } from '@/lib/sidebar/shortcut';
import { createSidebarModel } from '@/lib/sidebar/sidebar-model';
import { liveCallsItem, MATCH_CACHE_STORAGE_KEY, OUTBOX_STORAGE_KEY, readerDiagnosticsItem, sidebarCollapsedItem, statusStampItem } from '@/lib/storage/items';

/**
 * Running calls in storage.local, shared by Dialpad tabs. A leftover is a call no open tab is
 * showing any more; it is taken (and reported) by the next Dialpad page that starts.
 */
function liveCallStore(): LiveCallStore {
  type Entry = { message: FinishedCallMessage; savedAt: number };
  let writes = Promise.resolve();
  const change = (update: (calls: Record<string, Entry>) => void) => {
    writes = writes.then(async () => {
      const calls = (await liveCallsItem.getValue()) as Record<string, Entry>;
      update(calls);
      await liveCallsItem.setValue(calls);
    });
  };
  return {
    // An ended call waiting for the background counts as stale at once.
    save: (message, ended) => change((calls) => void (calls[message.call.callId] = { message, savedAt: ended ? 0 : Date.now() })),
    remove: (callId) => change((calls) => void delete calls[callId]),
    async takeLeftovers() {
      // A tab following a call refreshes its entry every timer tick; one untouched for this long has no tab.
      const stale = Date.now() - LEFTOVER_AFTER_MS;
      const taken: FinishedCallMessage[] = [];
      await new Promise<void>((resolve) =>
        change((calls) => {
          for (const [callId, entry] of Object.entries(calls)) {
            if (entry.savedAt > stale) continue;
            taken.push(entry.message);
            delete calls[callId];
          }
          resolve();
        }),
      );
      await writes;
      return taken;
    },
  };
}

const LEFTOVER_AFTER_MS = 15_000;

function recordEvents(reader: CallSource): CallSource {
  const log: unknown[] = [];
  return {
    start: (onEvent) =>
      reader.start((event) => {
        log.push(event.type === 'call' ? { type: 'call', state: event.state, previous: event.previous, call: event.call } : event);
        document.documentElement.dataset.sfsdEvents = JSON.stringify(log);
        onEvent(event);
      }),
  };
}

export default defineContentScript({
  // The e2e build adds the local stand-in's origins (see wxt.config.ts).
  matches: ['https://dialpad.com/app*'],
  cssInjectionMode: 'ui',
  runAt: 'document_idle',

  async main(ctx) {
    const model = createSidebarModel({
      collapsedStore: sidebarCollapsedItem,
      requestStatus: () => sendRequest({ type: 'getStatus' }),
      requestConnect: () => sendRequest({ type: 'connect' }),
      watchStatus: (onChange) => statusStampItem.watch(() => onChange()),
    });
    // The shortcut works from the moment the sidebar can show, not after the first replies.
    ctx.addEventListener(window, 'keydown', (event) => {
      if (!isToggleShortcut(event)) return;
      event.preventDefault();
      model.toggle();
    }, { capture: true });
    const match = createMatchModel(sendRequest);
    const calllog = createCalllogModel(sendRequest);

    const settings = await sendRequest({ type: 'getSettings' });
    const reader = createDomReader({
      doc: document,
      overrides: settings.ok ? settings.policy.dialpadSelectors : {},
      tabId: Math.random().toString(36).slice(2, 10),
      onError: (error) => {
        if (__E2E__) console.debug('[sfsd] reader error', error);
      },
    });
    // The test build shows end-to-end tests what the reader reported (reader events only, never Salesforce data).
    const source = __E2E__ ? recordEvents(reader) : reader;
    // Every finished call goes to the background, which logs each call id once.
    const bridge = createDialpadBridge(source, async (message) => (await sendRequest(message)).ok, liveCallStore());

    const ui = await createShadowRootUi(ctx, {
      name: 'sfsd-sidebar',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount(container) {
        // A component, so that reading the signals here subscribes the sidebar to them.
        const App = () => (
          <Sidebar model={model}>
            <ContactSection bridge={bridge} />
            <PersonArea
              match={match}
              calllog={calllog}
              calls={bridge.recentCalls.value.map((call) => ({ callId: call.callId, label: call.name ?? call.number ?? call.callId, number: call.number, live: call.live }))}
              displayName={bridge.displayName.value}
              company={bridge.company.value}
            />
          </Sidebar>
        );
        render(
          <App />,
          container,
        );
        return container;
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    });
    ui.mount();

    const stopLayout = effect(() => reservePageSpace(document, model.width.value));
    const stopModel = await model.start();
    const stopReader = bridge.start();
    // The options page's diagnostics panel (B3): selector hits and health, no Salesforce data.
    const saveDiagnostics = () => void readerDiagnosticsItem.setValue({ at: new Date().toISOString(), path: location.pathname, ...reader.diagnostics() });
    const stopDiagnostics = effect(() => {
      void bridge.health.value;
      saveDiagnostics();
    });
    ctx.setInterval(saveDiagnostics, 60_000);
    // A call whose page closed at hang-up is logged by whichever Dialpad tab is open next.
    ctx.setInterval(() => bridge.collectLeftovers(), 30_000);
    // Salesforce is asked about whoever is in view; nobody while disconnected.
    const stopMatching = effect(() => {
      const connected = model.connection.value.kind === 'state' && model.connection.value.state === 'connected';
      if (!connected) match.forget();
      void match.setPerson(connected ? bridge.person.value : null);
    });
    const stopOutbox = calllog.watch((onChange) => {
      const listener = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && OUTBOX_STORAGE_KEY in changes) onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    });
    // A write refreshed a card in the background: repaint it from the cache (no request).
    const cacheListener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && MATCH_CACHE_STORAGE_KEY in changes) void match.repaint();
    };
    browser.storage.onChanged.addListener(cacheListener);


    ctx.onInvalidated(() => {
      stopMatching();
      stopReader();
      stopDiagnostics();
      stopOutbox();
      browser.storage.onChanged.removeListener(cacheListener);
      stopModel();
      stopLayout();
      releasePageSpace(document);
      ui.remove();
    });
  },
});

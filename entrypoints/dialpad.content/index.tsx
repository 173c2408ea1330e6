import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import '@/components/sidebar.css';
import { Sidebar } from '@/components/Sidebar';
import { t } from '@/lib/i18n';
import { releasePageSpace, reservePageSpace } from '@/lib/dialpad/page-layout';
import { sendRequest } from '@/lib/messaging/client';
import { createDialpadBridge } from '@/lib/sidebar/dialpad-bridge';
import { isToggleShortcut } from '@/lib/sidebar/shortcut';
import { createSidebarModel } from '@/lib/sidebar/sidebar-model';
import { readerDiagnosticsItem, sidebarCollapsedItem, sidebarStampItem, statusStampItem } from '@/lib/storage/items';
import { createSidebarChannel } from '@/lib/sidebar/background-port';
import { loadStylesheet, mountClosedRoot } from './closed-root';
import { loadPart, shareModules } from './parts';
import type { DialpadPart, PartName, StartedUi, UiPart } from './parts-registry';

/** A file of the extension (built beside this script, web-accessible to Dialpad's pages). */
const extensionUrl = (path: string) => (browser.runtime.getURL as (path: string) => string)(path);

/** Wires the sidebar into Dialpad's page: the reader, the models and the UI. */
export default defineContentScript({
  // The e2e build adds the local stand-in's origins (see wxt.config.ts).
  matches: ['https://dialpad.com/app*'],
  cssInjectionMode: 'ui',
  runAt: 'document_idle',

  async main(ctx) {
    // The port to the background (#17, #18): the person in view is asked over it, and what changed
    // for this page is pushed over it; the page reads none of matching's stores or the settings.
    const channel = createSidebarChannel();
    const model = createSidebarModel({
      collapsedStore: sidebarCollapsedItem,
      requestStatus: () => sendRequest({ type: 'getStatus' }),
      requestConnect: () => sendRequest({ type: 'openSettings' }),
      requestOpenSettings: () => sendRequest({ type: 'openSettings' }),
      watchStatus: (onChange) => statusStampItem.watch(() => onChange()),
      requestSettings: () => sendRequest({ type: 'getSettings' }),
      watchSettings: (onChange) => {
        const stops = [
          channel.on((push) => {
            if (push.type === 'settings') onChange();
          }),
          channel.onReopen(onChange),
        ];
        // The company's policy (storage.managed: no content script can write it).
        const onPolicy = (_changes: unknown, area: string) => {
          if (area === 'managed') onChange();
        };
        browser.storage.onChanged.addListener(onPolicy);
        return () => {
          for (const stop of stops) stop();
          browser.storage.onChanged.removeListener(onPolicy);
        };
      },
    });
    // The shortcut works from the moment the sidebar can show, not after the first replies.
    ctx.addEventListener(window, 'keydown', (event) => {
      // A script of the page can dispatch key events too: only the user's own keys count.
      if (!event.isTrusted || !isToggleShortcut(event)) return;
      event.preventDefault();
      model.toggle();
    }, { capture: true });
    const bridge = createDialpadBridge();

    // Our own closed shadow root (closed-root.ts): no script of the Dialpad page (analytics,
    // session replay…) can reach what the sidebar shows through `host.shadowRoot`, and what is
    // typed in it does not bubble out.
    const ui = mountClosedRoot(document, 'sfsd-sidebar', await loadStylesheet(extensionUrl('/content-scripts/dialpad.css')));
    /** The body, once its part has loaded (parts.ts); the parts that could not load. */
    const body = signal<StartedUi | null>(null);
    const missing = signal<PartName[]>([]);
    const App = () => {
      const parts = body.value;
      return (
        <Sidebar
          model={model}
          waiting={parts?.waiting.value ?? 0}
          search={parts ? { open: bridge.searchOpen.value, onToggle: (open) => bridge.toggleSearch(open) } : undefined}
          top={parts ? <parts.Top /> : null}
        >
          {missing.value.map((name) => (
            <p key={name} class="sfsd-error" role="alert" data-testid="part-missing" data-part={name}>
              {t(name === 'sidebar-ui' ? 'partMissingUi' : 'partMissingDialpad')}
            </p>
          ))}
          {parts ? <parts.Body /> : null}
        </Sidebar>
      );
    };
    render(<App />, ui.container);
    const stops: Array<() => void> = [
      effect(() => reservePageSpace(document, model.width.value)),
      // Something this page follows changed while its port was closed (the worker had stopped).
      sidebarStampItem.watch(() => channel.wake()),
      () => channel.close(),
    ];
    let invalidated = false;
    ctx.onInvalidated(() => {
      invalidated = true;
      for (const stop of stops) stop();
      releasePageSpace(document);
      render(null, ui.container);
      ui.remove();
    });
    const partMissing = (name: PartName) => (error: unknown) => {
      if (__E2E__) console.debug('[sfsd] part missing', name, error);
      missing.value = [...missing.value, name];
      return null;
    };

    // After the first paint, together: the body's part, the part that reads Dialpad, the
    // connection's status and the policy's selectors (which the reader needs) (#18).
    shareModules();
    const started = loadPart<UiPart>('sidebar-ui', extensionUrl).then((part) => {
      if (invalidated) return null;
      const running = part.start({ model, bridge, channel, send: sendRequest });
      stops.push(running.stop);
      body.value = running;
      return running;
    }, partMissing('sidebar-ui'));
    const [stopModel, settings, dialpad] = await Promise.all([
      model.start(),
      sendRequest({ type: 'getSettings' }),
      loadPart<DialpadPart>('sidebar-dialpad', extensionUrl).catch(partMissing('sidebar-dialpad')),
    ]);
    if (invalidated) return stopModel();
    stops.push(stopModel);
    if (!dialpad) return;
    const reader = dialpad.createDomReader({
      doc: document,
      overrides: settings.ok ? settings.policy.dialpadSelectors : {},
      tabId: Math.random().toString(36).slice(2, 10),
      onError: (error) => {
        if (__E2E__) console.debug('[sfsd] reader error', error);
      },
    });
    // Every finished call goes to the background, which logs each call id once; its answer about a
    // call seen here tells the strip why a call was not logged.
    const reporter = dialpad.createCallReporter(async (message) => {
      const reply = await sendRequest(message);
      if (message.seenLive) void started.then((running) => running?.heard(message.call.callId, reply));
      return reply.ok;
    }, dialpad.liveCallStore());
    // The options page's Dialpad diagnostics (B3, #15): redacted, no Salesforce data; saved at every
    // call phase too, so its guided test call follows a call live.
    const saveDiagnostics = () => void readerDiagnosticsItem.setValue({ at: new Date().toISOString(), path: dialpad.pathTemplate(location.pathname), ...reader.diagnostics() }).catch(() => undefined);
    stops.push(
      reporter.start(),
      // The test build shows end-to-end tests what the reader reported.
      (__E2E__ ? dialpad.recordEvents(reader, document) : reader).start((event) => {
        bridge.observe(event);
        reporter.observe(event);
        if (event.type === 'health' || event.type === 'call') saveDiagnostics();
      }),
    );
    ctx.setInterval(saveDiagnostics, 60_000);
  },
});

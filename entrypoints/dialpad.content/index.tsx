import { effect } from '@preact/signals';
import { render } from 'preact';
import '@/components/sidebar.css';
import { CallStrip } from '@/components/CallStrip';
import { PersonArea } from '@/components/PersonArea';
import { SearchPanel } from '@/components/SearchPanel';
import { Sidebar } from '@/components/Sidebar';
import { loadStylesheet, mountClosedRoot } from './closed-root';
import { createCallReporter, liveCallStore } from '@/lib/calllog/call-reporter';
import { recordEvents } from '@/lib/dialpad/call-source';
import { releasePageSpace, reservePageSpace } from '@/lib/dialpad/page-layout';
import { createDomReader } from '@/lib/dialpad/reader';
import { sendRequest } from '@/lib/messaging/client';
import { createCallStrip } from '@/lib/sidebar/call-strip';
import { createCalllogModel } from '@/lib/sidebar/calllog-model';
import { createDialpadBridge } from '@/lib/sidebar/dialpad-bridge';
import { createMatchModel } from '@/lib/sidebar/match-model';
import { createRelatedModel } from '@/lib/sidebar/related-model';
import { isToggleShortcut } from '@/lib/sidebar/shortcut';
import { createSidebarModel } from '@/lib/sidebar/sidebar-model';
import { createTodoComposer } from '@/lib/sidebar/todo-composer';
import { pathTemplate } from '@/lib/dialpad/skeleton';
import { readerDiagnosticsItem, sidebarCollapsedItem, sidebarStampItem, statusStampItem } from '@/lib/storage/items';
import { createSidebarChannel } from '@/lib/sidebar/background-port';

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
    const match = createMatchModel(sendRequest, { channel });
    const calllog = createCalllogModel(sendRequest);
    const related = createRelatedModel(sendRequest, model.settings, channel);
    const composer = createTodoComposer();

    const bridge = createDialpadBridge();
    // What will happen to the call in view, in words (derived from all of the above).
    const strip = createCallStrip({
      call: bridge.call,
      matchPerson: match.person,
      matchView: match.view,
      connected: model.connected,
      settings: model.settings,
      outbox: calllog.outbox,
      instanceUrl: model.instanceUrl,
    });
    // Every finished call goes to the background, which logs each call id once; its answer about a
    // call seen here tells the strip why a call was not logged.
    const reporter = createCallReporter(async (message) => {
      const reply = await sendRequest(message);
      if (message.seenLive) strip.heard(message.call.callId, reply);
      return reply.ok;
    }, liveCallStore());
    // The options page's Dialpad diagnostics (B3, #15): redacted, no Salesforce data; saved at every
    // call phase too, so its guided test call follows a call live.
    const saveDiagnostics = () => void readerDiagnosticsItem.setValue({ at: new Date().toISOString(), path: pathTemplate(location.pathname), ...reader.diagnostics() }).catch(() => undefined);

    // Our own closed shadow root (closed-root.ts): no script of the Dialpad page (analytics,
    // session replay…) can reach what the sidebar shows through `host.shadowRoot`, and what is
    // typed in it does not bubble out.
    const ui = mountClosedRoot(document, 'sfsd-sidebar', await loadStylesheet(extensionUrl('/content-scripts/dialpad.css')));
    const App = () => (
      <Sidebar
        model={model}
        waiting={calllog.outbox.value?.total ?? 0}
        search={{ open: bridge.searchOpen.value, onToggle: (open) => bridge.toggleSearch(open) }}
        top={strip.view.value ? <CallStrip view={strip.view.value} onNote={(cardId) => composer.write(cardId, 'note')} onDismiss={() => strip.dismiss()} /> : null}
      >
        <SearchPanel bridge={bridge} connected={model.connected.value} />
        <PersonArea
          match={match}
          calllog={calllog}
          composer={composer}
          calls={bridge.recentCalls.value.map((call) => ({ callId: call.callId, label: call.name ?? call.number ?? call.callId, number: call.number, live: call.live }))}
          displayName={bridge.displayName.value}
          company={bridge.company.value}
          searched={bridge.searched.value}
          related={related}
          dialpadLogsCalls={model.settings.value?.dialpadLogsCalls === true}
        />
      </Sidebar>
    );
    render(<App />, ui.container);
    const stopLayout = effect(() => reservePageSpace(document, model.width.value));

    // The sidebar paints first; the connection's status and the policy's selectors (which the
    // reader needs) are asked for after, together (#18).
    const [stopModel, settings] = await Promise.all([model.start(), sendRequest({ type: 'getSettings' })]);
    const reader = createDomReader({
      doc: document,
      overrides: settings.ok ? settings.policy.dialpadSelectors : {},
      tabId: Math.random().toString(36).slice(2, 10),
      onError: (error) => {
        if (__E2E__) console.debug('[sfsd] reader error', error);
      },
    });

    const stops = [
      stopLayout,
      stopModel,
      reporter.start(),
      // The test build shows end-to-end tests what the reader reported.
      (__E2E__ ? recordEvents(reader, document) : reader).start((event) => {
        bridge.observe(event);
        reporter.observe(event);
        if (event.type === 'health' || event.type === 'call') saveDiagnostics();
      }),
      // Salesforce is asked about whoever is in view; nobody while disconnected.
      match.follow(model.connected, bridge.person),
      calllog.watch(),
      related.watch(),
      // Something this page follows changed while its port was closed (the worker had stopped).
      sidebarStampItem.watch(() => channel.wake()),
      () => channel.close(),
    ];
    ctx.setInterval(saveDiagnostics, 60_000);

    ctx.onInvalidated(() => {
      for (const stop of stops) stop();
      releasePageSpace(document);
      render(null, ui.container);
      ui.remove();
    });
  },
});

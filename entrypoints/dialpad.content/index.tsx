import { effect } from '@preact/signals';
import { render } from 'preact';
import '@/components/sidebar.css';
import { Sidebar } from '@/components/Sidebar';
import { releasePageSpace, reservePageSpace } from '@/lib/dialpad/page-layout';
import { sendRequest } from '@/lib/messaging/client';
import { isToggleShortcut } from '@/lib/sidebar/shortcut';
import { createSidebarModel } from '@/lib/sidebar/sidebar-model';
import { sidebarCollapsedItem, statusStampItem } from '@/lib/storage/items';

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

    const ui = await createShadowRootUi(ctx, {
      name: 'sfsd-sidebar',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount(container) {
        render(<Sidebar model={model} />, container);
        return container;
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    });
    ui.mount();

    const stopLayout = effect(() => reservePageSpace(document, model.width.value));
    const stopModel = await model.start();
    ctx.addEventListener(window, 'keydown', (event) => {
      if (!isToggleShortcut(event)) return;
      event.preventDefault();
      model.toggle();
    }, { capture: true });

    ctx.onInvalidated(() => {
      stopModel();
      stopLayout();
      releasePageSpace(document);
      ui.remove();
    });
  },
});

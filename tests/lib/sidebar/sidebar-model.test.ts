import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { COLLAPSED_WIDTH, EXPANDED_WIDTH, createSidebarModel } from '../../../lib/sidebar/sidebar-model';
import { sidebarCollapsedItem } from '../../../lib/storage/items';
import { isToggleShortcut } from '../../../lib/sidebar/shortcut';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';

const connected = async () => ({ ok: true as const, connection: { state: 'disconnected' as const }, version: '0.1.0', pending: 0 });

describe('the sidebar model', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts expanded, collapses on toggle and stores the state', async () => {
    const model = createSidebarModel({ collapsedStore: sidebarCollapsedItem, requestStatus: connected });
    const stop = await model.start();
    expect(model.collapsed.value).toBe(false);
    expect(model.width.value).toBe(EXPANDED_WIDTH);
    model.toggle();
    expect(model.width.value).toBe(COLLAPSED_WIDTH);
    await expect.poll(() => sidebarCollapsedItem.getValue()).toBe(true);
    stop();
  });

  it('restores a stored collapsed state and follows changes made by another tab', async () => {
    await sidebarCollapsedItem.setValue(true);
    const model = createSidebarModel({ collapsedStore: sidebarCollapsedItem, requestStatus: connected });
    const stop = await model.start();
    expect(model.collapsed.value).toBe(true);
    await sidebarCollapsedItem.setValue(false);
    await expect.poll(() => model.collapsed.value).toBe(false);
    stop();
  });

  it('reports an unreachable background as unavailable', async () => {
    const model = createSidebarModel({
      collapsedStore: sidebarCollapsedItem,
      requestStatus: async () => ({ ok: false, error: { code: 'internal', message: 'no receiver' } }),
    });
    const stop = await model.start();
    expect(model.connection.value).toEqual({ kind: 'unavailable' });
    stop();
  });
});

describe('the sidebar model: settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the settings in effect at start, and again whenever they change', async () => {
    let autoLogging = true;
    let changed: () => void = () => undefined;
    const model = createSidebarModel({
      collapsedStore: sidebarCollapsedItem,
      requestStatus: connected,
      requestSettings: async () => ({ ok: true, settings: { ...DEFAULT_SETTINGS, autoLogging }, locked: [], policy: { settings: {}, locked: [], dialpadSelectors: {}, problems: [] } }),
      watchSettings: (onChange) => {
        changed = onChange;
        return () => undefined;
      },
    });
    const stop = await model.start();
    expect(model.settings.value?.autoLogging).toBe(true);
    autoLogging = false;
    changed();
    await expect.poll(() => model.settings.value?.autoLogging).toBe(false);
    stop();
  });

  it('opens the settings page through the background, and says why when it cannot', async () => {
    const model = createSidebarModel({
      collapsedStore: sidebarCollapsedItem,
      requestStatus: connected,
      requestOpenSettings: async () => ({ ok: false, error: { code: 'internal', message: 'no receiver' } }),
    });
    const stop = await model.start();
    await model.openSettings();
    expect(model.connectError.value).toEqual({ code: 'internal', message: 'no receiver' });
    stop();
  });
});

describe('the toggle shortcut', () => {
  const key = (over: Partial<KeyboardEvent>) => ({ altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, code: 'KeyS', ...over });

  it('is Alt+Shift+S by physical key, whatever character the layout types', () => {
    expect(isToggleShortcut(key({ altKey: true, shiftKey: true }))).toBe(true);
  });

  it.each([
    ['S alone', key({})],
    ['Alt+S', key({ altKey: true })],
    ['Ctrl+Alt+Shift+S', key({ altKey: true, shiftKey: true, ctrlKey: true })],
    ['Alt+Shift+D', key({ altKey: true, shiftKey: true, code: 'KeyD' })],
  ])('ignores %s', (_label, event) => {
    expect(isToggleShortcut(event)).toBe(false);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers, routeMessage } from '../../../lib/background/router';

describe('routeMessage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // fakeBrowser has no manifest; the real one is proven by the end-to-end tests.
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'x', version: '0.1.0' });
  });

  it('answers getStatus with the connection state and the extension version', async () => {
    const reply = await routeMessage({ type: 'getStatus' }, createHandlers(), { kind: 'extension-page' });
    expect(reply).toEqual({ ok: true, connection: { state: 'disconnected' }, version: '0.1.0', pending: 0 });
  });

  it('answers a malformed message with an error reply instead of throwing', async () => {
    const reply = await routeMessage({ type: 'getStatus', extra: 1 }, createHandlers(), { kind: 'extension-page' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });

  it('turns a failing handler into an internal error reply', async () => {
    const handlers = {
      getStatus: async () => {
        throw new Error('storage is gone');
      },
    };
    const reply = await routeMessage({ type: 'getStatus' }, handlers, { kind: 'extension-page' });
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'storage is gone' } });
  });
});

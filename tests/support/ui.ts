/**
 * For component tests: the browser's i18n from the extension's own English messages (fakeBrowser
 * has none), and a background answering runtime messages in the test's own order.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

// The UI language, read when components load (RecordCard's date format): import this file first.
fakeBrowser.i18n.getUILanguage = () => 'en-US';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const en = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as Messages;

/** chrome.i18n.getMessage over `_locales/en`: named placeholders, then `$1`… substitutions. */
export function useEnglish(): void {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string, substitutions?: string | string[]) => {
    const entry = en[key];
    if (!entry) return '';
    const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const named = entry.message.replace(/\$(\w+)\$/g, (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole);
    return named.replace(/\$(\d)/g, (_whole, n: string) => values[Number(n) - 1] ?? '');
  });
}

/** The background's side of the runtime messages: each request waits until the test answers it. */
export function scriptedBackground() {
  const pending: Array<{ request: Record<string, unknown>; resolve: (reply: object) => void }> = [];
  fakeBrowser.runtime.onMessage.addListener((request: unknown) => new Promise<object>((resolve) => pending.push({ request: request as Record<string, unknown>, resolve })));
  return {
    pending,
    /** The next request of this type, answered with `reply` once it came. */
    async answer(type: string, reply: object): Promise<Record<string, unknown>> {
      await vi.waitFor(() => {
        if (!pending.some((p) => p.request.type === type)) throw new Error(`no ${type} request yet`);
      });
      const at = pending.findIndex((p) => p.request.type === type);
      const [item] = pending.splice(at, 1);
      item!.resolve(reply);
      return item!.request;
    },
  };
}

import type { CountryCode } from 'libphonenumber-js';
import { retryItems } from '../calllog/intake';
import { clearOutbox, readOutbox } from '../calllog/outbox';
import { DEFAULT_SUBJECT_TEMPLATES } from '../calllog/task-fields';
import { clearMatchingData } from '../matching/match-store';
import { parseRequest, type Handlers, type Reply, type ReplyOf, type RequestContext, type Requests, type RequestType } from '../messaging/contract';
import { CALLLOG_FACTS } from '../calllog/task-fields';
import { MATCHING_FACTS } from '../matching/queries';
import { connect, connectionStatus, disconnect, markNeedsReconnect, openSalesforceApi } from '../salesforce/connection';
import { clearApiUsage } from '../salesforce/api-usage';
import { explain } from '../salesforce/errors';
import type { OrgFactsRequest } from '../salesforce/org-facts';
import { connectionItem } from '../salesforce/tokens';
import { effectiveSettings, loginUrlOf, saveUserSettings } from '../settings/settings';
import { callerOf, EXTENSION_PAGES_ONLY, originOf, recordIdsOf, servedIdsOf, type Caller, type Sender } from './callers';
import { clearServed, rememberServed, wasServed } from './served-ids';
import { createCalllogHandlers, kickOutbox, OUTBOX_ALARM, settleCallsFor, type CalllogDeps } from './calllog-handlers';
import { createMatchingService, type MatchingDeps, type MatchingService } from './matching-handlers';

/** The caller of a message the browser delivered, or null when nobody of ours sent it. */
export function callerOfSender(sender: Sender): Caller | null {
  return callerOf(sender, browser.runtime.id, originOf(browser.runtime.getURL('/')) ?? '');
}

/**
 * Answers a validated request from `caller`; unknown or malformed messages get an `invalid-message`
 * reply, and what the caller may not ask a `not-allowed` one (see callers.ts).
 */
export async function routeMessage(raw: unknown, handlers: Partial<Handlers>, caller: Caller): Promise<Reply<object>> {
  const parsed = parseRequest(raw);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  const { request } = parsed;
  try {
    if (caller.kind === 'dialpad') {
      if (EXTENSION_PAGES_ONLY.has(request.type)) {
        return { ok: false, error: { code: 'not-allowed', message: `"${request.type}" is done from the extension's settings page, not from the Dialpad page.` } };
      }
      const ids = recordIdsOf(request);
      if (ids.length && !(await wasServed(caller.document, ids))) {
        return { ok: false, error: { code: 'not-allowed', message: 'That Salesforce record was not shown in this tab; open it in the sidebar first.' } };
      }
    }
    const reply = await answer(handlers, request.type, request, caller.kind === 'dialpad' ? { document: caller.document, tab: caller.tab } : { document: null, tab: null });
    if (caller.kind === 'dialpad') await rememberServed(caller.document, servedIdsOf(reply));
    return reply;
  } catch (error) {
    console.error(`[sfsd] handler "${request.type}" failed`, error);
    return failure(error);
  }
}

function answer<K extends RequestType>(handlers: Partial<Handlers>, type: K, request: Requests[K], context: RequestContext): Promise<Reply<object>> {
  const handler = handlers[type];
  if (!handler) return Promise.resolve({ ok: false, error: { code: 'invalid-message', message: `No handler for "${type}"` } });
  return handler(request, context);
}

/** Any failure as the contract's error reply; a token never appears in a message (errors carry none). */
export function failure(error: unknown): Reply<never> {
  const { code, message, errorCode } = explain(error);
  // Salesforce's codes (REQUEST_LIMIT_EXCEEDED, invalid_grant, …), not a JavaScript error's name.
  const reason = errorCode && /_/.test(errorCode) ? errorCode : undefined;
  return { ok: false, error: { code, message, ...(reason ? { reason } : {}) } };
}

/**
 * The user's language for call subjects — the language the sidebar speaks to them in (the `_locales`
 * the browser picked; Chromium may pick Japanese words while reporting an English UI locale, and a
 * Japanese sidebar writing English subjects would read as a mistake) — and the region for numbers
 * without a country code.
 */
function locale(): { language: 'en' | 'ja'; region?: CountryCode } {
  const ui = browser.i18n.getUILanguage();
  const words = browser.i18n.getMessage('uiLocale') || ui;
  let region: string | undefined;
  try {
    region = new Intl.Locale(ui).maximize().region;
  } catch {
    region = undefined;
  }
  return { language: words.toLowerCase().startsWith('ja') ? 'ja' : 'en', region: region as CountryCode | undefined };
}

/** What the background asks the org about the connected user: what matching and the call log read and write. */
export const ORG_FACTS: OrgFactsRequest = {
  describe: [...new Set([...MATCHING_FACTS.describe, ...CALLLOG_FACTS.describe])],
  check: [...new Set([...MATCHING_FACTS.check, ...CALLLOG_FACTS.check])],
};

export function backgroundDeps(): MatchingDeps & CalllogDeps {
  return {
    salesforce: () => openSalesforceApi(ORG_FACTS),
    failure,
    async matchingSettings() {
      const { settings } = await effectiveSettings();
      return { region: (settings.defaultRegion || locale().region) as CountryCode | undefined, objects: settings.objectPriority };
    },
    async callLogSettings() {
      const { settings } = await effectiveSettings();
      const { language, region } = locale();
      return {
        autoLogging: settings.autoLogging,
        logMissedCalls: settings.logMissedCalls,
        internalNumbers: settings.internalNumbers,
        subjectTemplate: settings.subjectTemplate || DEFAULT_SUBJECT_TEMPLATES[language],
        language,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        orgId: (await connectionItem.getValue())?.user.orgId ?? null,
        matching: { region: (settings.defaultRegion || region) as CountryCode | undefined, objects: settings.objectPriority },
        related: { relatedTo: settings.relatedTo, relatedToDefault: settings.relatedToDefault },
        dialpadLogsCalls: settings.dialpadLogsCalls,
      };
    },
    connectedSince: async () => (await connectionItem.getValue())?.connectedAt ?? null,
    connectedUserName: async () => (await connectionItem.getValue())?.user.displayName ?? null,
    needsReconnect: () => markNeedsReconnect('Salesforce ended the session. Reconnect to go on; nothing waiting to be written is lost.'),
    async wakeAt(when) {
      if (when === null) await browser.alarms.clear(OUTBOX_ALARM);
      else await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 1_000) });
    },
  };
}

/** The background's handlers. Whatever must survive a worker restart lives in storage or the extension's IndexedDB. */
export function createHandlers(deps = backgroundDeps(), service: MatchingService = createMatchingService(deps)): Handlers {
  const matching = service.handlers;
  const calllog = createCalllogHandlers(deps);
  const settling = <R extends ReplyOf<'pickRecord' | 'createPerson'>>(phones: readonly string[], reply: R): R => {
    if (reply.ok && 'outcome' in reply && reply.outcome?.kind === 'matched') {
      const { card } = reply.outcome;
      settleCallsFor(deps, phones, card).catch((error: unknown) => console.error('[sfsd] settling calls failed', error));
    }
    return reply;
  };
  return {
    getStatus: async () => ({
      ok: true,
      connection: await connectionStatus(),
      version: browser.runtime.getManifest().version,
      pending: Object.keys(await readOutbox()).length,
    }),
    connect: async () => {
      const { settings } = await effectiveSettings();
      const connection = await connect({ loginUrl: loginUrlOf(settings.loginHost), clientId: settings.consumerKey, facts: ORG_FACTS });
      // Whatever waited for the reconnect goes now.
      await retryItems('all');
      kickOutbox(deps);
      return { ok: true, connection };
    },
    disconnect: async () => {
      const { revoked } = await disconnect();
      // Matching's picks and cards are Salesforce data; the outbox stays until its writes are sent or discarded.
      await clearMatchingData();
      await clearServed();
      // Everything the org gave us goes: queued writes (they carry its records) and the memory of
      // logged calls too, so nothing of this org can reach the next one connected (#17).
      await clearOutbox();
      await clearApiUsage();
      return { ok: true, revoked };
    },
    getSettings: async () => ({ ok: true, ...(await effectiveSettings()) }),
    openSettings: async () => {
      await browser.runtime.openOptionsPage();
      return { ok: true };
    },
    saveSettings: async (request) => {
      const saved = await saveUserSettings(request.settings);
      if (saved.ok) return { ok: true };
      return { ok: false, error: { code: 'invalid-input', message: Object.values(saved.errors).join(' ') } };
    },
    ...matching,
    // A pick or a created person settles the calls waiting for that number (T5).
    pickRecord: async (request, context) => settling(request.person.phones, await matching.pickRecord(request, context)),
    createPerson: async (request, context) => settling(request.person.phones, await matching.createPerson(request, context)),
    ...calllog,
  };
}

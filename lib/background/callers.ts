/**
 * Who sent a message, as the browser (not the sender) says: the extension's own pages (options,
 * popup) or the content script in a Dialpad page. A content script runs in Dialpad's renderer,
 * which a hostile page could compromise, so it may only ask what the sidebar needs; what changes
 * the connection, the settings or drops a queued write comes from the extension's own pages only.
 */
import type { Reply, Requests, RequestType } from '../messaging/contract';
import type { PossibleDuplicates, ServedMatch } from '../messaging/matching-messages';

export type Caller =
  /** The options page or the popup (the extension's origin, its own process). */
  | { kind: 'extension-page' }
  /**
   * The content script of one Dialpad document (`document`: the browser's id for it), in `tab`
   * (reloading the page makes a new document in the same tab).
   */
  | { kind: 'dialpad'; document: string; tab: string };

/** The fields of `runtime.MessageSender` the browser fills in (Chrome 106+ adds origin and documentId). */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  documentId?: string;
  frameId?: number;
  tab?: { id?: number };
}

/** Where the content script runs: Dialpad's web app (and, in the test build, the local stand-in). */
export function isDialpadOrigin(origin: string, allowLocal: boolean = __E2E__): boolean {
  if (origin === 'https://dialpad.com') return true;
  return allowLocal && /^http:\/\/(?:127\.0\.0\.1|localhost):\d{1,5}$/.test(origin);
}

/** The caller, or null for anything that is neither (another extension, a subframe, a page we do not run on). */
export function callerOf(sender: Sender, extensionId: string, extensionOrigin: string): Caller | null {
  if (sender.id !== extensionId) return null;
  const origin = sender.origin ?? originOf(sender.url);
  if (origin === extensionOrigin && originOf(sender.url) === extensionOrigin) return { kind: 'extension-page' };
  if (!origin || !isDialpadOrigin(origin) || originOf(sender.url) !== origin || !sender.tab || sender.frameId !== 0) return null;
  const tab = `tab-${sender.tab.id ?? 'none'}`;
  return { kind: 'dialpad', document: sender.documentId ?? tab, tab };
}

/** The origin of a URL, `chrome-extension://<id>` included (which URL parsers outside browsers call "null"). */
export function originOf(url: string | undefined): string | null {
  try {
    if (!url) return null;
    const parsed = new URL(url);
    return parsed.origin !== 'null' ? parsed.origin : parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** What only the extension's own pages may ask: the connection, the settings, dropping a queued write, releasing a held one. */
export const EXTENSION_PAGES_ONLY: ReadonlySet<RequestType> = new Set<RequestType>(['connect', 'disconnect', 'saveSettings', 'discardOutboxItem', 'releaseHeld']);

/** The Salesforce record ids a request acts on; a Dialpad page may act only on ids served to it. */
export function recordIdsOf(request: Requests[RequestType]): string[] {
  switch (request.type) {
    case 'pickRecord':
      return [request.recordId];
    case 'saveNote':
      return [request.person.id, ...(request.relatedTo ? [request.relatedTo.id] : [])];
    case 'setRelatedTo':
      return [request.person.id, ...(request.related ? [request.related.id] : [])];
    case 'editTask':
      return [request.taskId, ...(request.person ? [request.person.id] : [])];
    default:
      return [];
  }
}

/** The record ids a reply shows the page: the card, its Tasks, deals, cases and contacts, the candidates, and the records a duplicate rule matched. */
export function servedIdsOf(reply: Reply<object>): string[] {
  if (reply.ok && 'duplicates' in reply) return (reply as unknown as { duplicates: PossibleDuplicates }).duplicates.records.map((record) => record.id);
  if (!reply.ok || !('outcome' in reply)) return [];
  const outcome = (reply as unknown as ServedMatch).outcome;
  if (!outcome) return [];
  const ids = outcome.kind === 'none' ? [] : outcome.candidates.map((candidate) => candidate.id);
  if (outcome.kind === 'matched') {
    const { card } = outcome;
    const lists = [card.nextSteps, card.pastActivity, card.opportunities ?? [], card.cases ?? [], card.contacts ?? []];
    ids.push(card.id, ...lists.flatMap((list) => list.map((item) => item.id)));
  }
  return ids;
}

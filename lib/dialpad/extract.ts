/**
 * Reading the Dialpad page: the contact in view, one snapshot of the live call, and the call
 * history rows. Pure functions of the document and the URL, through named selectors whose hits
 * and misses are counted for the diagnostics panel. No layout is read (no forced reflow).
 */
import { digitsOf } from '../matching/phone';
import type { ResolvedSelector, SelectorStats } from './selector-registry';
import type { SelectorName } from './selectors';
import type { CallDirection, CallSnapshot, DialpadContact, DialpadPhone, HistoryEntry } from './types';
import { isDialpadLink } from '../messaging/calllog-messages';

export class Finder {
  readonly stats = new Map<SelectorName, SelectorStats>();
  constructor(readonly selectors: Record<SelectorName, ResolvedSelector>) {}

  private count(name: SelectorName, found: boolean): void {
    const entry = this.stats.get(name) ?? { lookups: 0, matches: 0 };
    entry.lookups += 1;
    if (found) entry.matches += 1;
    this.stats.set(name, entry);
  }

  one(root: ParentNode, name: SelectorName): Element | null {
    let found: Element | null;
    try {
      found = root.querySelector(this.selectors[name].selector);
    } catch {
      found = null;
    }
    this.count(name, found !== null);
    return found;
  }

  all(root: ParentNode, name: SelectorName): Element[] {
    let found: Element[];
    try {
      found = [...root.querySelectorAll(this.selectors[name].selector)];
    } catch {
      found = [];
    }
    this.count(name, found.length > 0);
    return found;
  }

  text(root: ParentNode, name: SelectorName): string | null {
    const value = this.one(root, name)?.textContent?.replace(/\s+/g, ' ').trim();
    return value ? value : null;
  }
}

/** Digits, with a leading + when the text has a country code; an extension after "x". */
export function phoneFromText(display: string, label?: string): DialpadPhone | null {
  const text = display.trim();
  const ext = /^(?:ext\.?|extension)\s*(\d{1,7})$/i.exec(text);
  if (ext) return { display: text, normalized: ext[1]!, ...(label ? { label } : {}) };
  const digits = digitsOf(text);
  if (digits.length < 2) return null;
  return { display: text, normalized: /^\s*[+＋]/.test(text) ? `+${digits}` : digits, ...(label ? { label } : {}) };
}

/** An extension (2–6 digits) is a coworker's line. */
export function isExtension(number: string | undefined): boolean {
  return number !== undefined && /^\d{2,6}$/.test(digitsOf(number)) && !number.startsWith('+');
}

/** "06:01" → 361, "1:02:03" → 3723; null for "Calling…". */
export function timerSeconds(text: string | null): number | undefined {
  const match = text ? /(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text) : null;
  if (!match) return undefined;
  const [a, b, c] = [Number(match[1]), Number(match[2]), match[3] === undefined ? null : Number(match[3])];
  return c === null ? a * 60 + b : a * 3600 + b * 60 + c;
}

function idFromPath(pathname: string, segment: string): string | undefined {
  const match = new RegExp(`/app/${segment}/([A-Za-z0-9_-]+)`).exec(pathname);
  return match?.[1];
}

export function readContact(find: Finder, doc: Document, url: URL): DialpadContact | null {
  const coworker = find.one(doc, 'coworkerDetail');
  const detail = coworker ?? find.one(doc, 'contactDetail');
  if (!detail) return null;
  const name = find.text(detail, 'contactInfoHeader');
  if (!name) return null;
  const phones: DialpadPhone[] = [];
  for (const link of find.all(detail, 'contactPhone')) {
    const href = link.getAttribute('href') ?? '';
    const raw = decodeURIComponent(href.replace(/^tel:/, ''));
    const label = link.parentElement?.querySelector('.dp-phones__label')?.textContent?.trim() || undefined;
    const display = link.textContent?.trim() || raw;
    const phone = phoneFromText(raw || display, label);
    if (phone) phones.push({ ...phone, display });
  }
  if (coworker) {
    const extension = find.text(coworker, 'coworkerExtension');
    if (extension) phones.push({ display: `Ext. ${extension}`, normalized: digitsOf(extension), label: 'extension' });
  }
  const email = find.one(detail, 'contactEmail')?.getAttribute('href')?.replace(/^mailto:/, '') ?? null;
  const company = find.text(detail, 'contactCompany');
  const id = coworker ? idFromPath(url.pathname, 'coworkers') : idFromPath(url.pathname, 'contacts');
  return {
    name,
    phones,
    emails: email ? [email] : [],
    ...(company ? { company } : {}),
    ...(id ? { dialpadContactId: id } : {}),
    internal: coworker !== null,
  };
}

/** "Caller ID: Ben Carter (415) 555-0100" → name and number. */
function callerId(text: string | null): { name?: string; number?: string } {
  const match = text ? /Caller ID:\s*(.+)$/i.exec(text) : null;
  if (!match) return {};
  const value = match[1]!.trim();
  const number = /(\+?[\d(][\d\s().-]{5,}\d|Ext\.\s*\d+)\s*$/.exec(value)?.[1];
  const name = number ? value.slice(0, value.length - number.length).trim() : value;
  return { ...(name && name !== number ? { name } : {}), ...(number ? { number } : {}) };
}

export function readCall(find: Finder, doc: Document, url: URL): CallSnapshot | null {
  const incoming = find.one(doc, 'incomingCard');
  const banner = find.one(doc, 'banner');
  const callbox = find.one(doc, 'callbox');
  if (!incoming && !banner && !callbox) return null;

  const bannerText = banner ? find.text(banner, 'bannerStatus') : null;
  const caller = callerId(bannerText);
  let phase: CallSnapshot['phase'];
  if (incoming || /Ringing/i.test(bannerText ?? '')) phase = 'ringing';
  else if (/Connecting|Calling/i.test(bannerText ?? '') || /Calling/i.test(callbox ? (find.text(callbox, 'callboxTimer') ?? '') : '')) phase = 'dialing';
  else if (/On hold/i.test(bannerText ?? '') || (callbox && find.one(doc, 'onHoldMark'))) phase = 'on-hold';
  else phase = 'connected';

  let direction: CallDirection = phase === 'ringing' ? 'inbound' : 'outbound';
  if (banner && find.one(banner, 'incomingIcon')) direction = 'inbound';
  else if (banner && find.one(banner, 'outgoingIcon')) direction = 'outbound';

  const incomingName = incoming ? find.text(incoming, 'contactInfoHeader') : null;
  const incomingSub = incoming ? find.text(incoming, 'contactInfoSubtitle') : null;
  const incomingBottom = incoming ? find.text(incoming, 'contactInfoBottom') : null;
  const boxName = callbox ? find.text(callbox, 'callboxTitle') : null;
  const boxNumber = callbox ? find.text(callbox, 'callboxNumber') : null;

  const numberText = caller.number ?? boxNumber ?? (incomingSub && phoneFromText(incomingSub) ? incomingSub : null) ?? (incomingName && phoneFromText(incomingName) && !/[A-Za-z]{3}/.test(incomingName) ? incomingName : null);
  const nameText = caller.name ?? (boxName && boxName !== boxNumber && !phoneFromText(boxName)?.normalized.match(/^\+?\d{7,}$/) ? boxName : null) ?? incomingName;
  const phone = numberText ? phoneFromText(numberText) : null;
  const remoteNumber = phone?.normalized;
  const link = callbox ? find.one(callbox, 'callboxLink') : null;
  // The callbox's link names the live call. The URL is only a fallback, and never for a ringing
  // call: Dialpad stays on the last call's view (/app/calls/<previous id>) while a new one rings.
  const linkId = link ? idFromPath(new URL(link.getAttribute('href') ?? '', url).pathname, 'calls') : undefined;
  const callId = linkId ?? (phase === 'ringing' ? undefined : idFromPath(url.pathname, 'calls'));
  const internal = /Internal call|Coworker/i.test(`${incomingBottom ?? ''} ${incomingSub ?? ''}`) || /^Ext\./i.test(numberText ?? '') || isExtension(remoteNumber);
  const elapsedSeconds = phase === 'connected' || phase === 'on-hold' ? timerSeconds(callbox ? find.text(callbox, 'callboxTimer') : null) : undefined;

  return {
    phase,
    direction,
    ...(remoteNumber ? { remoteNumber } : {}),
    ...(nameText && nameText !== numberText ? { remoteName: nameText } : {}),
    internal,
    ...(callId ? { callId } : {}),
    ...(elapsedSeconds !== undefined ? { elapsedSeconds } : {}),
  };
}

/** "Incoming call • 1:43" → 103. */
function durationFrom(text: string): number | undefined {
  return timerSeconds(/•\s*([\d:]+)/.exec(text)?.[1] ?? null);
}

/** A link of the page as the Task will carry it: resolved against the page, and only on Dialpad (#17). */
function dialpadHref(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base).href;
    return isDialpadLink(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

export function readHistory(find: Finder, doc: Document): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const row of find.all(doc, 'historyRow')) {
    const idText = find.text(row, 'historyCallId');
    const idHref = find.one(row, 'historyCallId')?.getAttribute('href') ?? '';
    const callId = /(\d{6,})/.exec(idHref)?.[1] ?? /(\d{6,})/.exec(idText ?? '')?.[1];
    if (!callId) continue;
    const description = find.text(row, 'historyDescription') ?? '';
    const numberText = find.text(row, 'historyNumber');
    const phone = numberText ? phoneFromText(numberText) : null;
    const name = find.text(row, 'historyName');
    const outcome: HistoryEntry['outcome'] = /Voicemail/i.test(description)
      ? 'voicemail'
      : /Missed|Declined/i.test(description)
        ? 'missed'
        : /•/.test(description)
          ? 'answered'
          : 'unknown';
    const direction: CallDirection = row.querySelector('.d-icon--phone-outgoing') || /Outgoing/i.test(description) ? 'outbound' : 'inbound';
    const recording = dialpadHref(find.one(row, 'recordingLink')?.getAttribute('href'), doc.baseURI);
    const voicemail = dialpadHref(find.one(row, 'voicemailLink')?.getAttribute('href'), doc.baseURI);
    const time = find.one(row, 'historyTime')?.getAttribute('datetime') ?? undefined;
    const device = find.text(row, 'historyDevice') ?? undefined;
    const number = phone?.normalized;
    entries.push({
      callId,
      direction,
      ...(number ? { number } : {}),
      ...(name && name !== numberText ? { name } : {}),
      ...(time ? { startedAt: time } : {}),
      ...(outcome === 'answered' ? { durationSeconds: durationFrom(description) ?? 0 } : { durationSeconds: 0 }),
      outcome,
      ...(recording ? { recordingUrl: recording } : {}),
      ...(voicemail ? { voicemailUrl: voicemail } : {}),
      ...(device ? { device } : {}),
      internal: /^Ext\./i.test(numberText ?? '') || isExtension(number),
    });
  }
  return entries;
}

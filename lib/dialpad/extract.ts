/**
 * Reading the Dialpad page: the contact in view, one snapshot of the live call, and the call
 * history rows. Pure functions of the document and the URL, through named selectors (never a raw
 * one here) whose hits and misses are counted for the diagnostics. Structure decides; a text is
 * only a hint (lib/dialpad/hints.ts, English and Japanese). No layout is read (no forced reflow).
 */
import { digitsOf, splitExtension } from '../matching/phone';
import { durationSeconds, HINTS, knownBannerText, parseHistoryTime, timerSeconds } from './hints';
import type { ResolvedSelector, SelectorStats } from './selector-registry';
import type { SelectorName } from './selectors';
import type { CallDirection, CallSnapshot, DialpadContact, DialpadPhone, HistoryEntry } from './types';
import { isDialpadLink } from '../messaging/calllog-messages';

export { timerSeconds } from './hints';

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
    return textOf(this.one(root, name));
  }
}

function textOf(element: Element | null): string | null {
  const value = element?.textContent?.replace(/\s+/g, ' ').trim();
  return value ? value : null;
}

/** A coworker's extension as shown: "Ext. 1042", "内線 1042". */
const EXTENSION_ONLY = /^(?:ext\.?|extension|内線)\s*([\d０-９]{1,7})$/i;

/**
 * Digits, with a leading + when the text has a country code; an extension apart (never glued onto
 * the number): "+1 415-555-0186 ext. 12" → "+14155550186", extension "12".
 */
export function phoneFromText(display: string, label?: string): DialpadPhone | null {
  const text = display.trim();
  const only = EXTENSION_ONLY.exec(text);
  if (only) return { display: text, normalized: digitsOf(only[1]!), ...(label ? { label } : {}) };
  const { line, extension } = splitExtension(text);
  const digits = digitsOf(line);
  if (digits.length < 2) return null;
  return {
    display: text,
    normalized: /^\s*[+＋]/.test(line) ? `+${digits}` : digits,
    ...(extension ? { extension } : {}),
    ...(label ? { label } : {}),
  };
}

/** Only a number is written here (an extension allowed): "R2D2" or "Studio 54" are names, not numbers. */
export function isNumberText(text: string): boolean {
  if (phoneFromText(text) === null) return false;
  return EXTENSION_ONLY.test(text.trim()) || /^[+＋]?[\d０-９\s()（）.\-‐‑–—−－]+$/.test(splitExtension(text).line);
}

/** An extension (2–6 digits) is a coworker's line. */
export function isExtension(number: string | undefined): boolean {
  return number !== undefined && /^\d{2,6}$/.test(digitsOf(number)) && !number.startsWith('+');
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
    const label = link.parentElement?.firstElementChild !== link ? textOf(link.parentElement?.firstElementChild ?? null) ?? undefined : undefined;
    const display = link.textContent?.trim() || raw;
    const phone = phoneFromText(raw || display, label);
    if (phone) phones.push({ ...phone, display });
  }
  if (coworker) {
    const extension = find.text(coworker, 'coworkerExtension');
    if (extension) phones.push({ display: extension, normalized: digitsOf(extension), label: 'extension' });
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

/** "Caller ID: Ben Carter (415) 555-0100" / "発信者番号: …" → name and number. */
function callerId(text: string | null): { name?: string; number?: string } {
  const match = text ? HINTS.callerId.exec(text) : null;
  if (!match) return {};
  const value = match[1]!.trim();
  let number = /(\+?[\d(][\d\s().-]{5,}\d(?:\s*(?:ext\.?|内線|x)\s*\d{1,7})?|(?:Ext\.|内線)\s*\d+)\s*$/i.exec(value)?.[1];
  // A name that ends in digits ("Studio 54 (415) 555-0100"): a number as Dialpad writes it starts
  // at "(" or "+", so a bare digit group before one belongs to the name.
  const glued = number ? /^\d+\s+(?=[(+])/.exec(number) : null;
  if (number && glued) number = number.slice(glued[0].length);
  const name = number ? value.slice(0, value.length - number.length).trim() : value;
  return { ...(name && name !== number ? { name } : {}), ...(number ? { number } : {}) };
}

/** What the page shows besides a call: a meeting in the callbox, the one-tab notice, a banner we cannot place. */
export interface PageSignals {
  meeting: boolean;
  /** Dialpad says another tab is the active one: this tab reports nothing. */
  passive: boolean;
  /** A banner text that names no state we know (counted for the diagnostics). */
  unknownBanner: boolean;
}

export function readSignals(find: Finder, doc: Document): PageSignals {
  const callbox = find.one(doc, 'callbox');
  const banner = find.one(doc, 'banner');
  const bannerText = banner ? find.text(banner, 'bannerStatus') ?? textOf(banner) : null;
  const meeting = callbox !== null && isMeeting(find, callbox);
  // The one-tab notice uses the banner, with no direction icon and no call around it.
  const passive = banner !== null && !callbox && !find.one(doc, 'incomingCard') && !find.one(banner, 'incomingIcon') && !find.one(banner, 'outgoingIcon') && HINTS.oneTab.test(bannerText ?? '');
  return { meeting, passive, unknownBanner: bannerText !== null && !knownBannerText(bannerText) };
}

function isMeeting(find: Finder, callbox: Element): boolean {
  if (find.one(callbox, 'meetingMark')) return true;
  return HINTS.meeting.test(find.text(callbox, 'callboxNumber') ?? '');
}

export function readCall(find: Finder, doc: Document): CallSnapshot | null {
  const incoming = find.one(doc, 'incomingCard');
  const banner = find.one(doc, 'banner');
  let callbox = find.one(doc, 'callbox');
  // A meeting shares the callbox: it is not a call.
  if (callbox && isMeeting(find, callbox)) callbox = null;
  const inboundIcon = banner ? find.one(banner, 'incomingIcon') : null;
  const outboundIcon = banner ? find.one(banner, 'outgoingIcon') : null;
  const bannerText = banner ? (find.text(banner, 'bannerStatus') ?? textOf(banner)) : null;
  // A banner is a call's only when it carries a direction icon (or, as a hint, a call's text).
  const callBanner = banner && (inboundIcon || outboundIcon || HINTS.callerId.test(bannerText ?? '')) && !HINTS.oneTab.test(bannerText ?? '') ? banner : null;
  if (!incoming && !callBanner && !callbox) return null;

  const caller = callerId(callBanner ? bannerText : null);
  const timerText = callbox ? find.text(callbox, 'callboxTimer') : null;
  const timer = timerSeconds(timerText);
  let phase: CallSnapshot['phase'];
  if (callbox) {
    // Structure: the callbox runs a timer once connected; the pause overlay while on hold.
    if (find.one(callbox, 'onHoldMark')) phase = 'on-hold';
    else if (timer !== undefined) phase = 'connected';
    else phase = 'dialing';
  } else if (incoming || inboundIcon) phase = 'ringing';
  else if (outboundIcon || HINTS.dialing.test(bannerText ?? '')) phase = 'dialing';
  else if (HINTS.onHold.test(bannerText ?? '')) phase = 'on-hold';
  else phase = HINTS.ringing.test(bannerText ?? '') ? 'ringing' : 'connected';

  let direction: CallDirection = phase === 'ringing' || incoming ? 'inbound' : 'outbound';
  if (inboundIcon) direction = 'inbound';
  else if (outboundIcon) direction = 'outbound';

  const incomingName = incoming ? find.text(incoming, 'contactInfoHeader') : null;
  const incomingSub = incoming ? find.text(incoming, 'contactInfoSubtitle') : null;
  const incomingBottom = incoming ? find.text(incoming, 'contactInfoBottom') : null;
  const boxName = callbox ? find.text(callbox, 'callboxTitle') : null;
  const boxNumber = callbox ? find.text(callbox, 'callboxNumber') : null;
  const looksLikeNumber = (text: string | null) => text !== null && isNumberText(text);

  const shownNumber = (looksLikeNumber(boxNumber) ? boxNumber : null) ?? (looksLikeNumber(incomingSub) ? incomingSub : null) ?? (looksLikeNumber(incomingName) ? incomingName : null) ?? (looksLikeNumber(boxName) ? boxName : null);
  // The banner's "name number" text is split by guessing; a number shown on its own line that ends
  // the banner's is the same number without the digits a name lent it ("Team 7 555-0100").
  const bannerDigits = caller.number ? digitsOf(caller.number) : '';
  const shownDigits = shownNumber ? digitsOf(shownNumber) : '';
  const numberText = caller.number && !/^[+＋]/.test(caller.number) && shownDigits.length >= 7 && bannerDigits.length > shownDigits.length && bannerDigits.endsWith(shownDigits) ? shownNumber : (caller.number ?? shownNumber);
  const nameText = caller.name ?? (boxName && !looksLikeNumber(boxName) ? boxName : null) ?? (incomingName && !looksLikeNumber(incomingName) ? incomingName : null);
  const phone = numberText ? phoneFromText(numberText) : null;
  const remoteNumber = phone?.normalized;
  // A coworker: structure first (a presence dot on the ringing card's avatar, an extension), then a text hint.
  const internal =
    (incoming !== null && find.one(incoming, 'presenceMark') !== null) ||
    /^(?:Ext\.|内線)/i.test(numberText ?? '') ||
    (isExtension(remoteNumber) && !phone?.extension) ||
    HINTS.internal.test(`${incomingBottom ?? ''} ${incomingSub ?? ''}`);
  const elapsedSeconds = phase === 'connected' || phase === 'on-hold' ? timer : undefined;

  return {
    phase,
    direction,
    ...(remoteNumber ? { remoteNumber } : {}),
    ...(phone?.extension ? { remoteExtension: phone.extension } : {}),
    ...(nameText && nameText !== numberText ? { remoteName: nameText } : {}),
    internal,
    ...(elapsedSeconds !== undefined ? { elapsedSeconds } : {}),
  };
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

/** Rows read from the history, and those dropped (no call-review link: no id to log them under). */
export function readHistory(find: Finder, doc: Document, now = Date.now(), dropped: { rows: number } = { rows: 0 }): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const row of find.all(doc, 'historyRow')) {
    const idHref = find.one(row, 'historyCallId')?.getAttribute('href') ?? '';
    const callId = /\/callreview\/([A-Za-z0-9_-]{6,64})/.exec(idHref)?.[1];
    if (!callId) {
      dropped.rows += 1;
      continue;
    }
    const description = find.text(row, 'historyDescription') ?? '';
    const numberText = find.text(row, 'historyNumber');
    const phone = numberText ? phoneFromText(numberText) : null;
    const name = find.text(row, 'historyName');
    const missedIcon = find.one(row, 'missedIcon');
    const voicemailIcon = find.one(row, 'voicemailIcon');
    const duration = durationSeconds(description);
    const outcome: HistoryEntry['outcome'] =
      voicemailIcon || HINTS.voicemail.test(description)
        ? 'voicemail'
        : missedIcon || HINTS.missed.test(description)
          ? 'missed'
          : duration !== undefined
            ? 'answered'
            : 'unknown';
    const direction: CallDirection = find.one(row, 'outgoingIcon') ? 'outbound' : find.one(row, 'incomingIcon') ? 'inbound' : HINTS.outgoing.test(description) && !HINTS.incoming.test(description.replace(HINTS.outgoing, '')) ? 'outbound' : 'inbound';
    const recording = dialpadHref(find.one(row, 'recordingLink')?.getAttribute('href'), doc.baseURI);
    const voicemail = dialpadHref(find.one(row, 'voicemailLink')?.getAttribute('href'), doc.baseURI);
    const timeText = find.text(row, 'historyTime');
    const when = timeText ? parseHistoryTime(timeText, now) : null;
    const device = find.text(row, 'historyDevice') ?? undefined;
    const number = phone?.normalized;
    entries.push({
      callId,
      direction,
      ...(number ? { number } : {}),
      ...(name && name !== numberText ? { name } : {}),
      ...(when ? { startedAt: new Date(when.at).toISOString(), startedAtPrecise: when.precise } : {}),
      durationSeconds: outcome === 'answered' ? (duration ?? 0) : 0,
      outcome,
      ...(recording ? { recordingUrl: recording } : {}),
      ...(voicemail ? { voicemailUrl: voicemail } : {}),
      ...(device ? { device } : {}),
      internal: find.one(row, 'historyCoworkerLink') !== null || /^(?:Ext\.|内線)/i.test(numberText ?? '') || (isExtension(number) && !phone?.extension),
    });
  }
  return entries;
}

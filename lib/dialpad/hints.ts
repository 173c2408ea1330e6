/**
 * Dialpad's UI texts the reader may use as hints, in English and Japanese. A text is only ever a
 * hint after structure (an icon's `data-name`, a `data-qa`, a slot): Dialpad is localised and can
 * reword any of these. Sources: tests/fixtures/dialpad/README.md ("Texts").
 */
export const HINTS = {
  ringing: /Ringing|Incoming call|着信中/i,
  dialing: /Connecting|Calling|発信中|接続中|呼び出し中/i,
  onHold: /On hold|保留中/i,
  /** "Caller ID: Ben Carter (415) 555-0100" / "発信者番号: …". */
  callerId: /(?:Caller ID|発信者番号|発信者)\s*[:：]\s*(.+)$/i,
  internal: /Internal call|Coworker|社内通話|内線通話|チームメンバー/i,
  /** "Dialpad supports only one active app tab". */
  oneTab: /only one active (?:app )?tab|アクティブにできる.*タブは\s*1\s*つ|タブは\s*1\s*つだけ/i,
  meeting: /Participants?\b|Sharing screen|参加者|画面を共有/i,
  voicemail: /Voicemail|ボイスメール|留守番電話/i,
  missed: /Missed|Declined|不在着信|拒否/i,
  outgoing: /Outgoing|発信/i,
  incoming: /Incoming|着信/i,
} as const;

/** Every hint that names a call's state in the banner: a banner text matching none is "unknown". */
export function knownBannerText(text: string): boolean {
  return [HINTS.ringing, HINTS.dialing, HINTS.onHold, HINTS.callerId, HINTS.oneTab, /Active Call|通話中/i].some((re) => re.test(text));
}

/** "06:01" → 361, "1:02:03" → 3723; undefined for anything else ("Calling…"). */
export function timerSeconds(text: string | null | undefined): number | undefined {
  const match = text ? /(?:^|\D)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\D|$)/.exec(text) : null;
  if (!match) return undefined;
  const [a, b, c] = [Number(match[1]), Number(match[2]), match[3] === undefined ? null : Number(match[3])];
  return c === null ? a * 60 + b : a * 3600 + b * 60 + c;
}

/** A history duration: "3m 12s", "1h 2m", "45s", "3分12秒", "1時間2分3秒", or a timer "1:43". */
export function durationSeconds(text: string): number | undefined {
  const unit = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  const h = unit(/(\d+)\s*(?:h\b|時間)/);
  const m = unit(/(\d+)\s*(?:m\b|min|分)/);
  const s = unit(/(\d+)\s*(?:s\b|sec|秒)/);
  if (h || m || s || /\d\s*(?:s\b|秒)/.test(text)) return h * 3600 + m * 60 + s;
  return timerSeconds(/•\s*([\d:]+)/.exec(text)?.[1]);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * When a history row's call started, from its visible text, in the browser's time zone (the one
 * Dialpad renders in): "Today 3:45 pm", "今日 15:45", "Yesterday 9:02 am", "昨日 9:02", "Jun 3 3:45 pm",
 * "6月3日 15:45". `precise` is false when the row shows a date only ("Jun 3", "6月3日").
 */
export function parseHistoryTime(text: string, now: number): { at: number; precise: boolean } | null {
  const today = new Date(now);
  let day: Date;
  if (/Today|今日/i.test(text)) day = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  else if (/Yesterday|昨日/i.test(text)) day = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  else {
    const en = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?/i.exec(text);
    const ja = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/.exec(text);
    const iso = /(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(text);
    const [y, mo, d] = en
      ? [en[3] ? Number(en[3]) : null, MONTHS.indexOf(en[1]!.slice(0, 3).toLowerCase()), Number(en[2])]
      : ja
        ? [ja[1] ? Number(ja[1]) : null, Number(ja[2]) - 1, Number(ja[3])]
        : iso
          ? [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])]
          : [null, -1, 0];
    if (mo < 0) return null;
    day = new Date(y ?? today.getFullYear(), mo, d);
    // "Dec 30" seen in January is last year's.
    if (y === null && day.getTime() > now + 86_400_000) day.setFullYear(day.getFullYear() - 1);
  }
  const clock = /(\d{1,2}):(\d{2})\s*(am|pm|午前|午後)?/i.exec(text.replace(/(午前|午後)\s*(\d)/, '$2 $1'));
  if (!clock) return { at: day.getTime(), precise: false };
  let hours = Number(clock[1]);
  const half = clock[3]?.toLowerCase();
  if ((half === 'pm' || half === '午後') && hours < 12) hours += 12;
  if ((half === 'am' || half === '午前') && hours === 12) hours = 0;
  day.setHours(hours, Number(clock[2]), 0, 0);
  return { at: day.getTime(), precise: true };
}

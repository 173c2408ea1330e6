/** What the Dialpad page tells us, as typed data. Produced only by `lib/dialpad/`. */

export interface DialpadPhone {
  /** As Dialpad shows it, e.g. "(415) 555-0100" or "+81 3-1234-5678". */
  display: string;
  /** Digits with a leading "+" when the page shows a country code; never the extension. */
  normalized: string;
  /** An extension shown with the number ("ext. 12", "内線 12"), apart from it. */
  extension?: string;
  /** Dialpad's label ("mobile", "work"…) when shown. */
  label?: string;
}

export interface DialpadContact {
  name: string;
  phones: DialpadPhone[];
  emails: string[];
  company?: string;
  /** Dialpad's own id for the contact, when the page shows one. */
  dialpadContactId?: string;
  /** A coworker: another user of the same Dialpad company. */
  internal: boolean;
}

export type CallDirection = 'inbound' | 'outbound';

/** One reading of the live call area of the page; `null` when no call is shown. */
export interface CallSnapshot {
  phase: 'ringing' | 'dialing' | 'connected' | 'on-hold';
  direction: CallDirection;
  remoteNumber?: string;
  /** An extension dialled after the number, apart from it. */
  remoteExtension?: string;
  remoteName?: string;
  internal: boolean;
  /** The call's running timer as shown ("06:01" → 361), when connected. */
  elapsedSeconds?: number;
}

export type CallState = 'ringing' | 'dialing' | 'connected' | 'on-hold' | 'ended' | 'missed' | 'voicemail';

export interface CallRecord {
  /** Our id for the call in this tab: stable across the lifecycle, the key it is logged under until history gives Dialpad's id. */
  localId: string;
  /** Dialpad's call id, when a source knows it live (the page never shows one; an API source would). */
  callId?: string;
  direction: CallDirection;
  remoteNumber?: string;
  remoteExtension?: string;
  remoteName?: string;
  internal: boolean;
  /** Epoch milliseconds. */
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  /** Talk time in whole seconds, as Dialpad's call timer counts it (hold included). */
  durationSeconds?: number;
}

export interface CallEvent {
  type: 'call';
  state: CallState;
  /** The state before, or null for the first event of a call. */
  previous: CallState | null;
  call: CallRecord;
}

export interface HistoryEntry {
  callId: string;
  direction: CallDirection;
  number?: string;
  name?: string;
  /** ISO 8601, read from the row's visible text in the browser's time zone. */
  startedAt?: string;
  /** False when the row shows only a date ("Jun 3"): the time of day is unknown. */
  startedAtPrecise?: boolean;
  durationSeconds?: number;
  outcome: 'answered' | 'missed' | 'voicemail' | 'unknown';
  recordingUrl?: string;
  voicemailUrl?: string;
  /** Where the call happened when not in this browser ("desk phone", "mobile app"). */
  device?: string;
  internal: boolean;
}

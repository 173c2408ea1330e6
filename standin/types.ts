/**
 * Shared types of the Dialpad stand-in: the seed file, call history entries, the live call and the
 * page API (`window.dialpadStandin`). Types only, so both the Node server and the browser client
 * import them.
 */

export type PhoneLabel = string;

/** Dialtone generation: `2024` (`__` data-qa, `d-recipe-*` classes, icons with `data-name`), `2023` (`--` data-qa, `dt-recipe-*`). */
export type Markup = '2024' | '2023';
/** Dialpad's UI language. */
export type Lang = 'en' | 'ja';
export const MARKUPS: readonly Markup[] = ['2024', '2023'];
export const LANGS: readonly Lang[] = ['en', 'ja'];

export interface StandinConfig {
  markup: Markup;
  lang: Lang;
}

export interface SeedPhone {
  /** Any dialable form in the file; the server normalizes it to E.164. */
  number: string;
  /** Free text as Dialpad shows it: "work", "mobile", "home", "main", "fax"… */
  label: PhoneLabel;
}

export interface SeedUser {
  id: string;
  name: string;
  email: string;
  /** The user's own Dialpad number (E.164 after normalization). */
  number: string;
  extension?: string;
}

export interface SeedCompany {
  id: string;
  name: string;
}

export interface SeedContact {
  /** Dialpad-like numeric id (digits only, as a string: it does not fit a double safely). */
  id: string;
  name: string;
  phones: SeedPhone[];
  email?: string;
  company?: string;
  jobTitle?: string;
}

export interface SeedCoworker {
  id: string;
  name: string;
  email: string;
  extension: string;
  phones: SeedPhone[];
  department?: string;
  jobTitle?: string;
  presence?: Presence;
}

export type Presence = 'active' | 'away' | 'busy' | 'offline';

export type CallDirection = 'inbound' | 'outbound';
/** How a call ended, as kept in history. */
export type CallStatus = 'completed' | 'missed' | 'voicemail' | 'declined' | 'cancelled';

export interface HistoryEntry {
  /** 16-digit numeric id, as Dialpad's call ids. */
  callId: string;
  /**
   * For a call that came through a queue (main line, contact centre): the entry-point call's id,
   * which is what the history's call-review link shows instead of `callId`.
   */
  entryPointId: string | null;
  direction: CallDirection;
  /** The other party's number, E.164 (`;ext=12` when dialled with an extension), or a coworker's extension. */
  number: string;
  name: string | null;
  /** The Dialpad contact or coworker id, when the number belongs to one. */
  contactId: string | null;
  /** True for a call with a coworker (a Dialpad user of the same company). */
  internal: boolean;
  /** ISO 8601 instant. */
  startedAt: string;
  /** Talk time in whole seconds (0 for missed calls). */
  durationSeconds: number;
  status: CallStatus;
  recordingUrl: string | null;
  voicemailUrl: string | null;
  /** Where the user took the call: "Dialpad web", "desk phone", "mobile app"… */
  device: string;
}

/** A history entry as written in a seed file: the derived or defaulted fields may be left out. */
export type SeedHistoryEntry = Omit<HistoryEntry, 'name' | 'contactId' | 'internal' | 'recordingUrl' | 'voicemailUrl' | 'device' | 'entryPointId'> &
  Partial<Pick<HistoryEntry, 'name' | 'contactId' | 'internal' | 'recordingUrl' | 'voicemailUrl' | 'device' | 'entryPointId'>>;

export interface StandinSeed {
  user: SeedUser;
  company: SeedCompany;
  contacts: SeedContact[];
  coworkers: SeedCoworker[];
  history: SeedHistoryEntry[];
  theme?: Theme;
}

/** A validated seed: numbers in E.164, every history field present, newest call first. */
export interface NormalizedSeed extends StandinSeed {
  history: HistoryEntry[];
  theme: Theme;
}

export type Theme = 'light' | 'dark';

export type LiveCallState = 'ringing' | 'dialing' | 'connected' | 'hold' | 'ended' | 'missed' | 'voicemail';

export interface LiveCall {
  /** The id history will give the call; never shown on the page while the call runs. */
  callId: string;
  entryPointId: string | null;
  direction: CallDirection;
  number: string;
  name: string | null;
  contactId: string | null;
  internal: boolean;
  state: LiveCallState;
  /** Epoch ms, on the stand-in's clock (manual clock in tests). */
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  /** Seconds since connect (the callbox timer), frozen once ended. */
  durationSeconds: number;
  /** Seconds on hold so far in the current hold. */
  holdSeconds: number;
  recording: boolean;
  voicemailUrl: string | null;
}

export interface CallRequest {
  number: string;
  name?: string;
  contactId?: string;
  /** Defaults to a fresh 16-digit id. */
  callId?: string;
  /** A queue call: history's call-review link shows this id instead of `callId`. */
  entryPointId?: string;
  /** Defaults to true when the number belongs to a coworker. */
  internal?: boolean;
}

export interface StandinContactView {
  id: string;
  name: string;
  phones: { number: string; label: string; display: string }[];
  email: string | null;
  company: string | null;
  jobTitle: string | null;
}

export interface StandinCoworkerView extends StandinContactView {
  extension: string;
  department: string | null;
  presence: Presence;
}

export interface StandinState {
  /** `location.pathname + location.search`. */
  route: string;
  /** What the route shows: 'inbox', 'contacts', 'contact', 'coworkers', 'coworker', 'history', 'call', 'messages', 'not-found'. */
  view: string;
  user: SeedUser;
  company: SeedCompany;
  contacts: StandinContactView[];
  coworkers: StandinCoworkerView[];
  call: LiveCall | null;
  theme: Theme;
  clock: 'real' | 'manual';
  meeting: LiveMeeting | null;
  markup: Markup;
  lang: Lang;
  /** False in a second tab: Dialpad allows one active app tab, the others show a banner and no calls. */
  activeTab: boolean;
}

/** A Dialpad Meetings call in the same callbox as a phone call. */
export interface LiveMeeting {
  title: string;
  participants: number;
  sharingScreen: boolean;
  startedAt: number;
  durationSeconds: number;
}

export interface MeetingRequest {
  title: string;
  participants?: number;
  sharingScreen?: boolean;
}

export interface ChurnOptions {
  /** Default 1000. */
  mutationsPerSecond?: number;
  /**
   * Where the page churns (default the left bar: presence, unread counts, the activity feed); `main`
   * churns a live feed in the main column, beside what the reader reads (a message list's new
   * rows, unread count and relative times), which the stand-in adds for the churn and removes after.
   */
  region?: 'leftbar' | 'main';
  /** Default 5. */
  seconds?: number;
}

export interface ChurnResult {
  mutations: number;
  elapsedMs: number;
}

/**
 * `window.dialpadStandin`. Every action resolves once the DOM shows its result; actions that make no
 * sense in the current call state (e.g. `answer()` with nothing ringing) reject with an Error.
 */
export interface DialpadStandinApi {
  /** pushState navigation inside the app, e.g. '/app/contacts'. */
  navigate(path: string): Promise<void>;
  /** history.back(), resolved after popstate has been handled. */
  goBack(): Promise<void>;
  showContact(id: string): Promise<void>;
  showCoworker(id: string): Promise<void>;
  incomingCall(call: CallRequest): Promise<LiveCall>;
  outgoingCall(call: CallRequest): Promise<LiveCall>;
  /** Inbound: the user answers. Outbound: the other side picks up. */
  answer(): Promise<LiveCall>;
  /** Inbound ringing: the user declines. Outbound dialing: the user cancels. */
  decline(): Promise<HistoryEntry>;
  hold(): Promise<LiveCall>;
  unhold(): Promise<LiveCall>;
  /** Starts (or stops) recording the connected call; a recorded call's history entry gets a recording URL. */
  toggleRecording(): Promise<LiveCall>;
  hangUp(): Promise<HistoryEntry>;
  /** The ringing inbound call stops ringing unanswered. */
  missCall(): Promise<HistoryEntry>;
  /** The caller leaves a voicemail: from a ringing call or right after a missed one. */
  leaveVoicemail(options?: { url?: string }): Promise<HistoryEntry>;
  /** A call the browser never saw live (desk phone, mobile app): prepended to history. */
  addHistoryCall(entry: Partial<HistoryEntry> & { number: string }): Promise<HistoryEntry>;
  /** Newest first. */
  history(): HistoryEntry[];
  /** A Dialpad Meetings call: shown in the callbox like a call, but it is not one. */
  startMeeting(meeting: MeetingRequest): Promise<LiveMeeting>;
  endMeeting(): Promise<void>;
  /** A passive tab takes over ("Use here"); the tab that was active turns passive. */
  useHere(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  /** Freezes time; only `advance` moves it (timers, call durations). */
  useManualClock(): void;
  advance(seconds: number): Promise<void>;
  state(): StandinState;
  /** Back to the seed: no call, seed history, light clock, '/app'. */
  reset(): Promise<void>;
  /** Realistic background DOM churn (presence, unread counts, relative times) for benchmarks. */
  churn(options?: ChurnOptions): Promise<ChurnResult>;
}

import { t, type MessageKey } from '@/lib/i18n';
import type { CallState } from '@/lib/dialpad/types';
import { reportKeyOf, type CallFate, type CallStripView } from '@/lib/sidebar/call-strip';
import { formatCallTimer } from '@/lib/sidebar/format';
import { AlertIcon, CallIcon, CheckIcon, CloseIcon, ExternalIcon, InfoIcon, NoteIcon } from './icons';

const PHASE: Record<CallState, MessageKey> = {
  ringing: 'callPhaseRinging',
  dialing: 'callPhaseDialing',
  connected: 'callPhaseConnected',
  'on-hold': 'callPhaseOnHold',
  ended: 'callPhaseEnded',
  missed: 'callPhaseMissed',
  voicemail: 'callPhaseVoicemail',
};

type Tone = 'good' | 'attention' | 'problem' | 'neutral';

/** The fate in words, and how it should catch the eye. */
function describe(fate: CallFate, live: boolean): { text: string; tone: Tone } {
  switch (fate.kind) {
    case 'will-log':
      return { text: t('fateWillLog', fate.name), tone: 'good' };
    case 'logging':
      return { text: fate.name ? t('fateLogging', fate.name) : t('fateLoggingUnnamed'), tone: 'good' };
    case 'logged':
      return { text: fate.name ? t('fateLogged', fate.name) : t('fateLoggedUnnamed'), tone: 'good' };
    case 'pick':
      return { text: t('fatePick'), tone: 'attention' };
    case 'no-record':
      return { text: t('fateNoRecord'), tone: 'attention' };
    case 'looking-up':
      return { text: t('fateLookingUp'), tone: 'neutral' };
    case 'by-number':
      return { text: t('fateByNumber'), tone: 'neutral' };
    case 'queued':
      return { text: t('fateQueued'), tone: 'problem' };
    case 'reconnect':
      return { text: t('fateReconnect'), tone: 'problem' };
    case 'failed':
      return { text: t('fateFailed', fate.reason ?? ''), tone: 'problem' };
    case 'held':
      return { text: t('fateHeld'), tone: 'attention' };
    case 'internal':
      return { text: t('fateInternal'), tone: 'neutral' };
    case 'dialpad-logs':
      return { text: t('fateDialpadLogs'), tone: 'neutral' };
    case 'auto-off':
      return { text: t('fateAutoOff'), tone: 'neutral' };
    case 'not-connected':
      return { text: live ? t('fateConnectToLog') : t('fateNotConnected'), tone: live ? 'attention' : 'neutral' };
    case 'not-answered':
      return { text: t('fateNotAnswered'), tone: 'neutral' };
    case 'missed-off':
      return { text: t('fateMissedOff'), tone: 'neutral' };
    case 'before-connect':
      return { text: t('fateBeforeConnect'), tone: 'neutral' };
  }
}

const TONE_ICON = { good: CheckIcon, attention: AlertIcon, problem: AlertIcon, neutral: InfoIcon } as const;

export interface CallStripProps {
  view: CallStripView;
  /** Opens the ToDo form on the card, on this call, with the cursor in the note (T2). */
  onNote?: (cardId: string) => void;
  onDismiss?: () => void;
}

/**
 * The call in view, at the top of the sidebar while it rings or runs and after it ends: its
 * direction, phase and timer, who it is with, and in words what happens to it in Salesforce, with
 * the note one click away during the call and the Task one click away once it is logged.
 */
export function CallStrip({ view, onNote, onDismiss }: CallStripProps) {
  const { call, fate, noteCardId } = view;
  const { state, live } = call;
  const record = call.call;
  const who = record.remoteName ?? record.remoteNumber ?? '';
  const elapsed = record.durationSeconds ?? 0;
  const showTimer = state === 'connected' || state === 'on-hold' || (!live && elapsed !== 0);
  const { text, tone } = describe(fate, live);
  const Icon = TONE_ICON[tone];
  return (
    <section
      class="sfsd-call-strip"
      data-testid={live ? 'live-call' : 'last-call'}
      data-call-state={state}
      data-live={String(live)}
      data-call-id={record.callId ?? ''}
      data-call-key={reportKeyOf(record)}
      data-elapsed={elapsed}
      data-direction={record.direction}
      aria-labelledby="sfsd-call-strip-heading"
    >
      <div class="sfsd-call-strip__head">
        <span class="sfsd-call-strip__icon" data-direction={record.direction}>
          <CallIcon direction={record.direction} />
        </span>
        <h2 id="sfsd-call-strip-heading" class="sfsd-call-strip__title">
          <span class="sfsd-call-strip__phase">{`${t(record.direction === 'inbound' ? 'callIncoming' : 'callOutgoing')} · ${t(PHASE[state])}`}</span>
          <span class="sfsd-call-strip__who" title={who}>
            {who}
          </span>
        </h2>
        {showTimer ? (
          <span class="sfsd-call-strip__timer" role="timer" aria-label={t('callElapsed', formatCallTimer(elapsed))}>
            {formatCallTimer(elapsed)}
          </span>
        ) : null}
        {!live && onDismiss ? (
          <button type="button" class="sfsd-icon-button sfsd-icon-button--small" data-testid="dismiss-call" aria-label={t('callDismiss')} title={t('callDismiss')} onClick={onDismiss}>
            <CloseIcon />
          </button>
        ) : null}
      </div>
      <div class="sfsd-call-strip__foot">
        <p class="sfsd-call-strip__fate" data-testid="call-fate" data-fate={fate.kind} data-tone={tone} role="status">
          <Icon />
          <span>{text}</span>
        </p>
        {fate.kind === 'logged' && fate.taskUrl ? (
          <a class="sfsd-button" href={fate.taskUrl} target="_blank" rel="noopener noreferrer" data-testid="view-task" aria-label={`${t('viewTask')} ${t('opensInNewTab')}`}>
            {t('viewTask')}
            <ExternalIcon />
          </a>
        ) : null}
        {live && noteCardId && onNote ? (
          <button type="button" class="sfsd-button" data-testid="call-note" onClick={() => onNote(noteCardId)}>
            <NoteIcon />
            {t('callAddNote')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '@/lib/i18n';
import type { CallState } from '@/lib/dialpad/types';
import type { CallInView } from '@/lib/sidebar/dialpad-bridge';
import { formatCallTimer } from '@/lib/sidebar/format';
import { CallIcon } from './icons';

const PHASE: Record<CallState, MessageKey> = {
  ringing: 'callPhaseRinging',
  dialing: 'callPhaseDialing',
  connected: 'callPhaseConnected',
  'on-hold': 'callPhaseOnHold',
  ended: 'callPhaseEnded',
  missed: 'callPhaseMissed',
  voicemail: 'callPhaseVoicemail',
};

export interface CallStripProps {
  call: CallInView;
  /** What will happen (or happened) to the call in Salesforce, in words. */
  fate?: ComponentChildren;
  /** Buttons at the strip's end (Add note, Dismiss). */
  actions?: ComponentChildren;
}

/**
 * The call in view, at the top of the sidebar while it rings or runs (and after it ends): its
 * direction, phase and timer, who it is with, and what happens to it in Salesforce.
 */
export function CallStrip({ call, fate, actions }: CallStripProps) {
  const { state, live } = call;
  const record = call.call;
  const who = record.remoteName ?? record.remoteNumber ?? '';
  const elapsed = record.durationSeconds ?? 0;
  const showTimer = state === 'connected' || state === 'on-hold' || (!live && elapsed !== 0);
  return (
    <section
      class="sfsd-call-strip"
      data-testid={live ? 'live-call' : 'last-call'}
      data-call-state={state}
      data-call-id={record.callId ?? ''}
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
      </div>
      {fate || actions ? (
        <div class="sfsd-call-strip__foot">
          {fate ? (
            <p class="sfsd-call-strip__fate" data-testid="call-fate" aria-live="polite">
              {fate}
            </p>
          ) : null}
          {actions}
        </div>
      ) : null}
    </section>
  );
}

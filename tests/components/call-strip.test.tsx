// @vitest-environment happy-dom
import { useEnglish } from '../support/ui';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CallStrip } from '../../components/CallStrip';
import type { CallStripView } from '../../lib/sidebar/call-strip';

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
});
afterEach(() => cleanup());

const call = { localId: 'tab-1', callId: '5012345678901234', direction: 'inbound' as const, remoteNumber: '4155550100', remoteName: 'Ben Carter', internal: false, startedAt: 1, connectedAt: 2, durationSeconds: 95 };

describe('the call strip, from its view', () => {
  it('shows direction, phase, timer and what will happen, with the note one click away', () => {
    const onNote = vi.fn();
    const view: CallStripView = { call: { state: 'connected', call, live: true }, fate: { kind: 'will-log', name: 'Ben Carter' }, noteCardId: '003000000000001AAA' };
    render(<CallStrip view={view} onNote={onNote} onDismiss={() => undefined} />);
    const strip = screen.getByTestId('live-call');
    expect(strip.querySelector('.sfsd-call-strip__phase')?.textContent).toBe('Incoming · On a call');
    expect(screen.getByRole('timer').textContent).toBe('01:35');
    expect(screen.getByTestId('call-fate').textContent).toBe('Will be logged to Ben Carter');
    expect(screen.queryByTestId('dismiss-call')).toBeNull();
    fireEvent.click(screen.getByTestId('call-note'));
    expect(onNote).toHaveBeenCalledWith('003000000000001AAA');
  });

  it('after the call: "Logged" with the Task one click away, and a way to hide it', () => {
    const onDismiss = vi.fn();
    const view: CallStripView = { call: { state: 'ended', call, live: false }, fate: { kind: 'logged', name: 'Ben Carter', taskUrl: 'https://acme.my.salesforce.com/lightning/r/Task/00T000000000001AAA/view' }, noteCardId: null };
    render(<CallStrip view={view} onDismiss={onDismiss} />);
    expect(screen.getByTestId('call-fate').textContent).toBe('Logged to Ben Carter');
    const link = screen.getByTestId('view-task');
    expect(link.getAttribute('href')).toBe('https://acme.my.salesforce.com/lightning/r/Task/00T000000000001AAA/view');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    fireEvent.click(screen.getByTestId('dismiss-call'));
    expect(onDismiss).toHaveBeenCalled();
  });

  it.each([
    [{ kind: 'pick' }, 'Pick the right person to log this call'],
    [{ kind: 'internal' }, 'Internal call — not logged'],
    [{ kind: 'auto-off' }, 'Auto-logging is off — not logged'],
    [{ kind: 'queued', reason: 'Salesforce is over its API limit.' }, 'Queued — will send when Salesforce answers'],
  ] as const)('says %j in words', (fate, words) => {
    render(<CallStrip view={{ call: { state: 'ended', call, live: false }, fate, noteCardId: null }} />);
    expect(screen.getByTestId('call-fate').textContent).toBe(words);
  });
});

// @vitest-environment happy-dom
/** The toolbar popup follows the outbox (what waits, what is held), not only the connection's status. */
import { scriptedBackground, useEnglish } from '../support/ui';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { Popup } from '../../entrypoints/popup/Popup';
import { withOutbox } from '../../lib/calllog/outbox';

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
});
afterEach(() => cleanup());

const empty = { total: 0, byStatus: { pending: 0, 'waiting-person': 0, 'waiting-call': 0, 'waiting-reconnect': 0, failed: 0 }, held: 0, items: [] };
const todo = (key: string, held: boolean) => ({
  key,
  kind: 'todo' as const,
  status: 'pending' as const,
  createdAt: 1,
  attempts: 0,
  nextAttemptAt: 1,
  maybeSent: false,
  lastError: null,
  warnings: [],
  person: { type: 'Contact' as const, id: '003000000000001AAA', name: 'Ben Carter' },
  subject: `Call back ${key}`,
  note: null,
  ...(held ? { held: { reason: 'volume' as const, at: 1 } } : {}),
});

describe('the toolbar popup', () => {
  it('counts what waits and what is held as the outbox changes, with no change of the connection', async () => {
    const background = scriptedBackground();
    render(<Popup />);
    await background.answer('getStatus', { ok: true, connection: { state: 'connected', user: { name: 'Alex Morgan', username: 'alex@acme.example' }, instanceHost: 'acme.my.salesforce.com' }, version: '0.1.0', pending: 0 });
    await background.answer('getOutbox', { ok: true, outbox: empty });
    expect((await screen.findByTestId('popup-pending')).textContent).toBe('0 waiting to be written to Salesforce');
    expect(screen.queryByTestId('popup-held')).toBeNull();

    // The background holds two writes for unusual volume and queues one more: the popup follows.
    await withOutbox((items) => {
      items['todo:1'] = todo('todo:1', true);
      items['todo:2'] = todo('todo:2', true);
      items['todo:3'] = todo('todo:3', false);
    });
    expect((await screen.findByTestId('popup-held')).textContent).toBe('2 held for unusual volume: review them in the settings');
    expect(screen.getByTestId('popup-pending').textContent).toBe('3 waiting to be written to Salesforce');

    // Released and sent: the held count goes as it came.
    await withOutbox((items) => {
      delete items['todo:1'];
      delete items['todo:2'];
    });
    await screen.findByText('1 waiting to be written to Salesforce');
    expect(screen.queryByTestId('popup-held')).toBeNull();
    // Nothing of this asked the background again: the outbox's own changes reached the popup.
    expect(background.pending).toEqual([]);
  });
});

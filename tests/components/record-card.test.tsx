// @vitest-environment happy-dom
/** The record card's "who" part (#18): painted from the search answer while the card query runs. */
import { useEnglish } from '../support/ui';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordCard } from '../../components/RecordCard';
import type { Candidate } from '../../lib/messaging/matching-messages';
import { whoCard } from '../../lib/matching/card';

beforeEach(() => useEnglish());
afterEach(() => cleanup());

const hit: Candidate = { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter', title: 'Purchasing Manager', company: 'Northwind Traders', owner: 'Alex Morgan' };

describe('the card while only who it is is known', () => {
  it('shows the name, type, owner, title and company, and nothing that needs the card query', () => {
    render(<RecordCard card={whoCard(hit, 'https://acme.my.salesforce.com')} refreshing actions={<button type="button">Log a note</button>} />);
    const card = screen.getByTestId('record-card');
    expect(card.getAttribute('aria-busy')).toBe('true');
    expect(card.querySelector('[data-field=name]')?.textContent).toBe('Ben Carter');
    expect(card.querySelector('[data-field=title]')?.textContent).toContain('Purchasing Manager');
    expect(card.querySelector('[data-field=company]')?.textContent).toContain('Northwind Traders');
    expect(card.querySelector('[data-field=owner]')?.textContent).toContain('Alex Morgan');
    expect(screen.getByTestId('refreshing')).toBeTruthy();
    // No empty lists that would say "none", no action on a record the background has not served yet.
    expect(card.querySelector('[data-testid=next-steps]')).toBeNull();
    expect(card.querySelector('[data-testid=past-activity]')).toBeNull();
    expect(screen.queryByText('Log a note')).toBeNull();
    expect(screen.getByTestId('view-record').getAttribute('href')).toBe('https://acme.my.salesforce.com/lightning/r/Contact/003000000000001AAA/view');
  });

  it('shows the lists and actions once the whole card is there', () => {
    const { partial: _, ...whole } = whoCard(hit, 'https://acme.my.salesforce.com');
    render(<RecordCard card={whole} refreshing={false} actions={<button type="button">Log a note</button>} />);
    expect(screen.getByTestId('next-steps')).toBeTruthy();
    expect(screen.getByTestId('past-activity')).toBeTruthy();
    expect(screen.getByText('Log a note')).toBeTruthy();
  });
});

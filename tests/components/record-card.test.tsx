// @vitest-environment happy-dom
/** The record card's "who" part (#18): painted from the search answer while the card query runs. */
import { useEnglish } from '../support/ui';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordCard } from '../../components/RecordCard';
import type { Candidate, Card, CardTask } from '../../lib/messaging/matching-messages';
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

describe('the card during a call', () => {
  const task = (n: number): CardTask => ({ id: `00T00000000000${n}AAA`, subject: `Task ${n}`, dueDate: '2026-11-29', status: 'Completed', assignedTo: 'Alex Morgan', callType: null, durationSeconds: null, description: null });
  const { partial: _, ...who } = whoCard(hit, 'https://acme.my.salesforce.com');
  const card: Card = { ...who, nextSteps: [task(1), task(2)], pastActivity: [task(3), task(4), task(5), task(6)] };
  const entries = (id: string) => [...screen.getByTestId(id).querySelectorAll('[data-task-id]')].map((li) => li.querySelector('[data-field=subject]')?.textContent);

  it('shows each list whole when no call is in the strip', () => {
    render(<RecordCard card={card} refreshing={false} />);
    expect(entries('past-activity')).toEqual(['Task 3', 'Task 4', 'Task 5', 'Task 6']);
    expect(screen.queryByTestId('show-more')).toBeNull();
  });

  it('shows the first two entries of a longer list, the rest one click away and back, and a short list whole', () => {
    render(<RecordCard card={card} refreshing={false} duringCall />);
    expect(entries('next-steps')).toEqual(['Task 1', 'Task 2']);
    expect(screen.getByTestId('next-steps').querySelector('[data-testid=show-more]')).toBeNull();
    expect(entries('past-activity')).toEqual(['Task 3', 'Task 4']);
    const more = screen.getByTestId('past-activity').querySelector('[data-testid=show-more]') as HTMLButtonElement;
    expect(more.textContent).toBe('Show 2 more');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    // The button says which list it opens.
    expect(document.getElementById(more.getAttribute('aria-controls')!)).toBe(screen.getByTestId('past-activity').querySelector('ul'));
    fireEvent.click(more);
    expect(entries('past-activity')).toEqual(['Task 3', 'Task 4', 'Task 5', 'Task 6']);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(more.textContent).toBe('Show fewer');
    fireEvent.click(more);
    expect(entries('past-activity')).toEqual(['Task 3', 'Task 4']);
  });
});

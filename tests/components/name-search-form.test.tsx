// @vitest-environment happy-dom
/** The one name-search form of the sidebar (#19): the manual search and "Not the right person?" both use it. */
import { useEnglish } from '../support/ui';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NameSearchForm } from '../../components/NameSearchForm';
import { TYPING_PAUSE_MS } from '../../lib/sidebar/typeahead';

beforeEach(() => {
  useEnglish();
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const type = (input: HTMLElement, value: string) => fireEvent.input(input, { target: { value } });

describe('NameSearchForm', () => {
  it('asks once per pause in the typing, the last words only, and at once on Enter without asking twice', () => {
    const search = vi.fn();
    render(<NameSearchForm inputId="q" label="Find by name" placeholder="Name" search={search} />);
    const input = screen.getByLabelText('Find by name');
    type(input, 'Be');
    type(input, 'Ben');
    vi.advanceTimersByTime(TYPING_PAUSE_MS - 1);
    expect(search).not.toHaveBeenCalled();
    type(input, 'Ben C');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(search.mock.calls).toEqual([['Ben C']]);
    type(input, 'Ben Carter');
    fireEvent.submit(input.closest('form')!);
    expect(search.mock.calls).toEqual([['Ben C'], ['Ben Carter']]);
    // The pause after Enter asks nothing more: the same words were just searched.
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('drops a search still waiting for its pause when the form goes away, or when its extra button clears it', () => {
    const search = vi.fn();
    const { unmount } = render(
      <NameSearchForm
        inputId="q"
        label="Search"
        placeholder="Name or number"
        search={search}
        autoFocus
        extra={(clear) => (
          <button type="button" onClick={clear}>
            Clear
          </button>
        )}
      />,
    );
    const input = screen.getByLabelText('Search') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    type(input, 'Northwind');
    fireEvent.click(screen.getByText('Clear'));
    expect(input.value).toBe('');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(search).not.toHaveBeenCalled();
    type(input, 'Bluefin');
    unmount();
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(search).not.toHaveBeenCalled();
  });

  it('is one search landmark, labelled when asked to be', () => {
    render(<NameSearchForm inputId="q" label="Find by name" placeholder="Name" search={() => undefined} labelForm autocomplete="off" />);
    const form = screen.getByRole('search');
    expect(form.getAttribute('aria-label')).toBe('Find by name');
    expect(screen.getByLabelText('Find by name', { selector: 'input' }).getAttribute('autocomplete')).toBe('off');
    expect(screen.getByRole('button', { name: 'Search' })).toBeTruthy();
  });
});

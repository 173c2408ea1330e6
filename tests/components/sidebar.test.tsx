// @vitest-environment happy-dom
import { scriptedBackground, useEnglish } from '../support/ui';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { OutboxStatus } from '../../components/OutboxStatus';
import { PersonArea } from '../../components/PersonArea';
import { SearchPanel } from '../../components/SearchPanel';
import { Sidebar } from '../../components/Sidebar';
import { withOutbox } from '../../lib/calllog/outbox';
import { sendRequest } from '../../lib/messaging/client';
import type { Settings } from '../../lib/messaging/contract';
import type { Card, PersonRef } from '../../lib/messaging/matching-messages';
import { createCalllogModel } from '../../lib/sidebar/calllog-model';
import { createDialpadBridge } from '../../lib/sidebar/dialpad-bridge';
import { createMatchModel } from '../../lib/sidebar/match-model';
import { createRelatedModel } from '../../lib/sidebar/related-model';
import { createSidebarModel } from '../../lib/sidebar/sidebar-model';
import { createTodoComposer } from '../../lib/sidebar/todo-composer';
import { sidebarCollapsedItem } from '../../lib/storage/items';

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
});
afterEach(() => cleanup());

const keys = { exact: 'c1|tel:+14155550100', shared: '*|tel:+14155550100' };
const ben: PersonRef = { phones: ['+14155550100'], dialpadContactId: 'c1' };
const card = (name: string): Card => ({
  type: 'Contact',
  id: '003000000000001AAA',
  name,
  owner: 'Alex Morgan',
  title: 'Purchasing Manager',
  company: 'Northwind Traders',
  stage: 'Proposal/Price Quote',
  email: null,
  phones: ['(415) 555-0100'],
  nextSteps: [],
  opportunities: [], cases: [], contacts: [], sections: { opportunities: false, cases: false, contacts: false }, 
  pastActivity: [{ id: '00T000000000001AAA', subject: 'Intro call', dueDate: '2026-11-01', status: 'Completed', assignedTo: 'Alex Morgan', callType: 'Inbound', durationSeconds: 60, description: null }],
  recordUrl: 'https://acme.my.salesforce.com/lightning/r/Contact/003000000000001AAA/view',
  activityUrl: 'https://acme.my.salesforce.com/lightning/r/Contact/003000000000001AAA/related/ActivityHistories/view',
});
const served = (outcome: object | null) => ({ ok: true, outcome, fromCache: false, storedAt: 1, keys });

describe('the sidebar and its connection, from the sidebar model', () => {
  it('offers to connect, says why connecting failed, then shows who is connected behind the header button; collapses to a rail that counts what waits', async () => {
    const background = scriptedBackground();
    const model = createSidebarModel({ collapsedStore: sidebarCollapsedItem, requestStatus: () => sendRequest({ type: 'getStatus' }), requestConnect: () => sendRequest({ type: 'openSettings' }) });
    render(<Sidebar model={model} waiting={2} />);
    const started = model.start();
    await background.answer('getStatus', { ok: true, connection: { state: 'disconnected' }, version: '0.1.0', pending: 2 });
    await started;
    expect((await screen.findByRole('status')).dataset.state).toBe('disconnected');
    expect(screen.getByRole('status').textContent).toBe('Not connected to Salesforce yet.');

    fireEvent.click(screen.getByTestId('connect'));
    await background.answer('openSettings', { ok: false, error: { code: 'requirement', message: 'No consumer key is set.' } });
    await background.answer('getStatus', { ok: true, connection: { state: 'connected', user: { name: 'Alex Morgan', username: 'alex@acme.example', orgId: '00D' }, instanceHost: 'acme.my.salesforce.com' }, version: '0.1.0', pending: 0 });
    const error = await screen.findByTestId('connect-error');
    expect(error.dataset.errorCode).toBe('requirement');
    expect(error.textContent).toBe('No consumer key is set.');
    await waitFor(() => expect(screen.getByTestId('connection-menu-button').getAttribute('aria-label')).toBe('Salesforce connection: Connected to Salesforce.'));
    expect(screen.queryByTestId('connected-user')).toBeNull();
    fireEvent.click(screen.getByTestId('connection-menu-button'));
    expect(screen.getByTestId('connected-user').textContent).toBe('Alex Morgan (alex@acme.example) on acme.my.salesforce.com');

    fireEvent.click(screen.getByTestId('collapse'));
    expect(screen.getByRole('complementary').dataset.collapsed).toBe('true');
    expect(screen.getByTestId('rail-badge').textContent).toBe('2');
    expect(screen.getByTestId('expand').getAttribute('aria-label')).toContain('2 waiting to be written to Salesforce');
    await waitFor(async () => expect(await sidebarCollapsedItem.getValue()).toBe(true));
  });
});

describe('the person area, from the match and call-log models', () => {
  it('renders Salesforce data as text, never as markup', async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    render(<PersonArea match={match} calllog={createCalllogModel(sendRequest)} composer={createTodoComposer()} calls={[]} />);
    void match.setPerson(ben);
    await background.answer('matchPerson', served({ kind: 'matched', card: card('<img src=x onerror="alert(1)">Ben'), candidates: [], picked: false }));
    const shown = await screen.findByTestId('record-card');
    expect(shown.textContent).toContain('<img src=x onerror="alert(1)">Ben');
    expect(shown.querySelector('img')).toBeNull();
    expect(within(shown).getByTestId('view-record').getAttribute('rel')).toBe('noopener noreferrer');
    expect(within(screen.getByTestId('past-activity')).getByText('Intro call')).toBeTruthy();
  });

  it('lists several matches and sends the pick; with none, offers Create Contact prefilled from Dialpad', async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    const candidate = { type: 'Contact', id: '003000000000002AAA', name: 'Dana Whitfield', title: null, company: 'Northwind Traders', owner: 'Alex Morgan' };
    render(<PersonArea match={match} calllog={createCalllogModel(sendRequest)} composer={createTodoComposer()} calls={[]} displayName="山田 太郎" />);
    void match.setPerson(ben);
    await background.answer('matchPerson', served({ kind: 'several', candidates: [candidate, { ...candidate, id: '00Q000000000003AAA', type: 'Lead', name: 'Dana W.' }] }));
    await background.answer('matchPerson', served({ kind: 'several', candidates: [candidate, { ...candidate, id: '00Q000000000003AAA', type: 'Lead', name: 'Dana W.' }] }));
    fireEvent.click(await screen.findByText('Dana Whitfield'));
    const pick = await background.answer('pickRecord', served({ kind: 'none', searched: ['+14155550100'] }));
    expect(pick).toMatchObject({ recordType: 'Contact', recordId: '003000000000002AAA', person: ben });

    fireEvent.click(await screen.findByTestId('create-contact'));
    const form = screen.getByTestId('create-form');
    expect((within(form).getByLabelText('Last name') as HTMLInputElement).value).toBe('山田');
    expect((within(form).getByLabelText('First name') as HTMLInputElement).value).toBe('太郎');
    expect((within(form).getByLabelText('Phone') as HTMLInputElement).value).toBe('+14155550100');
    fireEvent.input(within(form).getByLabelText('Last name'), { target: { value: ' ' } });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toMatch(/last name/i);
    expect(background.pending).toEqual([]);
  });

  it('saves a ToDo from the card and says so; the outbox shows what waits, retries it, and sends discarding to the settings page', async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    const calllog = createCalllogModel(sendRequest);
    const stop = calllog.watch();
    render(<PersonArea match={match} calllog={calllog} composer={createTodoComposer()} calls={[]} />);
    void match.setPerson(ben);
    await background.answer('matchPerson', served({ kind: 'matched', card: card('Ben Carter'), candidates: [], picked: false }));
    await background.answer('matchPerson', served({ kind: 'matched', card: card('Ben Carter'), candidates: [], picked: false }));
    fireEvent.click(await screen.findByTestId('create-todo'));
    fireEvent.input(screen.getByLabelText('Subject'), { target: { value: 'Send the brochure' } });
    fireEvent.submit(screen.getByTestId('todo-form'));
    const saved = await background.answer('saveNote', { ok: true, key: 'todo:1', status: 'pending', warnings: [] });
    expect(saved).toMatchObject({ subject: 'Send the brochure', callId: null, person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter' } });
    await screen.findByTestId('todo-saved');

    // What the background writes to the outbox reaches the sidebar as the storage change itself.
    await withOutbox((items) => {
      items['todo:1'] = { key: 'todo:1', kind: 'todo', status: 'failed', createdAt: 1, attempts: 1, nextAttemptAt: 1, maybeSent: false, lastError: { code: 'STRING_TOO_LONG', message: 'Subject too long', at: 1 }, warnings: [], person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter' }, subject: 'Send the brochure', note: null };
    });
    const outbox = await screen.findByTestId('outbox');
    expect(within(outbox).getByText('Send the brochure')).toBeTruthy();
    fireEvent.click(within(outbox).getByText('Retry'));
    expect(await background.answer('retryOutbox', { ok: true, retried: 1 })).toMatchObject({ keys: ['todo:1'] });
    // Discarding is the extension's own pages' to do (#17): the sidebar opens the settings page.
    expect(within(outbox).queryByTestId('outbox-discard')).toBeNull();
    fireEvent.click(within(outbox).getByTestId('outbox-manage'));
    expect(await background.answer('openSettings', { ok: true })).toMatchObject({ type: 'openSettings' });
    stop();
  });

  it('on the settings page, discards only after a second click', async () => {
    const background = scriptedBackground();
    const calllog = createCalllogModel(sendRequest);
    const summary = { total: 1, byStatus: { pending: 0, 'waiting-person': 0, 'waiting-call': 0, 'waiting-reconnect': 0, failed: 1 }, items: [{ key: 'todo:1', kind: 'todo' as const, status: 'failed' as const, label: 'Send the brochure', error: 'Subject too long', personProblem: null }] };
    render(<OutboxStatus outbox={summary} onRetry={(keys) => void calllog.retry(keys)} onDiscard={(key) => void calllog.discard(key)} />);
    fireEvent.click(screen.getByText('Discard'));
    expect(background.pending).toEqual([]);
    fireEvent.click(screen.getByTestId('outbox-discard-confirm'));
    expect(await background.answer('discardOutboxItem', { ok: true, discarded: true })).toMatchObject({ key: 'todo:1', confirmed: true });
  });
});

describe('what the sidebar read from Dialpad, from the bridge', () => {
  it('does not repeat the contact Dialpad shows; when the page cannot be read, a search box that names whom to match', async () => {
    const bridge = createDialpadBridge();
    render(<SearchPanel bridge={bridge} connected />);
    expect(screen.getByTestId('nobody-in-view')).toBeTruthy();
    bridge.observe({ type: 'contact', contact: { name: 'Ben Carter', phones: [{ display: '(415) 555-0100', normalized: '+14155550100' }], emails: [], dialpadContactId: 'c1', internal: false } });
    await waitFor(() => expect(screen.queryByTestId('nobody-in-view')).toBeNull());
    expect(screen.getByTestId('search-panel').textContent).not.toContain('Ben Carter');
    expect(screen.queryByTestId('manual-search')).toBeNull();
    expect(bridge.person.value).toEqual({ phones: ['+14155550100'], email: null, dialpadContactId: 'c1' });
    expect(bridge.searched.value).toEqual(['(415) 555-0100']);

    bridge.observe({ type: 'health', health: { ok: false, missing: ['contact'] } });
    await screen.findByTestId('reader-degraded');
    const search = screen.getByTestId('manual-search');
    fireEvent.input(within(search).getByRole('searchbox'), { target: { value: '03-1234-5678' } });
    fireEvent.submit(search);
    expect(bridge.person.value).toEqual({ phones: ['03-1234-5678'], dialpadContactId: null });
    expect(bridge.manualQuery.value).toBe('03-1234-5678');
  });

  it('opens the search from the header button and goes back to Dialpad\'s person when closed', async () => {
    const bridge = createDialpadBridge();
    render(<SearchPanel bridge={bridge} connected />);
    bridge.observe({ type: 'contact', contact: { name: 'Ben Carter', phones: [{ display: '(415) 555-0100', normalized: '+14155550100' }], emails: [], dialpadContactId: 'c1', internal: false } });
    bridge.toggleSearch(true);
    const search = await screen.findByTestId('manual-search');
    fireEvent.input(within(search).getByRole('searchbox'), { target: { value: 'Ben Carter' } });
    fireEvent.submit(search);
    expect(bridge.person.value).toEqual({ phones: [], text: 'Ben Carter', email: null });
    fireEvent.click(within(search).getByTestId('close-search'));
    await waitFor(() => expect(screen.queryByTestId('manual-search')).toBeNull());
    expect(bridge.person.value).toEqual({ phones: ['+14155550100'], email: null, dialpadContactId: 'c1' });
  });
});

describe('always the right record (#19)', () => {
  const deal = (id: string, name: string, stage: string) => ({ id, name, stage, closeDate: '2026-12-30', role: true, url: `https://acme.my.salesforce.com/lightning/r/Opportunity/${id}/view` });
  const withDeals = (): Card => ({
    ...card('Ben Carter'),
    opportunities: [deal('006000000000001AAA', 'Fleet renewal', 'Proposal/Price Quote'), deal('006000000000002AAA', 'Battery add-on', 'Qualification')],
    cases: [{ id: '500000000000001AAA', caseNumber: '00001001', subject: 'Inverter alarm', status: 'Working', url: 'https://acme.my.salesforce.com/lightning/r/Case/500000000000001AAA/view' }],
    sections: { opportunities: true, cases: true, contacts: false },
  });
  const settings = signal(null as Settings | null);

  it("shows a company's card — its deals, case and contacts — and sends the contact the user picks", async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    render(<PersonArea match={match} calllog={createCalllogModel(sendRequest)} composer={createTodoComposer()} calls={[]} related={createRelatedModel(sendRequest, settings)} />);
    void match.setPerson(ben);
    const account: Card = {
      ...withDeals(),
      type: 'Account',
      id: '001000000000001AAA',
      name: 'Bluefin Logistics',
      title: null,
      company: null,
      contacts: [{ id: '003000000000009AAA', name: 'Marcus Webb', title: 'Fleet Director', phone: '(415) 555-0178', url: 'https://acme.my.salesforce.com/lightning/r/Contact/003000000000009AAA/view' }],
      sections: { opportunities: true, cases: true, contacts: true },
    };
    await background.answer('matchPerson', served({ kind: 'matched', card: account, candidates: [], picked: false }));
    const shown = await screen.findByTestId('record-card');
    expect(shown.dataset.recordType).toBe('Account');
    expect(within(shown).getByTestId('view-record').textContent).toBe('View Account');
    // A company's deals are not folded; there is no "Related to": its calls go on the Account.
    expect(within(shown).getByTestId('opportunities').tagName).toBe('SECTION');
    expect(within(shown).queryByTestId('related-to')).toBeNull();
    expect(within(shown).getByText('00001001 Inverter alarm').getAttribute('href')).toContain('/lightning/r/Case/');
    fireEvent.click(within(shown).getByRole('button', { name: 'Pick Marcus Webb as the person on this number' }));
    expect(await background.answer('pickRecord', served({ kind: 'none', searched: [] }))).toMatchObject({ recordType: 'Contact', recordId: '003000000000009AAA', person: ben });
  });

  it('after "Not the right person?", finds the person by name and makes the pick this number\'s person', async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    render(<PersonArea match={match} calllog={createCalllogModel(sendRequest)} composer={createTodoComposer()} calls={[]} />);
    void match.setPerson(ben);
    const benCandidate = { type: 'Contact', id: '003000000000001AAA', name: 'Ben Carter', title: null, company: 'Northwind Traders', owner: 'Alex Morgan' };
    await background.answer('matchPerson', served({ kind: 'matched', card: card('Ben Carter'), candidates: [benCandidate], picked: false }));
    await background.answer('matchPerson', served({ kind: 'matched', card: card('Ben Carter'), candidates: [benCandidate], picked: false }));
    // A card found by its number offers no name search until the user says it is the wrong person.
    await screen.findByTestId('record-card');
    expect(screen.queryByTestId('name-search')).toBeNull();
    fireEvent.click(screen.getByTestId('not-right-person'));
    await background.answer('rematchPerson', served({ kind: 'several', candidates: [benCandidate] }));
    const box = await screen.findByRole('searchbox', { name: 'Find the right person by name' });
    fireEvent.input(box, { target: { value: "Marcus O'Brien" } });
    fireEvent.submit(box.closest('form')!);
    const asked = await background.answer('matchPerson', served({ kind: 'several', candidates: [{ ...benCandidate, id: '003000000000009AAA', name: "Marcus O'Brien" }] }));
    // A search of its own: the number's person stays in view meanwhile.
    expect(asked).toMatchObject({ person: { phones: [], text: "Marcus O'Brien", email: null }, mode: 'fresh' });
    const found = await screen.findByTestId('name-candidates');
    expect(within(found).getByRole('heading').textContent).toBe("1 found for “Marcus O'Brien”");
    fireEvent.click(within(found).getByText("Marcus O'Brien"));
    const pick = await background.answer('pickRecord', served({ kind: 'matched', card: { ...card("Marcus O'Brien"), id: '003000000000009AAA' }, candidates: [], picked: true }));
    expect(pick).toMatchObject({ person: ben, recordType: 'Contact', recordId: '003000000000009AAA' });
    await waitFor(() => expect(screen.queryByTestId('name-search')).toBeNull());
    expect(background.pending).toEqual([]);
  });

  it("relates a person's calls to their latest deal, changes it in one choice, and lets a ToDo say its own", async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    const calllog = createCalllogModel(sendRequest);
    const related = createRelatedModel(sendRequest, settings);
    const stop = related.watch();
    render(<PersonArea match={match} calllog={calllog} composer={createTodoComposer()} calls={[]} related={related} />);
    void match.setPerson(ben);
    await background.answer('matchPerson', served({ kind: 'matched', card: withDeals(), candidates: [], picked: false }));
    const select = (await screen.findByLabelText('Related to')) as HTMLSelectElement;
    expect(select.value).toBe('Opportunity:006000000000001AAA');
    expect([...select.options].map((o) => o.textContent)).toEqual(['None', 'Fleet renewal', 'Battery add-on', '00001001 Inverter alarm']);
    // Deals and cases fold under their headings on a person's card.
    expect(screen.getByTestId('opportunities').tagName).toBe('DETAILS');

    fireEvent.change(select, { target: { value: 'Case:500000000000001AAA' } });
    expect(await background.answer('setRelatedTo', { ok: true })).toMatchObject({ person: { type: 'Contact', id: '003000000000001AAA' }, related: { type: 'Case', id: '500000000000001AAA', name: '00001001 Inverter alarm' } });
    await waitFor(() => expect(select.value).toBe('Case:500000000000001AAA'));

    fireEvent.click(screen.getByTestId('create-todo'));
    const form = await screen.findByTestId('todo-form');
    const own = within(form).getByLabelText('Related to') as HTMLSelectElement;
    expect(own.value).toBe('Case:500000000000001AAA');
    fireEvent.change(own, { target: { value: 'Opportunity:006000000000002AAA' } });
    fireEvent.input(within(form).getByLabelText('Subject'), { target: { value: 'Send the brochure' } });
    fireEvent.submit(form);
    expect(await background.answer('saveNote', { ok: true, key: 'todo:1', status: 'pending', warnings: [] })).toMatchObject({
      subject: 'Send the brochure',
      relatedTo: { type: 'Opportunity', id: '006000000000002AAA', name: 'Battery add-on' },
    });
    // The ToDo's choice was its own: the card still says the case.
    expect(select.value).toBe('Case:500000000000001AAA');
    stop();
  });

  it('offers deals only, or nothing, as the policy says', async () => {
    const background = scriptedBackground();
    const match = createMatchModel(sendRequest);
    const policy = signal({ relatedTo: 'opportunities', relatedToDefault: false } as Settings);
    render(<PersonArea match={match} calllog={createCalllogModel(sendRequest)} composer={createTodoComposer()} calls={[]} related={createRelatedModel(sendRequest, policy)} />);
    void match.setPerson(ben);
    await background.answer('matchPerson', served({ kind: 'matched', card: withDeals(), candidates: [], picked: false }));
    const select = (await screen.findByLabelText('Related to')) as HTMLSelectElement;
    expect(select.value).toBe('');
    expect([...select.options].map((o) => o.textContent)).toEqual(['None', 'Fleet renewal', 'Battery add-on']);
    policy.value = { relatedTo: 'none', relatedToDefault: true } as Settings;
    await waitFor(() => expect(screen.queryByLabelText('Related to')).toBeNull());
  });
});

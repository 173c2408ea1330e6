import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { callerOf } from '../../../lib/background/callers';
import { routeMessage } from '../../../lib/background/router';
import { serveAlongside } from '../../../lib/background/served-ids';
import type { Handlers } from '../../../lib/messaging/contract';
import type { ServedMatch } from '../../../lib/messaging/matching-messages';

const ID = 'hehoenggjkchdebclaadeimhnnacggai';
const EXTENSION = `chrome-extension://${ID}`;
const dialpadTab = { id: ID, url: 'https://dialpad.com/app/contacts/1', origin: 'https://dialpad.com', documentId: 'DOC-1', frameId: 0, tab: { id: 7 } };

describe('who may send what (#17)', () => {
  it('tells the extension\'s own pages from the content script in a Dialpad page, and refuses everyone else', () => {
    expect(callerOf({ id: ID, url: `${EXTENSION}/options.html`, origin: EXTENSION, tab: { id: 3 }, frameId: 0 }, ID, EXTENSION)).toEqual({ kind: 'extension-page' });
    expect(callerOf({ id: ID, url: `${EXTENSION}/popup.html`, origin: EXTENSION }, ID, EXTENSION)).toEqual({ kind: 'extension-page' });
    expect(callerOf(dialpadTab, ID, EXTENSION)).toEqual({ kind: 'dialpad', document: 'DOC-1', tab: 'tab-7' });
    // Another extension, a subframe, a page the content script does not run on, a page claiming the extension's url.
    expect(callerOf({ ...dialpadTab, id: 'someotherextensionidaaaaaaaaaaaa' }, ID, EXTENSION)).toBeNull();
    expect(callerOf({ ...dialpadTab, frameId: 3 }, ID, EXTENSION)).toBeNull();
    expect(callerOf({ ...dialpadTab, url: 'https://evil.example/app', origin: 'https://evil.example' }, ID, EXTENSION)).toBeNull();
    expect(callerOf({ ...dialpadTab, url: `${EXTENSION}/options.html` }, ID, EXTENSION)).toBeNull();
  });
});

describe('routeMessage by caller (#17)', () => {
  const dialpad = { kind: 'dialpad', document: 'DOC-1', tab: 'tab-7' } as const;
  const calls: string[] = [];
  const served = (ids: { card: string; task: string; candidate: string }): ServedMatch => ({
    outcome: {
      kind: 'matched',
      card: { type: 'Contact', id: ids.card, name: 'Ben', owner: null, title: null, company: null, stage: null, email: null, phones: [], nextSteps: [], opportunities: [], cases: [], contacts: [], sections: { opportunities: false, cases: false, contacts: false }, pastActivity: [{ id: ids.task, subject: 'Call', dueDate: null, status: 'Completed', assignedTo: null, callType: null, durationSeconds: null, description: null }], recordUrl: '', activityUrl: '' },
      candidates: [{ type: 'Contact', id: ids.candidate, name: 'Other', title: null, company: null, owner: null }],
      picked: false,
    },
    fromCache: false,
    storedAt: 1,
    keys: { exact: 'x', shared: 'y' },
  });
  const handlers: Partial<Handlers> = {
    connect: async () => (calls.push('connect'), { ok: true, connection: { state: 'connected' } }),
    discardOutboxItem: async () => (calls.push('discard'), { ok: true, discarded: true }),
    releaseHeld: async () => (calls.push('release'), { ok: true, released: 1 }),
    matchPerson: async () => ({ ok: true, ...served({ card: '003000000000001AAA', task: '00T000000000001AAA', candidate: '003000000000002AAA' }) }),
    pickRecord: async () => (calls.push('pick'), { ok: true, ...served({ card: '003000000000002AAA', task: '00T000000000002AAA', candidate: '003000000000001AAA' }) }),
    editTask: async () => (calls.push('edit'), { ok: true, key: 'edit:x', warnings: [] }),
    saveNote: async () => (calls.push('note'), { ok: true, key: 'todo:x', status: 'pending', warnings: [] }),
  };
  const person = { phones: ['+14155550100'] };

  beforeEach(() => {
    fakeBrowser.reset();
    calls.length = 0;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it('refuses connect, discards and releases of held writes from a Dialpad page, and answers them from the extension\'s pages', async () => {
    expect(await routeMessage({ type: 'connect' }, handlers, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await routeMessage({ type: 'discardOutboxItem', key: 'call:1', confirmed: true }, handlers, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await routeMessage({ type: 'releaseHeld', keys: 'all' }, handlers, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(calls).toEqual([]);
    expect(await routeMessage({ type: 'connect' }, handlers, { kind: 'extension-page' })).toMatchObject({ ok: true });
    expect(await routeMessage({ type: 'releaseHeld', keys: 'all' }, handlers, { kind: 'extension-page' })).toMatchObject({ ok: true });
    expect(calls).toEqual(['connect', 'release']);
  });

  it('lets a Dialpad page pick, note on and edit only records it was shown', async () => {
    const pick = { type: 'pickRecord', person, recordType: 'Contact', recordId: '003000000000002AAA' };
    const edit = { type: 'editTask', taskId: '00T000000000001AAA', subject: 'x', note: null, person: { type: 'Contact', id: '003000000000001AAA', name: 'Ben' } };
    expect(await routeMessage(pick, handlers, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await routeMessage(edit, handlers, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    await routeMessage({ type: 'matchPerson', person, mode: 'fresh' }, handlers, dialpad);
    expect(await routeMessage(pick, handlers, dialpad)).toMatchObject({ ok: true });
    expect(await routeMessage(edit, handlers, dialpad)).toMatchObject({ ok: true });
    // Another document of the same browser was shown nothing.
    expect(await routeMessage(edit, handlers, { kind: 'dialpad', document: 'DOC-2', tab: 'tab-7' })).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    // A note on a person never shown is refused; a Task written for a shown person becomes editable.
    const note = (id: string) => ({ type: 'saveNote', person: { type: 'Contact', id, name: 'X' }, subject: 's', note: null, callId: null });
    expect(await routeMessage(note('003000000000009AAA'), handlers, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await routeMessage(note('003000000000001AAA'), handlers, dialpad)).toMatchObject({ ok: true });
    await serveAlongside('003000000000001AAA', ['00T000000000777AAA']);
    expect(await routeMessage({ ...edit, taskId: '00T000000000777AAA' }, handlers, dialpad)).toMatchObject({ ok: true });
    expect(calls).toEqual(['pick', 'edit', 'note', 'edit']);
    // The records a duplicate rule named when creating a person may be used instead.
    const duplicate = '003000000000555AAA';
    const withDuplicates: Partial<Handlers> = { ...handlers, createPerson: async () => ({ ok: true, duplicates: { allowSave: true, records: [{ type: 'Contact', id: duplicate, name: 'Dana', title: null, company: null, owner: null, recordUrl: '' }] } }) };
    expect(await routeMessage({ ...pick, recordId: duplicate }, withDuplicates, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    await routeMessage({ type: 'createPerson', person, record: { type: 'Contact', firstName: 'Dana', lastName: 'W' } }, withDuplicates, dialpad);
    expect(await routeMessage({ ...pick, recordId: duplicate }, withDuplicates, dialpad)).toMatchObject({ ok: true });
  });

  it('lets a Dialpad page use a record a duplicate rule matched when it created a person (#14), and no other', async () => {
    const existing = '003000000000042AAA';
    const duplicates = {
      ...handlers,
      createPerson: async () => ({
        ok: true as const,
        duplicates: { allowSave: true, records: [{ type: 'Contact' as const, id: existing, name: 'Dana Whitfield', title: 'Buyer', company: null, owner: null, recordUrl: '' }] },
      }),
    };
    const pick = (recordId: string) => ({ type: 'pickRecord', person, recordType: 'Contact', recordId });
    expect(await routeMessage(pick(existing), duplicates, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    await routeMessage({ type: 'createPerson', person, record: { type: 'Contact', firstName: 'Dana', lastName: 'Whitfield' } }, duplicates, dialpad);
    expect(await routeMessage(pick(existing), duplicates, dialpad)).toMatchObject({ ok: true });
    expect(await routeMessage(pick('003000000000043AAA'), duplicates, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  });

  it('lets a Dialpad page relate a note or a person only to a deal or case it was shown (#19)', async () => {
    const withDeal: Partial<Handlers> = {
      ...handlers,
      matchPerson: async () => {
        const reply = served({ card: '003000000000001AAA', task: '00T000000000001AAA', candidate: '003000000000002AAA' });
        if (reply.outcome?.kind === 'matched') reply.outcome.card.opportunities = [{ id: '006000000000001AAA', name: 'Deal', stage: null, closeDate: null, role: true, url: '' }];
        return { ok: true, ...reply };
      },
      setRelatedTo: async () => (calls.push('related'), { ok: true }),
    };
    const ben = { type: 'Contact' as const, id: '003000000000001AAA', name: 'Ben' };
    const note = (dealId: string) => ({ type: 'saveNote', person: ben, subject: 's', note: null, callId: null, relatedTo: { type: 'Opportunity', id: dealId, name: 'Deal' } });
    const relate = (dealId: string) => ({ type: 'setRelatedTo', person: { type: 'Contact', id: ben.id }, related: { type: 'Opportunity', id: dealId, name: 'Deal' } });
    await routeMessage({ type: 'matchPerson', person, mode: 'fresh' }, withDeal, dialpad);
    expect(await routeMessage(note('006000000000009AAA'), withDeal, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await routeMessage(relate('006000000000009AAA'), withDeal, dialpad)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await routeMessage(note('006000000000001AAA'), withDeal, dialpad)).toMatchObject({ ok: true });
    expect(await routeMessage(relate('006000000000001AAA'), withDeal, dialpad)).toMatchObject({ ok: true });
    expect(calls).toEqual(['note', 'related']);
  });
});

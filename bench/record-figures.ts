/**
 * The request cost of "always the right record" (#19), in real Chromium against the emulator's demo
 * org as its standard rep, counted in the emulator's request log: a name typed in the search box
 * (per pause in the typing), a company's main line seen for the first time, and a call logged with
 * "Related to" — the default deal, then a case chosen on the card.
 */
import type { Page } from 'puppeteer-core';
import { buildDemoOrgSnapshot, DEMO_FACTS } from '../emulator/seed/demo-records';
import { clickInSidebar, waitForSidebar, waitForSidebarElement } from '../tests/e2e/harness';
import { startConnectedWorld } from '../tests/e2e/world';
import { round, type Figure } from './figures';
import { apiRequests, makeCall } from './salesforce-figures';

type Rec = Record<string, unknown>;
const BEN_DIALPAD = '5629499534213120';
const BLUEFIN_DIALPAD = '6011254498361344';
/** A typist's gap between keys: well under the sidebar's pause (TYPING_PAUSE_MS, 400 ms). */
const KEY_GAP_MS = 60;

/** Clears the search box and types `text` key by key, as a person does. */
async function typeName(page: Page, text: string): Promise<void> {
  const box = await waitForSidebarElement(page, '#sfsd-manual-search');
  await box.evaluate((input) => (input as HTMLInputElement).select());
  await page.keyboard.type(text, { delay: KEY_GAP_MS });
}

export async function recordFigures(options: { names: number }): Promise<Figure[]> {
  const world = await startConnectedWorld();
  const { page, emulator } = world;
  const searches = (mark: number) => apiRequests(emulator, mark).filter((r) => /\/search$/.test(r.path)).length;
  try {
    // A name typed in the search box: the first name and the start of the last, one pause each.
    const contacts = (buildDemoOrgSnapshot().records.Contact ?? []) as Rec[];
    const fullName = (c: Rec) => `${c.FirstName} ${c.LastName}`;
    const named = (emulator.emulator.control.records('Contact') as Rec[]).map((c) => [fullName(c), String(c.Id)] as const);
    // People whose name is theirs alone (the demo org repeats common names), so the list must show them.
    const unique = (c: Rec) => named.filter(([name]) => name.startsWith(`${c.FirstName} ${String(c.LastName).slice(0, 3)}`)).length === 1;
    const people = contacts.filter((c) => /^[A-Za-z]{2,}$/.test(String(c.FirstName ?? '')) && /^[A-Za-z]{4,}$/.test(String(c.LastName ?? '')) && unique(c)).slice(0, options.names);
    const ids = new Map(named);
    await clickInSidebar(page, '[data-testid=open-search]');
    const typedMark = emulator.emulator.control.mark();
    let keys = 0;
    for (const person of people) {
      const text = `${person.FirstName} ${String(person.LastName).slice(0, 3)}`;
      keys += text.length;
      await typeName(page, text);
      const id = ids.get(fullName(person));
      await waitForSidebar(page, (root, wanted) => root.querySelector(`[data-testid=candidates] button[data-record-id="${wanted}"]`), id);
    }
    const typedSearches = searches(typedMark);
    const perPause = typedSearches / people.length;
    const allTyped = apiRequests(emulator, typedMark).length;
    // The pick opens the card: one request (the card's reads in one Composite).
    const pickMark = emulator.emulator.control.mark();
    await clickInSidebar(page, `[data-testid=candidates] button[data-record-id="${ids.get(fullName(people.at(-1)!))}"]`);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card][aria-busy=false]'));
    const pick = apiRequests(emulator, pickMark).length;
    await clickInSidebar(page, '[data-testid=close-search]');

    // A company's main line, never seen before.
    const lineMark = emulator.emulator.control.mark();
    await page.evaluate((id) => window.dialpadStandin.showContact(id), BLUEFIN_DIALPAD);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card][data-record-type=Account][aria-busy=false]'));
    const line = apiRequests(emulator, lineMark).length;

    // Calls with Ben on screen: related to his latest open deal, then to the case chosen on the card.
    await page.evaluate((id) => window.dialpadStandin.showContact(id), BEN_DIALPAD);
    await waitForSidebar(page, (root) => root.querySelector('[data-testid=record-card][aria-busy=false] #sfsd-card-related'));
    const tasks = () => emulator.emulator.control.records('Task') as Rec[];
    const logged = async (callId: string) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const task = tasks().find((t) => t.CallObject === callId);
        if (task) return task;
        if (Date.now() > deadline) throw new Error(`the call ${callId} was not logged within a minute`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const dealMark = emulator.emulator.control.mark();
    const onDeal = await logged(await makeCall(page, DEMO_FACTS.benCarter.dialpadNumber, 40));
    const dealCall = apiRequests(emulator, dealMark).length;

    await page.evaluate((id) => window.dialpadStandin.showContact(id), BEN_DIALPAD);
    const chooseMark = emulator.emulator.control.mark();
    const select = await waitForSidebarElement(page, '#sfsd-card-related');
    await select.focus();
    const caseValue = await select.evaluate((element) => [...(element as HTMLSelectElement).options].find((option) => option.value.startsWith('Case:'))!.value);
    // By keyboard: the sidebar takes only the user's own (trusted) events.
    for (let presses = 0; (await select.evaluate((element) => (element as HTMLSelectElement).value)) !== caseValue; presses++) {
      if (presses > 20) throw new Error(`the case ${caseValue} could not be chosen by keyboard`);
      await page.keyboard.press('ArrowDown');
    }
    await waitForSidebar(page, (root, v) => (root.querySelector('#sfsd-card-related') as HTMLSelectElement).value === v, caseValue);
    const choose = apiRequests(emulator, chooseMark).length;
    const caseMark = emulator.emulator.control.mark();
    const onCase = await logged(await makeCall(page, DEMO_FACTS.benCarter.dialpadNumber, 50));
    const caseCall = apiRequests(emulator, caseMark).length;
    const relatedOk = String(onDeal.WhatId ?? '').startsWith('006') && String(onCase.WhatId ?? '').startsWith('500');

    return [
      {
        id: 'N1',
        name: 'name search: Salesforce requests per pause in typing',
        value: round(perPause, 2),
        unit: 'requests',
        target: 1,
        compare: '<=',
        detail: `${people.length} names typed key by key (${keys} keys, ${KEY_GAP_MS} ms apart): ${typedSearches} SOSL searches, ${allTyped} requests in all; a pick then costs ${pick} (the card)`,
      },
      {
        id: 'N2',
        name: "a company's main line, first view",
        value: line,
        unit: 'requests',
        target: 2,
        compare: '<=',
        detail: 'the SOSL phone match, then the Account card (owner, open deals, cases, contacts, activity) in one query',
      },
      {
        id: 'N3',
        name: 'Salesforce requests per call logged with "Related to"',
        value: round((dealCall + caseCall) / 2, 2),
        unit: 'requests',
        target: 1,
        compare: '<=',
        detail: `the person on screen; one call on the default deal (${dealCall}), one on a case chosen on the card (${caseCall}; the choice itself: ${choose} requests)${relatedOk ? '' : `; WhatId NOT as chosen: ${String(onDeal.WhatId)}, ${String(onCase.WhatId)}`}`,
      },
    ];
  } finally {
    await world.close();
  }
}

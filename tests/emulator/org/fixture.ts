/**
 * A small, hand-made org for unit tests of the org's rules: every record is written out here, so a
 * test can state exact answers. The demo seed has its own tests (demo-seed.test.ts).
 */
import { SYSTEM_ADMINISTRATOR_PROFILE } from '../../../emulator/org/access';
import { makeId } from '../../../emulator/org/ids';
import { EmulatedOrg } from '../../../emulator/org/org';
import { SalesforceError, type OrgSnapshot, type RequestContext } from '../../../emulator/org/types';

export const NOW = new Date('2026-11-24T12:00:00Z');
const STAMP = '2026-11-01T09:00:00.000+0000';

let serial = 0;
const id = (prefix: string) => makeId(prefix, ++serial, 'Fx');

export const IDS = (() => {
  serial = 0;
  return {
    org: id('00D'),
    alex: id('005'),
    hanako: id('005'),
    acme: id('001'),
    sakura: id('001'),
    ben: id('003'),
    ann: id('003'),
    yamada: id('003'),
    orphan: id('003'),
    lead: id('00Q'),
    deal: id('006'),
    won: id('006'),
    role: id('00K'),
    openFuture: id('00T'),
    openOverdue: id('00T'),
    openNoDate: id('00T'),
    callA: id('00T'),
    callB: id('00T'),
    leadTask: id('00T'),
    dealTask: id('00T'),
    deletedTask: id('00T'),
  };
})();

const system = (owner = IDS.alex) => ({ IsDeleted: false, CreatedDate: STAMP, CreatedById: owner, LastModifiedDate: STAMP, LastModifiedById: owner, SystemModstamp: STAMP });

export function fixtureSnapshot(): OrgSnapshot {
  const i = IDS;
  return {
    org: { id: i.org, name: 'Fixture Org', apiEnabled: true },
    users: [
      // Alex administers the org ("View All Data"); Hanako is a standard-profile rep.
      { Id: i.alex, Username: 'alex@fixture.example', Name: 'Alex Morgan', FirstName: 'Alex', LastName: 'Morgan', Email: 'alex@fixture.example', IsActive: true, ProfileId: SYSTEM_ADMINISTRATOR_PROFILE.Id },
      { Id: i.hanako, Username: 'hanako@fixture.example', Name: '佐藤 花子', FirstName: '花子', LastName: '佐藤', Email: 'hanako@fixture.example', IsActive: true },
    ],
    records: {
      Account: [
        { Id: i.acme, ...system(), Name: 'Acme Corp', Phone: '+1 415-555-0199', Industry: 'Energy', OwnerId: i.alex },
        { Id: i.sakura, ...system(i.hanako), Name: 'さくら商事株式会社', Phone: '03-1234-0000', OwnerId: i.hanako },
      ],
      Contact: [
        { Id: i.ben, ...system(), FirstName: 'Ben', LastName: 'Carter', Title: 'VP Sales', Phone: '(415) 555-0100', MobilePhone: '415.555.0123 ext. 45', Email: 'ben@acme.example', AccountId: i.acme, OwnerId: i.alex },
        { Id: i.ann, ...system(), FirstName: 'Ann', LastName: 'Lee', Title: null, Phone: '+1 415 555 0199', Email: 'ann_lee@acme.example', AccountId: i.acme, OwnerId: i.hanako },
        { Id: i.yamada, ...system(i.hanako), FirstName: '太郎', LastName: '山田', Title: '部長', Phone: '03-1234-5678', AccountId: i.sakura, OwnerId: i.hanako },
        { Id: i.orphan, ...system(), FirstName: null, LastName: 'Nobody', Phone: '+81 3 9999 0000', OwnerId: i.alex },
      ],
      Lead: [{ Id: i.lead, ...system(i.hanako), FirstName: '晃', LastName: '田中', Company: '田中商事', MobilePhone: '080-2222-3333', Status: 'Working - Contacted', IsConverted: false, OwnerId: i.hanako }],
      Opportunity: [
        { Id: i.deal, ...system(), Name: 'Acme — Fleet renewal', StageName: 'Proposal/Price Quote', CloseDate: '2026-12-24', Amount: 48000, AccountId: i.acme, OwnerId: i.alex },
        { Id: i.won, ...system(), Name: 'Acme — Pilot', StageName: 'Closed Won', CloseDate: '2026-06-01', Amount: 12000, AccountId: i.acme, OwnerId: i.alex },
      ],
      OpportunityContactRole: [{ Id: i.role, ...system(), OpportunityId: i.deal, ContactId: i.ben, Role: 'Decision Maker', IsPrimary: true }],
      Task: [
        { Id: i.openFuture, ...system(), Subject: 'Send quote', Status: 'Not Started', Priority: 'High', ActivityDate: '2026-12-01', TaskSubtype: 'Task', WhoId: i.ben, WhatId: i.deal, OwnerId: i.alex },
        { Id: i.openOverdue, ...system(), Subject: 'Confirm survey', Status: 'In Progress', Priority: 'Normal', ActivityDate: '2026-11-21', TaskSubtype: 'Task', WhoId: i.ben, OwnerId: i.alex },
        { Id: i.openNoDate, ...system(), Subject: 'Someday', Status: 'Deferred', Priority: 'Low', ActivityDate: null, TaskSubtype: 'Task', WhoId: i.ben, OwnerId: i.hanako },
        { Id: i.callA, ...system(), Subject: 'Call 100% done', Status: 'Completed', Priority: 'Normal', ActivityDate: '2026-11-23', TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 312, WhoId: i.ben, WhatId: i.acme, OwnerId: i.alex },
        { Id: i.callB, ...system(), Subject: 'Call_B', Status: 'Completed', Priority: 'Normal', ActivityDate: '2026-11-16', TaskSubtype: 'Call', CallType: 'Inbound', CallDurationInSeconds: 48, WhoId: i.ben, OwnerId: i.hanako },
        { Id: i.leadTask, ...system(i.hanako), Subject: '初回打ち合わせ', Status: 'Not Started', Priority: 'Normal', ActivityDate: '2026-11-24', TaskSubtype: 'Task', WhoId: i.lead, OwnerId: i.hanako },
        { Id: i.dealTask, ...system(), Subject: 'Deal review', Status: 'Completed', Priority: 'Normal', ActivityDate: '2026-11-25', TaskSubtype: 'Task', WhatId: i.deal, OwnerId: i.alex },
        { Id: i.deletedTask, ...system(), IsDeleted: true, Subject: 'Deleted call', Status: 'Completed', Priority: 'Normal', TaskSubtype: 'Call', WhoId: i.ben, OwnerId: i.alex },
      ],
    },
  };
}

/** The fixture org, and a request by its administrator (`ctx`) and by its standard rep (`rep`). */
export function fixture(snapshot: OrgSnapshot = fixtureSnapshot()): { org: EmulatedOrg; ctx: RequestContext; rep: RequestContext } {
  return {
    org: new EmulatedOrg(snapshot),
    ctx: { userId: IDS.alex, apiVersion: '62.0', now: NOW },
    rep: { userId: IDS.hanako, apiVersion: '62.0', now: NOW },
  };
}

/** The SalesforceError a call throws (fails the test when it does not throw one). */
export function refusal(run: () => unknown): SalesforceError {
  try {
    run();
  } catch (error) {
    if (error instanceof SalesforceError) return error;
    throw error;
  }
  throw new Error('expected the org to refuse');
}

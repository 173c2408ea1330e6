/**
 * The demo org: Brightwave Solar's Salesforce, lined up with the Dialpad stand-in's default seed.
 * A few fixed people the tests and the demo rely on (DEMO_FACTS), and a few hundred generated,
 * bilingual records around them — numbers stored in mixed formats, shared company lines,
 * duplicates, leads, opportunities with contact roles, open and completed Tasks. Deterministic:
 * the same `now` gives the same org.
 */
import { STANDARD_USER_PROFILE, SYSTEM_ADMINISTRATOR_PROFILE } from '../org/access';
import { checksumSuffix, makeId } from '../org/ids';
import { fullName } from '../org/dml';
import type { DuplicateRuleSeed, OrgSnapshot, OrgUser } from '../org/types';

type Rec = Record<string, unknown>;

/** 15 characters plus the checksum, like every Salesforce id. */
const ORG_ID_15 = '00D5g000000DmOA';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let serial = 0;
const id = (prefix: string) => makeId(prefix, 1_000_000 + ++serial, 'Dm');

function user(first: string, last: string, email: string, language: string, zone: string, profileId = STANDARD_USER_PROFILE.Id): OrgUser {
  return {
    Id: id('005'),
    ProfileId: profileId,
    Username: email,
    Name: fullName(first, last),
    FirstName: first,
    LastName: last,
    Email: email,
    IsActive: true,
    LanguageLocaleKey: language,
    TimeZoneSidKey: zone,
  };
}

/** Facts the end-to-end tests check the sidebar against (they also read the records themselves). */
export const DEMO_FACTS = {
  orgName: 'Brightwave Solar',
  /** Who signs in by default: a sales rep on the "Standard User" profile (no "View All Data"). */
  rep: { name: 'Alex Morgan', username: 'alex.morgan@brightwave.example' },
  /** A rep in Tokyo (TimeZoneSidKey Asia/Tokyo), also on "Standard User". */
  tokyoRep: { name: '佐藤 花子', username: 'hanako.sato@brightwave.example', timeZone: 'Asia/Tokyo' },
  /** The org's administrator ("System Administrator": View All Data, Modify All Data). */
  admin: { name: 'Priya Natarajan', username: 'priya.natarajan@brightwave.example' },
  /** Exactly one Salesforce record has this number: Ben Carter. */
  benCarter: {
    name: 'Ben Carter',
    dialpadNumber: '+14155550100',
    storedPhone: '(415) 555-0100',
    mobile: '415.555.0123',
    title: 'Purchasing Manager',
    account: 'Northwind Traders',
    owner: 'Alex Morgan',
    openStage: 'Proposal/Price Quote',
    openTasks: 2,
    completedTasks: 3,
    /** Open opportunities on the card: his contact role's first, then the rest of Northwind's (most recently changed first). */
    openOpportunities: ['Northwind Traders — Fleet renewal', 'Northwind Traders — Battery storage add-on'],
    /** His open case (an older one is closed). */
    openCases: ['Inverter alarm on the warehouse roof'],
  },
  /** Stored as 03-1234-5678; Dialpad shows +81 3-1234-5678. */
  yamada: { name: '山田 太郎', dialpadNumber: '+81312345678', storedPhone: '03-1234-5678', account: 'さくら商事株式会社', title: '営業部長', owner: '佐藤 花子', openTasks: 2, completedTasks: 3 },
  /** Northwind's main line: three contacts share it, each stored differently. */
  northwindMainLine: { dialpadNumber: '+14155550199', matches: ['Grace Okafor', 'Liam Novak', 'Sofia Ruiz'] },
  /**
   * A company main line: Bluefin Logistics' Phone, on no person. Its card lists two open
   * opportunities (most recently changed first), an open case and three contacts to pick from.
   */
  companyLine: {
    account: 'Bluefin Logistics',
    dialpadNumber: '+14155550177',
    storedPhone: '(415) 555-0177',
    owner: 'Jordan Lee',
    openOpportunities: ['Bluefin Logistics — Depot solar canopy', 'Bluefin Logistics — EV charging hubs'],
    openStages: ['Value Proposition', 'Prospecting'],
    openCases: ['Monitoring portal shows no data'],
    contacts: ['Elena Petrova', 'Marcus Webb', 'Tom Alvarez'],
  },
  /** A Lead only. */
  tanakaLead: { name: '田中 晃', dialpadNumber: '+818022223333', storedMobile: '080-2222-3333', company: '田中商事', status: 'Working - Contacted' },
  /** No Salesforce record has these numbers. */
  noMatchNumbers: ['+16465550142', '+12025550173'],
} as const;

const FIRST_EN = ['Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Mason', 'Sophia', 'Ethan', 'Isabella', 'Lucas', 'Mia', 'Henry', 'Amelia', 'Jack', 'Harper', 'Owen', 'Ella', 'Leo', 'Chloe', 'Samuel'];
const LAST_EN = ['Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker'];
const FIRST_JA = ['太郎', '花子', '健', '美咲', '翔', '陽菜', '大輔', '由美', '拓也', '恵', '直樹', '彩', '誠', '愛', '悠斗'];
const LAST_JA = ['佐藤', '鈴木', '高橋', '田村', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山本', '松本', '井上', '木村', '林'];
const COMPANIES_EN = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli', 'Vandelay Imports', 'Pied Piper', 'Soylent Farms', 'Massive Dynamic', 'Oceanic Air', 'Cyberdyne Labs', 'Tyrell Energy', 'Gringotts Finance', 'Monarch Paper', 'Blue Sun', 'Duff Brewing', 'Sirius Retail', 'Aperture Science'];
const COMPANIES_JA = ['株式会社ひかり電機', '東都物産株式会社', '株式会社みなと運輸', '北斗製作所', '株式会社あおば食品', '富士見不動産株式会社', '株式会社つばさ航空', '大和精工株式会社', '株式会社はるか商会', '丸の内システム株式会社', '株式会社しずく化粧品', '青葉建設株式会社', '株式会社ときわ銀行', '港北医療株式会社', '株式会社まつり企画', '桜島エネルギー株式会社', '株式会社こだま出版', '株式会社ひまわり保育'];
const TITLES_EN = ['CEO', 'CFO', 'Head of Operations', 'Procurement Lead', 'IT Director', 'Office Manager', 'Sales Director', 'Facilities Manager'];
const TITLES_JA = ['代表取締役', '部長', '課長', '主任', '総務部長', '購買担当', '情報システム部長', '営業課長'];
const STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];

/** US numbers in the formats people type (555-2xxx… never collide with the fixed 555-01xx ones). */
function usNumber(random: () => number, n: number): string {
  const area = ['212', '312', '415', '512', '617', '720'][n % 6]!;
  const line = String(2000 + ((n * 37) % 7000)).padStart(4, '0');
  const formats = [`(${area}) 555-${line}`, `+1 ${area} 555 ${line}`, `${area}-555-${line}`, `${area}.555.${line}`, `+1${area}555${line}`];
  const base = formats[Math.floor(random() * formats.length)]!;
  return random() < 0.1 ? `${base} ext. ${100 + (n % 900)}` : base;
}

/** Japanese numbers: Tokyo/Osaka landlines and mobiles, national or international, some with 内線. */
function jpNumber(random: () => number, n: number): string {
  const mid = String(5000 + ((n * 53) % 4000));
  const end = String(1000 + ((n * 71) % 9000));
  const formats = [`03-${mid}-${end}`, `+81 3 ${mid} ${end}`, `06-${mid}-${end}`, `+81-6-${mid}-${end}`, `090-${mid}-${end}`, `０３－${mid}－${end}`];
  const base = formats[Math.floor(random() * formats.length)]!;
  return random() < 0.08 ? `${base} 内線 ${10 + (n % 90)}` : base;
}

export function buildDemoOrgSnapshot(now: Date = new Date()): OrgSnapshot {
  serial = 0;
  const random = mulberry32(20261124);
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const stamp = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().replace('Z', '+0000');

  const alex = user('Alex', 'Morgan', 'alex.morgan@brightwave.example', 'en_US', 'America/Los_Angeles');
  const hanako = user('花子', '佐藤', 'hanako.sato@brightwave.example', 'ja', 'Asia/Tokyo');
  const jordan = user('Jordan', 'Lee', 'jordan.lee@brightwave.example', 'en_US', 'America/New_York');
  const priya = user('Priya', 'Natarajan', 'priya.natarajan@brightwave.example', 'en_US', 'America/Chicago', SYSTEM_ADMINISTRATOR_PROFILE.Id);
  const users = [alex, hanako, jordan, priya];
  const owners = users.map((u) => u.Id);

  const records: Record<string, Rec[]> = { Account: [], Contact: [], Lead: [], Opportunity: [], OpportunityContactRole: [], Case: [], Task: [] };
  const system = (offsetDays: number, ownerId: string) => ({
    IsDeleted: false,
    CreatedDate: stamp(offsetDays),
    CreatedById: ownerId,
    LastModifiedDate: stamp(offsetDays),
    LastModifiedById: ownerId,
    SystemModstamp: stamp(offsetDays),
  });
  const add = (type: string, prefix: string, fields: Rec, offsetDays = -200): string => {
    const recordId = id(prefix);
    const ownerId = typeof fields.OwnerId === 'string' ? fields.OwnerId : alex.Id;
    records[type]!.push({ Id: recordId, ...system(offsetDays, ownerId), ...fields });
    return recordId;
  };
  const task = (fields: Rec, offsetDays: number) =>
    add('Task', '00T', { Priority: 'Normal', TaskSubtype: 'Task', IsClosed: fields.Status === 'Completed', ...fields }, offsetDays);

  // ── The fixed people ──
  const northwind = add('Account', '001', { Name: 'Northwind Traders', Phone: '+1 415-555-0199', Industry: 'Energy', BillingCity: 'San Francisco', OwnerId: alex.Id });
  const ben = add('Contact', '003', {
    FirstName: 'Ben',
    LastName: 'Carter',
    Title: DEMO_FACTS.benCarter.title,
    Phone: DEMO_FACTS.benCarter.storedPhone,
    MobilePhone: DEMO_FACTS.benCarter.mobile,
    Email: 'ben.carter@northwind.example',
    AccountId: northwind,
    OwnerId: alex.Id,
  });
  const renewal = add('Opportunity', '006', { Name: 'Northwind Traders — Fleet renewal', StageName: 'Proposal/Price Quote', CloseDate: day(30), Amount: 48000, AccountId: northwind, OwnerId: alex.Id, IsClosed: false, IsWon: false }, -20);
  const pilot = add('Opportunity', '006', { Name: 'Northwind Traders — Rooftop pilot', StageName: 'Closed Won', CloseDate: day(-120), Amount: 12000, AccountId: northwind, OwnerId: alex.Id, IsClosed: true, IsWon: true }, -180);
  add('OpportunityContactRole', '00K', { OpportunityId: renewal, ContactId: ben, Role: 'Decision Maker', IsPrimary: true }, -20);
  add('OpportunityContactRole', '00K', { OpportunityId: pilot, ContactId: ben, Role: 'Economic Buyer', IsPrimary: true }, -180);
  task({ Subject: 'Send the revised fleet quote', Status: 'Not Started', ActivityDate: day(7), WhoId: ben, WhatId: renewal, OwnerId: alex.Id, Priority: 'High' }, -2);
  task({ Subject: 'Confirm site survey date', Status: 'In Progress', ActivityDate: day(-3), WhoId: ben, OwnerId: alex.Id }, -10);
  task({ Subject: 'Dialpad Call - Outbound / (5) min', Status: 'Completed', ActivityDate: day(-1), TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 312, CallObject: '5180839184416768', WhoId: ben, OwnerId: alex.Id, Description: 'Walked through the renewal pricing.' }, -1);
  task({ Subject: 'Dialpad Call - Inbound / (4) min', Status: 'Completed', ActivityDate: day(-8), TaskSubtype: 'Call', CallType: 'Inbound', CallDurationInSeconds: 221, CallObject: '4731201934098432', WhoId: ben, OwnerId: jordan.Id }, -8);
  task({ Subject: 'Dialpad Call - Outbound / (1) min', Status: 'Completed', ActivityDate: day(-30), TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 48, CallObject: '4390117823561728', WhoId: ben, OwnerId: alex.Id }, -30);

  // Northwind's main line, on three more contacts, each typed differently.
  const mainLine = ['(415) 555-0199', '+1 415 555 0199', '415-555-0199'];
  DEMO_FACTS.northwindMainLine.matches.forEach((name, i) => {
    const [first, last] = name.split(' ');
    add('Contact', '003', { FirstName: first, LastName: last, Title: ['Office Manager', 'Receptionist', 'Accounts Payable'][i], Phone: mainLine[i], AccountId: northwind, OwnerId: owners[i % owners.length] });
  });

  const sakura = add('Account', '001', { Name: 'さくら商事株式会社', Phone: '03-1234-0000', Industry: 'Manufacturing', BillingCity: '東京都千代田区', OwnerId: hanako.Id });
  const yamada = add('Contact', '003', {
    FirstName: '太郎',
    LastName: '山田',
    Title: '営業部長',
    Phone: DEMO_FACTS.yamada.storedPhone,
    MobilePhone: '090-1234-5678',
    Email: 'taro.yamada@sakura-shoji.example',
    AccountId: sakura,
    OwnerId: hanako.Id,
  });
  const sakuraDeal = add('Opportunity', '006', { Name: 'さくら商事 — 太陽光パネル導入', StageName: 'Negotiation/Review', CloseDate: day(14), Amount: 3200000, AccountId: sakura, OwnerId: hanako.Id, IsClosed: false, IsWon: false }, -40);
  add('OpportunityContactRole', '00K', { OpportunityId: sakuraDeal, ContactId: yamada, Role: 'Decision Maker', IsPrimary: true }, -40);
  task({ Subject: '見積書を再送する', Status: 'Not Started', ActivityDate: day(2), WhoId: yamada, OwnerId: hanako.Id }, -1);
  task({ Subject: 'Dialpad 通話 - 着信 / (3)分', Status: 'Completed', ActivityDate: day(-4), TaskSubtype: 'Call', CallType: 'Inbound', CallDurationInSeconds: 170, CallObject: '6012938475610112', WhoId: yamada, OwnerId: hanako.Id }, -4);

  const tanaka = add('Lead', '00Q', {
    FirstName: '晃',
    LastName: '田中',
    Company: DEMO_FACTS.tanakaLead.company,
    Title: '代表取締役',
    MobilePhone: DEMO_FACTS.tanakaLead.storedMobile,
    Email: 'akira.tanaka@tanaka-shoji.example',
    Status: DEMO_FACTS.tanakaLead.status,
    IsConverted: false,
    OwnerId: hanako.Id,
  });
  task({ Subject: '初回打ち合わせの日程調整', Status: 'Not Started', ActivityDate: day(5), WhoId: tanaka, OwnerId: hanako.Id }, -3);

  // ── Generated around them ──
  const accounts: Array<{ id: string; japanese: boolean; phone: string }> = [];
  COMPANIES_EN.forEach((name, i) => {
    const phone = usNumber(random, 500 + i);
    accounts.push({ id: add('Account', '001', { Name: name, Phone: phone, BillingCity: ['New York', 'Chicago', 'Austin', 'Boston', 'Denver'][i % 5], OwnerId: owners[i % 4] }), japanese: false, phone });
  });
  COMPANIES_JA.forEach((name, i) => {
    const phone = jpNumber(random, 500 + i);
    accounts.push({ id: add('Account', '001', { Name: name, Phone: phone, BillingCity: ['東京都港区', '大阪市北区', '横浜市西区', '名古屋市中区'][i % 4], OwnerId: i % 2 ? hanako.Id : owners[i % 4] }), japanese: true, phone });
  });

  const contacts: string[] = [];
  for (let n = 0; n < 300; n++) {
    const account = accounts[n % accounts.length]!;
    const japanese = account.japanese;
    const first = japanese ? FIRST_JA[n % FIRST_JA.length]! : FIRST_EN[n % FIRST_EN.length]!;
    const last = japanese ? LAST_JA[(n * 7) % LAST_JA.length]! : LAST_EN[(n * 7) % LAST_EN.length]!;
    const number = japanese ? jpNumber(random, n) : usNumber(random, n);
    // Every tenth contact gives only the company's main line, as receptionists and small firms do.
    const phone = n % 10 === 9 ? account.phone : number;
    const fields: Rec = {
      FirstName: first,
      LastName: last,
      Title: japanese ? TITLES_JA[n % TITLES_JA.length] : TITLES_EN[n % TITLES_EN.length],
      Phone: phone,
      Email: `${japanese ? `user${n}` : `${first}.${last}`.toLowerCase()}${n}@example.${japanese ? 'jp' : 'com'}`,
      AccountId: account.id,
      OwnerId: japanese && n % 3 !== 0 ? hanako.Id : owners[n % 4],
    };
    if (random() < 0.4) fields.MobilePhone = japanese ? jpNumber(random, 1000 + n) : usNumber(random, 1000 + n);
    contacts.push(add('Contact', '003', fields, -300 + (n % 200)));
    // A duplicate now and then: the same person entered twice, once without the title.
    if (n % 50 === 25) contacts.push(add('Contact', '003', { ...fields, Title: null, Email: null }, -100));
  }

  for (let n = 0; n < 30; n++) {
    const japanese = n % 2 === 1;
    add('Lead', '00Q', {
      FirstName: japanese ? FIRST_JA[(n * 3) % FIRST_JA.length] : FIRST_EN[(n * 3) % FIRST_EN.length],
      LastName: japanese ? LAST_JA[(n * 5) % LAST_JA.length] : LAST_EN[(n * 5) % LAST_EN.length],
      Company: japanese ? `株式会社リード${n}` : `Lead Prospects ${n} LLC`,
      Phone: japanese ? jpNumber(random, 2000 + n) : usNumber(random, 2000 + n),
      Status: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'][n % 3],
      IsConverted: false,
      OwnerId: owners[n % 4],
    }, -60 + n);
  }

  for (let n = 0; n < 40; n++) {
    const account = accounts[n % accounts.length]!;
    const stage = STAGES[n % STAGES.length]!;
    const closed = stage.startsWith('Closed');
    const opportunity = add('Opportunity', '006', {
      Name: `${account.japanese ? '案件' : 'Deal'} #${1000 + n}`,
      StageName: stage,
      CloseDate: day(closed ? -30 - n : 10 + n),
      Amount: 5000 + n * 1250,
      AccountId: account.id,
      IsClosed: closed,
      IsWon: stage === 'Closed Won',
      OwnerId: owners[n % 4],
    }, -90 + n);
    const contact = contacts[(n * 7) % contacts.length]!;
    add('OpportunityContactRole', '00K', { OpportunityId: opportunity, ContactId: contact, Role: 'Influencer', IsPrimary: n % 2 === 0 }, -90 + n);
  }

  for (let n = 0; n < 120; n++) {
    const contact = contacts[(n * 11) % contacts.length]!;
    const call = n % 3 !== 0;
    const completed = call || n % 2 === 0;
    task({
      Subject: call ? `Dialpad Call - ${n % 2 ? 'Inbound' : 'Outbound'} / (${1 + (n % 9)}) min` : `Follow up #${n}`,
      Status: completed ? 'Completed' : 'Not Started',
      ActivityDate: day(completed ? -(n % 60) : n % 20),
      TaskSubtype: call ? 'Call' : 'Task',
      ...(call ? { CallType: n % 2 ? 'Inbound' : 'Outbound', CallDurationInSeconds: 30 + n * 7, CallObject: String(4000000000000000 + n * 7919) } : {}),
      WhoId: contact,
      OwnerId: owners[n % 4],
    }, -(n % 60));
  }

  // 山田 太郎's card is the Japanese screenshots' (as full as Ben Carter's). Added last, so that
  // every id generated above stays what it was.
  task({ Subject: '導入スケジュールの確認', Status: 'In Progress', ActivityDate: day(9), WhoId: yamada, WhatId: sakuraDeal, OwnerId: hanako.Id }, -6);
  task({ Subject: 'Dialpad 通話 - 発信 / (6)分', Status: 'Completed', ActivityDate: day(-11), TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 342, CallObject: '6120394857261568', WhoId: yamada, OwnerId: hanako.Id, Description: '導入時期と設置場所を確認。' }, -11);
  task({ Subject: 'Dialpad 通話 - 着信 / (2)分', Status: 'Completed', ActivityDate: day(-19), TaskSubtype: 'Call', CallType: 'Inbound', CallDurationInSeconds: 95, CallObject: '6230495867372672', WhoId: yamada, OwnerId: alex.Id }, -19);

  // ── The deal or case a call belongs to (added last, so that every id above stays what it was) ──
  // Northwind has a second open deal Ben has no role on, changed more recently than his renewal.
  add('Opportunity', '006', { Name: DEMO_FACTS.benCarter.openOpportunities[1], StageName: 'Qualification', CloseDate: day(60), Amount: 21000, AccountId: northwind, OwnerId: jordan.Id, IsClosed: false, IsWon: false }, -3);
  let caseNumber = 1000;
  const supportCase = (fields: Rec, offsetDays: number) => add('Case', '500', { CaseNumber: String(++caseNumber).padStart(8, '0'), Priority: 'Medium', Origin: 'Phone', ...fields }, offsetDays);
  supportCase({ Subject: DEMO_FACTS.benCarter.openCases[0], Status: 'Working', Priority: 'High', ContactId: ben, AccountId: northwind, OwnerId: alex.Id }, -4);
  supportCase({ Subject: 'Billing address change', Status: 'Closed', ContactId: ben, AccountId: northwind, OwnerId: alex.Id }, -90);
  supportCase({ Subject: '請求書の再発行', Status: 'New', ContactId: yamada, AccountId: sakura, OwnerId: hanako.Id }, -2);

  // Bluefin Logistics: a company main line that no person has.
  const line = DEMO_FACTS.companyLine;
  const bluefin = add('Account', '001', { Name: line.account, Phone: line.storedPhone, Industry: 'Transportation', BillingCity: 'Oakland', Website: 'bluefin-logistics.example', OwnerId: jordan.Id });
  const [elena, marcus] = [
    add('Contact', '003', { FirstName: 'Elena', LastName: 'Petrova', Title: 'Facilities Manager', Phone: '+1 415 555 0179', Email: 'elena.petrova@bluefin.example', AccountId: bluefin, OwnerId: jordan.Id }),
    add('Contact', '003', { FirstName: 'Marcus', LastName: 'Webb', Title: 'Fleet Director', Phone: '(415) 555-0178', Email: 'marcus.webb@bluefin.example', AccountId: bluefin, OwnerId: jordan.Id }),
    add('Contact', '003', { FirstName: 'Tom', LastName: 'Alvarez', Title: 'CFO', Email: 'tom.alvarez@bluefin.example', AccountId: bluefin, OwnerId: jordan.Id }),
  ];
  const canopy = add('Opportunity', '006', { Name: line.openOpportunities[0], StageName: line.openStages[0], CloseDate: day(45), Amount: 86000, AccountId: bluefin, OwnerId: jordan.Id, IsClosed: false, IsWon: false }, -5);
  add('Opportunity', '006', { Name: line.openOpportunities[1], StageName: line.openStages[1], CloseDate: day(90), Amount: 54000, AccountId: bluefin, OwnerId: jordan.Id, IsClosed: false, IsWon: false }, -12);
  add('Opportunity', '006', { Name: 'Bluefin Logistics — Warehouse lighting', StageName: 'Closed Lost', CloseDate: day(-60), Amount: 9000, AccountId: bluefin, OwnerId: jordan.Id, IsClosed: true, IsWon: false }, -70);
  add('OpportunityContactRole', '00K', { OpportunityId: canopy, ContactId: marcus, Role: 'Decision Maker', IsPrimary: true }, -5);
  supportCase({ Subject: line.openCases[0], Status: 'New', ContactId: elena, AccountId: bluefin, OwnerId: jordan.Id }, -1);
  task({ Subject: 'Send the canopy site plan', Status: 'Not Started', ActivityDate: day(4), WhatId: canopy, OwnerId: jordan.Id }, -5);
  task({ Subject: 'Dialpad Call - Inbound / (3) min', Status: 'Completed', ActivityDate: day(-6), TaskSubtype: 'Call', CallType: 'Inbound', CallDurationInSeconds: 160, CallObject: '6340596978483712', WhatId: bluefin, OwnerId: jordan.Id }, -6);

  return {
    org: { id: ORG_ID_15 + checksumSuffix(ORG_ID_15), name: DEMO_FACTS.orgName, apiEnabled: true, timeZoneSidKey: 'America/Los_Angeles' },
    users,
    records,
    duplicateRules: standardDuplicateRules(),
    translations: { ja: DEMO_JAPANESE_LABELS },
  };
}

/**
 * The demo company's Japanese labels for the picklists the sidebar shows, as its admin keeps them in
 * the Translation Workbench (Hanako reads her org in Japanese). The words are this demo org's own,
 * not a copy of the labels Salesforce ships.
 */
const DEMO_JAPANESE_LABELS: Record<string, Record<string, string>> = {
  'Task.Status': { 'Not Started': '未着手', 'In Progress': '進行中', Completed: '完了', 'Waiting on someone else': '他者待ち', Deferred: '延期' },
  'Lead.Status': { 'Open - Not Contacted': '未対応', 'Working - Contacted': '対応中', 'Closed - Converted': '取引開始済み', 'Closed - Not Converted': '取引開始なし' },
  'Opportunity.StageName': {
    Prospecting: '見込み',
    Qualification: '評価',
    'Needs Analysis': 'ニーズ分析',
    'Value Proposition': '価値提案',
    'Id. Decision Makers': '意思決定者の特定',
    'Perception Analysis': '認識分析',
    'Proposal/Price Quote': '提案/見積',
    'Negotiation/Review': '交渉/レビュー',
    'Closed Won': '成立',
    'Closed Lost': '不成立',
  },
  'Case.Status': { New: '新規', Working: '対応中', Escalated: 'エスカレーション', Closed: '終了' },
};

/**
 * The duplicate rules a new org has active: Contacts and Leads alert (the save is allowed only when
 * the request says allowSave=true). Matching is simplified to exact names with the same e-mail or
 * phone; Salesforce's standard matching rules are fuzzier (docs/EMULATOR.md).
 */
export function standardDuplicateRules(): DuplicateRuleSeed[] {
  const matchOn = [
    ['FirstName', 'LastName', 'Email'],
    ['FirstName', 'LastName', 'Phone'],
  ];
  return [
    { DeveloperName: 'Standard_Contact_Duplicate_Rule', SobjectType: 'Contact', action: 'alert', matchOn, compareWith: ['Contact'] },
    { DeveloperName: 'Standard_Lead_Duplicate_Rule', SobjectType: 'Lead', action: 'alert', matchOn, compareWith: ['Lead', 'Contact'] },
  ];
}

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SeedError, normalizePhone, validateSeed, whoHasNumber } from '../../standin/seed';
import { DEFAULT_SEED_PATH, loadSeedFile } from '../../standin/server';

const defaultJson = async () => JSON.parse(await readFile(DEFAULT_SEED_PATH, 'utf8')) as Record<string, unknown>;

function problemsOf(value: unknown): string[] {
  try {
    validateSeed(value);
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  return [];
}

describe('the default seed', () => {
  it('is valid and normalizes every number to E.164', async () => {
    const seed = await loadSeedFile(DEFAULT_SEED_PATH);
    for (const person of [...seed.contacts, ...seed.coworkers]) {
      // E.164, with an extension kept RFC 3966's way (`;ext=12`).
      for (const phone of person.phones) expect(phone.number).toMatch(/^\+\d{8,15}(;ext=\d{1,7})?$/);
    }
    expect(seed.user.number).toBe('+14155550110');
  });

  it('lines up with the Salesforce demo org: Ben Carter at Northwind Traders, 山田 太郎, a shared main line, an unknown caller', async () => {
    const seed = await loadSeedFile(DEFAULT_SEED_PATH);
    const ben = seed.contacts.find((c) => c.name === 'Ben Carter')!;
    expect(ben.company).toBe('Northwind Traders');
    expect(ben.phones).toEqual([
      { number: '+14155550100', label: 'work' },
      { number: '+14155550123', label: 'mobile' },
    ]);
    expect(seed.contacts[0]!.name).toBe('Ben Carter');
    expect(seed.contacts.find((c) => c.name === '山田 太郎')?.phones[0]?.number).toBe('+81312345678');
    expect(seed.contacts.find((c) => c.name === 'Northwind Traders')?.phones[0]?.number).toBe('+14155550199');
    expect(seed.contacts.find((c) => c.name === 'Dana Whitfield')?.phones[0]?.number).toBe('+16465550142');
    expect(seed.contacts.find((c) => c.name === 'Bluefin Logistics')?.phones[0]?.number).toBe('+14155550177');
    expect(seed.coworkers).toHaveLength(3);
    for (const id of [...seed.contacts, ...seed.coworkers].map((p) => p.id)) expect(id).toMatch(/^\d{16}$/);
  });

  it('has history with a desk-phone call, a recording, a voicemail and a missed call, newest first, with 16-digit ids', async () => {
    const seed = await loadSeedFile(DEFAULT_SEED_PATH);
    const { history } = seed;
    expect(history.length).toBeGreaterThanOrEqual(6);
    for (const entry of history) expect(entry.callId).toMatch(/^\d{16}$/);
    expect(history.some((h) => h.device === 'desk phone')).toBe(true);
    expect(history.some((h) => h.recordingUrl)).toBe(true);
    expect(history.some((h) => h.status === 'voicemail' && h.voicemailUrl)).toBe(true);
    expect(history.some((h) => h.status === 'missed')).toBe(true);
    const times = history.map((h) => Date.parse(h.startedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('fills in who a history call was with from the contacts and coworkers', async () => {
    const seed = await loadSeedFile(DEFAULT_SEED_PATH);
    const desk = seed.history.find((h) => h.device === 'desk phone')!;
    expect(desk).toMatchObject({ name: 'Ben Carter', contactId: '5629499534213120', internal: false });
    const internal = seed.history.find((h) => h.number === '1042')!;
    expect(internal).toMatchObject({ name: 'Jordan Lee', internal: true });
  });
});

describe('seed validation', () => {
  it('names every problem by its path', async () => {
    const json = await defaultJson();
    const contacts = json.contacts as Record<string, unknown>[];
    contacts[1] = { ...contacts[1], id: 'abc', phones: [{ number: 'call me', label: 'work' }] };
    (json.history as Record<string, unknown>[])[0]!.callId = '123';
    (json.history as Record<string, unknown>[])[1]!.status = 'lost';
    const problems = problemsOf(json);
    expect(problems).toEqual(
      expect.arrayContaining([
        'contacts[1].id: expected a numeric id (digits, as a string)',
        'contacts[1].phones[0].number: not a phone number: "call me"',
        'history[0].callId: expected a 16-digit numeric call id (as a string)',
        'history[1].status: expected one of completed, missed, voicemail, declined, cancelled',
      ]),
    );
  });

  it('rejects duplicate ids, unknown fields, a voicemail without its URL and a missing user', () => {
    const problems = problemsOf({
      company: { id: '1', name: 'Co' },
      contacts: [
        { id: '1', name: 'A', phones: [] },
        { id: '1', name: 'B', phones: [] },
      ],
      history: [
        { callId: '1234567890123456', direction: 'inbound', number: '+14155550100', startedAt: '2026-01-01T00:00:00Z', durationSeconds: 0, status: 'voicemail' },
      ],
      colour: 'red',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'user: expected an object',
        'contacts/coworkers: duplicate id 1',
        'history[0].voicemailUrl: a voicemail needs its URL',
        'colour: unknown field',
      ]),
    );
  });

  it('throws a SeedError whose message lists the problems', () => {
    expect(() => validateSeed('nope')).toThrow(/Invalid seed:\n {2}- seed: expected an object/);
  });

  it('reports an unreadable or malformed seed file by name', async () => {
    await expect(loadSeedFile('/nonexistent/seed.json')).rejects.toThrow('Cannot read seed file /nonexistent/seed.json: ENOENT');
    await expect(loadSeedFile(new URL(import.meta.url).pathname)).rejects.toThrow(/is not valid JSON/);
  });
});

describe('phone numbers', () => {
  it('normalizes US and international numbers and refuses text', () => {
    expect(normalizePhone('(415) 555-0100')).toBe('+14155550100');
    expect(normalizePhone('+81 3-1234-5678')).toBe('+81312345678');
    expect(normalizePhone('hello')).toBeNull();
  });

  it('finds the owner of a number, coworkers by extension too', async () => {
    const seed = await loadSeedFile(DEFAULT_SEED_PATH);
    expect(whoHasNumber(seed, '+1 415 555 0123')).toEqual({ id: '5629499534213120', name: 'Ben Carter', internal: false });
    expect(whoHasNumber(seed, '1043')).toMatchObject({ name: 'Mia Chen', internal: true });
    expect(whoHasNumber(seed, '+1 415 555 0143')).toMatchObject({ name: 'Mia Chen', internal: true });
    expect(whoHasNumber(seed, '+1 999 555 0100')).toBeNull();
  });
});

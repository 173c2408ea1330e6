import { describe, expect, it } from 'vitest';
import { checksumSuffix, isIdShape, makeId, to18 } from '../../../emulator/org/ids';
import { OBJECTS, objectByPrefix } from '../../../emulator/org/schema';
import { buildDemoOrgSnapshot } from '../../../emulator/seed/demo-records';

describe('record ids', () => {
  it('computes the case-safe suffix of Salesforce’s documented example', () => {
    expect(checksumSuffix('001A0000006Vm9r')).toBe('IAC');
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
  });

  it('encodes which of each five characters are upper case', () => {
    expect(checksumSuffix('000000000000000')).toBe('AAA');
    expect(checksumSuffix('AAAAAAAAAAAAAAA')).toBe('555');
    // Only the first character of the second chunk is upper case: bit 0 → "B".
    expect(checksumSuffix('00000A000000000')).toBe('ABA');
    expect(checksumSuffix('0000Z0000000000')).toBe('QAA');
  });

  it('accepts 15 and 18 characters, refuses a wrong suffix or a bad shape', () => {
    expect(to18('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(to18('001A0000006Vm9riac')).toBe('001A0000006Vm9rIAC');
    expect(to18('001A0000006Vm9rIAX')).toBeNull();
    expect(to18('001A0000006Vm9')).toBeNull();
    expect(isIdShape('001A0000006Vm9r-AC')).toBe(false);
  });

  it('makes 18-character ids with the key prefix and a valid suffix', () => {
    for (const prefix of ['005', '001', '003', '00Q', '006', '00K', '00T', '00D']) {
      const id = makeId(prefix, 123_456);
      expect(id).toHaveLength(18);
      expect(id.startsWith(prefix)).toBe(true);
      expect(to18(id.slice(0, 15))).toBe(id);
    }
    expect(new Set(Array.from({ length: 5000 }, (_, n) => makeId('00T', n))).size).toBe(5000);
  });

  it('uses Salesforce’s key prefixes for every object', () => {
    const prefixes = Object.fromEntries([...OBJECTS.values()].map((def) => [def.name, def.keyPrefix]));
    expect(prefixes).toEqual({
      User: '005',
      Profile: '00e',
      Organization: '00D',
      TaskStatus: '01J',
      Account: '001',
      Contact: '003',
      Lead: '00Q',
      Opportunity: '006',
      OpportunityContactRole: '00K',
      Case: '500',
      Task: '00T',
    });
  });

  it('gives every record of the demo org a valid id of its type', () => {
    const snapshot = buildDemoOrgSnapshot(new Date('2026-11-24T12:00:00Z'));
    expect(to18(snapshot.org.id)).toBe(snapshot.org.id);
    expect(snapshot.org.id.startsWith('00D')).toBe(true);
    for (const user of snapshot.users) expect(objectByPrefix(user.Id)?.name).toBe('User');
    for (const [type, records] of Object.entries(snapshot.records)) {
      for (const record of records) {
        expect(to18(String(record.Id))).toBe(record.Id);
        expect(objectByPrefix(String(record.Id))?.name).toBe(type);
      }
    }
  });
});

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { forgetSealingKey, seal, unseal } from '../../../lib/salesforce/sealed';

describe('the sealed refresh token', () => {
  it('opens again with the key kept in IndexedDB, and stores no trace of the secret', async () => {
    const sealed = await seal('5Aep861refresh-token', 'binding');
    expect(JSON.stringify(sealed)).not.toContain('refresh-token');
    expect(await unseal(sealed, 'binding')).toBe('5Aep861refresh-token');
  });

  it('seals the same secret differently each time (a fresh IV), under one key', async () => {
    const [a, b] = [await seal('same', 'binding'), await seal('same', 'binding')];
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect([await unseal(a, 'binding'), await unseal(b, 'binding')]).toEqual(['same', 'same']);
  });

  it('gives null, not a throw, for a tampered copy', async () => {
    const sealed = await seal('secret', 'binding');
    const flipped = { ...sealed, data: btoa(String.fromCharCode(...Uint8Array.from(atob(sealed.data), (c, i) => c.charCodeAt(0) ^ (i === 0 ? 1 : 0)))) };
    expect(await unseal(flipped, 'binding')).toBeNull();
  });

  it('cannot open any copy once the key is forgotten (disconnect), and makes a new key for the next seal', async () => {
    const before = await seal('old', 'binding');
    await forgetSealingKey();
    expect(await unseal(before, 'binding')).toBeNull();
    const after = await seal('new', 'binding');
    expect(await unseal(after, 'binding')).toBe('new');
    expect(await unseal(before, 'binding')).toBeNull();
  });
});

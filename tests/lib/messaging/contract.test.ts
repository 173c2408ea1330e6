import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../lib/messaging/contract';

describe('parseRequest', () => {
  it('accepts a well-formed request', () => {
    expect(parseRequest({ type: 'getStatus' })).toEqual({ request: { type: 'getStatus' } });
  });

  it.each([
    ['a string', 'getStatus'],
    ['null', null],
    ['an unknown type', { type: 'stealTokens' }],
    ['extra keys', { type: 'getStatus', token: 'x' }],
    ['no type', {}],
  ])('rejects %s with an invalid-message error', (_label, raw) => {
    const parsed = parseRequest(raw);
    expect(parsed).toMatchObject({ error: { code: 'invalid-message' } });
  });
});

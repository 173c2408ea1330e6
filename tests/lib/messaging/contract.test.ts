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

describe('links a call carries into its Task (#17)', () => {
  const call = (recordingUrl: string) => ({
    type: 'callFinished',
    call: { callId: '5012345678901234', direction: 'inbound', number: '+14155550100', name: 'Ben', startedAt: 1, durationSeconds: 60, outcome: 'answered', recordingUrl },
    internal: false,
    dialpadContactId: null,
    seenLive: false,
  });
  it("keeps only https links on Dialpad's hosts, and logs the call without any other", () => {
    const link = (url: string) => {
      const parsed = parseRequest(call(url));
      return 'request' in parsed && parsed.request.type === 'callFinished' ? parsed.request.call.recordingUrl : 'refused';
    };
    expect(link('https://dialpad.com/recordings/123')).toBe('https://dialpad.com/recordings/123');
    expect(link('https://storage.dialpad.com/r/1.mp3')).toBe('https://storage.dialpad.com/r/1.mp3');
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'http://dialpad.com/r', 'https://dialpad.com.evil.example/r', 'https://evil.example/?dialpad.com', 'https://user@dialpad.com/r']) {
      expect(link(bad), bad).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../emulator/http/cli-args';
import { callbackMatches, parseSeedFile, SeedFileError } from '../../../emulator/http/seed-file';
import { inlineSeed } from './helpers';

describe('CLI arguments', () => {
  it('reads port, seed, latency and data, in both spellings', () => {
    expect(parseCliArgs(['--port', '8123', '--seed', 'a.json', '--latency=40', '--data', 'org.json'])).toEqual({
      kind: 'run',
      options: { port: 8123, seed: 'a.json', latencyMs: 40, dataPath: 'org.json' },
    });
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: { port: 0 } });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('explains bad arguments', () => {
    expect(parseCliArgs(['--port', 'abc'])).toEqual({ kind: 'error', message: '--port must be a number from 0 to 65535, not "abc"' });
    expect(parseCliArgs(['--port', '70000']).kind).toBe('error');
    expect(parseCliArgs(['--seed'])).toEqual({ kind: 'error', message: '--seed needs a value' });
    expect(parseCliArgs(['--verbose'])).toEqual({ kind: 'error', message: 'Unknown argument: --verbose' });
  });
});

describe('seed files', () => {
  it('accepts a valid seed and names what is wrong with an invalid one', () => {
    expect(parseSeedFile(inlineSeed()).clients[0]?.consumerKey).toBe('3MVG9test.Wire');
    expect(() => parseSeedFile({ ...inlineSeed(), clients: [] })).toThrow(SeedFileError);
    expect(() => parseSeedFile({ ...inlineSeed(), users: [] })).toThrow(/"users" must be a non-empty array/);
    expect(() => parseSeedFile({ ...inlineSeed(), limits: { dailyApiRequests: -1 } })).toThrow(/dailyApiRequests/);
  });

  it('matches callback patterns with * as one label or segment', () => {
    expect(callbackMatches('https://*.chromiumapp.org/', 'https://hehoenggjkchdebclaadeimhnnacggai.chromiumapp.org/')).toBe(true);
    expect(callbackMatches('https://*.chromiumapp.org/', 'https://evil.com/.chromiumapp.org/')).toBe(false);
    expect(callbackMatches('https://*.chromiumapp.org/', 'https://x.chromiumapp.org/?a=b')).toBe(false);
    expect(callbackMatches('http://localhost/oauth/callback', 'http://localhost/oauth/callback')).toBe(true);
  });
});

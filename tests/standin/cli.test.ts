import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../standin/cli-args';
import { killLeftovers, runCli } from '../support/cli';

afterEach(killLeftovers);

describe('dialpad-standin arguments', () => {
  it('takes a port and an optional seed file, in either --flag value or --flag=value form', () => {
    expect(parseCliArgs(['--port', '0'])).toEqual({ port: 0 });
    expect(parseCliArgs(['--port=8123', '--seed', 'x.json'])).toEqual({ port: 8123, seed: 'x.json' });
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  it('explains what is wrong with bad arguments', () => {
    expect(parseCliArgs([])).toEqual({ error: '--port is required' });
    expect(parseCliArgs(['--port', 'abc'])).toEqual({ error: '--port needs a number 0-65535, got abc' });
    expect(parseCliArgs(['--port', '70000'])).toMatchObject({ error: expect.stringContaining('0-65535') });
    expect(parseCliArgs(['--port', '1', '--seed'])).toEqual({ error: '--seed needs a file path' });
    expect(parseCliArgs(['--port', '1', '--verbose'])).toEqual({ error: 'unknown argument: --verbose' });
  });
});

describe('npm run dialpad-standin', () => {
  it('prints where it listens as its first line, serves the app, and closes cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const cli = runCli('standin/cli.ts', ['--port', '0']);
      const [first] = await cli.firstLines(1);
      expect(first).toMatch(/^Dialpad stand-in listening on http:\/\/127\.0\.0\.1:\d+\/app$/);
      const url = first!.slice(first!.indexOf('http'));
      expect((await fetch(`${url}/contacts`)).status).toBe(200);
      cli.child.kill(signal);
      expect(await cli.exited).toBe(0);
    }
  });

  it('exits with 2 and the usage on bad arguments, with 1 on a bad seed file', async () => {
    const bad = runCli('standin/cli.ts', ['--port']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('Usage: npm run dialpad-standin -- --port <n> [--seed <file.json>]');
    const missing = runCli('standin/cli.ts', ['--port', '0', '--seed', '/nonexistent.json']);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain('Cannot read seed file /nonexistent.json');
  });
});

/** `npm run sf-emulator` as a process: banner lines, a working server, --data, clean SIGTERM, exit 2. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, runCli } from '../../support/cli';

afterEach(killLeftovers);

describe('sf-emulator CLI', () => {
  it('prints the URL and consumer key first, serves, keeps --data, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sf-cli-'));
    try {
      const dataPath = path.join(dir, 'org.json');
      const cli = runCli('emulator/cli.ts', ['--port', '0', '--seed', 'emulator/seed/example-seed.json', '--data', dataPath]);
      const [listening, key] = await cli.firstLines(2);
      const url = /^Salesforce org emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(listening ?? '')?.[1];
      expect(url).toBeDefined();
      expect(key).toBe('consumer key: 3MVG9example.SalesforceSidebarForDialpad');

      const versions = await fetch(`${url}/services/data/`);
      expect(versions.status).toBe(200);
      const saved = JSON.parse(await readFile(dataPath, 'utf8')) as { org: { name: string } };
      expect(saved.org.name).toBe('Example Org');

      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage message on bad arguments or a bad seed file', async () => {
    expect(await runCli('emulator/cli.ts', ['--port', 'nine']).exited).toBe(2);
    expect(await runCli('emulator/cli.ts', ['--seed', 'no/such/seed.json']).exited).toBe(2);
  });
});

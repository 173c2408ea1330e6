/** `npm run sf-emulator` as a process: banner lines, a working server, --data, clean SIGTERM, exit 2. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const STARTUP_TIMEOUT_MS = 20_000;

const children: ChildProcess[] = [];

function runCli(args: string[]): ChildProcess {
  const child = spawn(TSX, ['emulator/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Resolves with the first `count` stdout lines (or rejects if the process ends first). */
function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const reader = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no banner within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`)), STARTUP_TIMEOUT_MS);
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === count) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before the banner: ${stderr}`));
    });
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
});

describe('sf-emulator CLI', () => {
  it('prints the URL and consumer key first, serves, keeps --data, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sf-cli-'));
    try {
      const dataPath = path.join(dir, 'org.json');
      const child = runCli(['--port', '0', '--seed', 'emulator/seed/example-seed.json', '--data', dataPath]);
      const [listening, key] = await firstLines(child, 2);
      const url = /^Salesforce org emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(listening ?? '')?.[1];
      expect(url).toBeDefined();
      expect(key).toBe('consumer key: 3MVG9example.SalesforceSidebarForDialpad');

      const versions = await fetch(`${url}/services/data/`);
      expect(versions.status).toBe(200);
      const saved = JSON.parse(await readFile(dataPath, 'utf8')) as { org: { name: string } };
      expect(saved.org.name).toBe('Example Org');

      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage message on bad arguments or a bad seed file', async () => {
    const bad = runCli(['--port', 'nine']);
    expect(await exitCode(bad)).toBe(2);
    const missingSeed = runCli(['--seed', 'no/such/seed.json']);
    expect(await exitCode(missingSeed)).toBe(2);
  });
});

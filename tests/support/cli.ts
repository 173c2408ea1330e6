/**
 * One of our CLIs run as a process, the way `npm run …` runs it. Everything waits on the process's
 * own events (a line, its exit), never on a clock: on a busy machine it is only slower. The test's
 * timeout (vitest.config.ts) is the one bound, for a process that hangs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');
const running: ChildProcess[] = [];

export interface Cli {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr(): string;
  /** The first `count` lines it printed; rejects if it ends before. */
  firstLines(count: number): Promise<string[]>;
}

export function runCli(script: string, args: string[]): Cli {
  // tsx as a loader in this one process: the tsx command would run the script in a child and give
  // it 30 ms to acknowledge a relayed signal before killing it, which a busy machine can miss.
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  reader.on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stderr: () => stderr,
    firstLines: (count) =>
      new Promise((resolve, reject) => {
        const check = () => lines.length >= count && resolve(lines.slice(0, count));
        reader.on('line', check);
        check();
        void exited.then((code) => reject(new Error(`${script} exited with ${code} after ${lines.length} lines: ${stderr}`)));
      }),
  };
}

/** Kills what a test left running (for afterEach). */
export function killLeftovers(): void {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

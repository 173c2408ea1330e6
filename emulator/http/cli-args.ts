/** Argument parsing for `npm run sf-emulator`, kept apart from the CLI so tests need no process. */

export const USAGE = `Usage: npm run sf-emulator -- [--port <n>] [--seed <file.json>] [--latency <ms>] [--data <file.json>]

  --port <n>          port on 127.0.0.1 (0 or absent: a free port)
  --seed <file.json>  seed file: an org snapshot plus "clients" (default: the demo org)
  --latency <ms>      delay every non-control answer by <ms> milliseconds
  --data <file.json>  keep the org's records in this file between runs (default: memory only)
  --help              show this text`;

export interface CliOptions {
  port: number;
  seed?: string;
  latencyMs?: number;
  dataPath?: string;
}

export type CliParse = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

function wholeNumber(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

export function parseCliArgs(argv: string[]): CliParse {
  const options: CliOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    if (!['--port', '--seed', '--latency', '--data'].includes(flag)) return { kind: 'error', message: `Unknown argument: ${arg}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
    switch (flag) {
      case '--port': {
        const port = wholeNumber(value, 65535);
        if (port === undefined) return { kind: 'error', message: `--port must be a number from 0 to 65535, not "${value}"` };
        options.port = port;
        break;
      }
      case '--latency': {
        const latency = wholeNumber(value, 600_000);
        if (latency === undefined) return { kind: 'error', message: `--latency must be milliseconds (0 to 600000), not "${value}"` };
        options.latencyMs = latency;
        break;
      }
      case '--seed':
        options.seed = value;
        break;
      case '--data':
        options.dataPath = value;
        break;
    }
  }
  return { kind: 'run', options };
}

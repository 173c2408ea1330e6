/** Argument parsing of `npm run dialpad-standin`, apart from cli.ts so tests can import it. */

export const USAGE = 'Usage: npm run dialpad-standin -- --port <n> [--seed <file.json>]\n  --port  0-65535 (0 picks a free port)\n  --seed  a seed JSON file (format: standin/README.md); the default seed otherwise';

export interface CliOptions {
  port: number;
  seed?: string;
}

/** Parses the arguments, or returns an error message. */
export function parseCliArgs(argv: string[]): CliOptions | { error: string } | { help: true } {
  let port: number | undefined;
  let seed: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return { help: true };
    if (flag === '--port') {
      const text = value();
      if (text === undefined || !/^\d+$/.test(text) || Number(text) > 65535) return { error: `--port needs a number 0-65535, got ${text ?? 'nothing'}` };
      port = Number(text);
    } else if (flag === '--seed') {
      const text = value();
      if (!text) return { error: '--seed needs a file path' };
      seed = text;
    } else {
      return { error: `unknown argument: ${arg}` };
    }
  }
  if (port === undefined) return { error: '--port is required' };
  return seed === undefined ? { port } : { port, seed };
}

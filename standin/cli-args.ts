/** Argument parsing of `npm run dialpad-standin`, apart from cli.ts so tests can import it. */

import { LANGS, MARKUPS, type Lang, type Markup } from './types';

export const USAGE =
  'Usage: npm run dialpad-standin -- --port <n> [--seed <file.json>] [--markup 2024|2023] [--lang ja|en]\n  --port    0-65535 (0 picks a free port)\n  --seed    a seed JSON file (format: standin/README.md); the default seed otherwise\n  --markup  Dialtone generation: 2024 (default, today\'s) or 2023\n  --lang    Dialpad\'s UI language: ja (default) or en';

export interface CliOptions {
  port: number;
  seed?: string;
  markup?: Markup;
  lang?: Lang;
}

/** Parses the arguments, or returns an error message. */
export function parseCliArgs(argv: string[]): CliOptions | { error: string } | { help: true } {
  let port: number | undefined;
  let seed: string | undefined;
  let markup: Markup | undefined;
  let lang: Lang | undefined;
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
    } else if (flag === '--markup') {
      const text = value();
      if (!MARKUPS.includes(text as Markup)) return { error: `--markup needs ${MARKUPS.join(' or ')}, got ${text ?? 'nothing'}` };
      markup = text as Markup;
    } else if (flag === '--lang') {
      const text = value();
      if (!LANGS.includes(text as Lang)) return { error: `--lang needs ${LANGS.join(' or ')}, got ${text ?? 'nothing'}` };
      lang = text as Lang;
    } else {
      return { error: `unknown argument: ${arg}` };
    }
  }
  if (port === undefined) return { error: '--port is required' };
  return { port, ...(seed === undefined ? {} : { seed }), ...(markup ? { markup } : {}), ...(lang ? { lang } : {}) };
}

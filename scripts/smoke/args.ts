/** The smoke kit's command line: a real org (headed, the person signs in) or the local emulator (CI). */

export interface SmokeArgs {
  /** Against the org emulator in its strict default (what CI runs); otherwise a real org. */
  emulator: boolean;
  loginUrl: string | null;
  consumerKey: string | null;
  headless: boolean;
  build: boolean;
  /** How long the person has to sign in (headed runs against a real org). */
  signInMinutes: number;
  help: boolean;
}

export const SMOKE_USAGE = [
  'Usage: npm run smoke -- --login-url <https://your-domain.my.salesforce.com> --consumer-key <key> [--no-build] [--sign-in-minutes 5]',
  '       npm run smoke -- --emulator [--headless] [--no-build]      (the local org emulator, as CI runs it)',
].join('\n');

export class SmokeArgsError extends Error {
  override name = 'SmokeArgsError';
}

/** A login URL the sidebar can sign in to: https on a Salesforce host (My Domain, login, test). */
export function normalizeLoginUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new SmokeArgsError(`--login-url is not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:' || !/(?:^|\.)(?:salesforce\.com|force\.com)$/.test(url.hostname)) {
    throw new SmokeArgsError(`--login-url must be your Salesforce login over https (https://login.salesforce.com, https://test.salesforce.com or https://<domain>.my.salesforce.com), not ${raw}`);
  }
  return url.origin;
}

export function parseSmokeArgs(argv: readonly string[]): SmokeArgs {
  const args: SmokeArgs = { emulator: false, loginUrl: null, consumerKey: null, headless: false, build: true, signInMinutes: 5, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new SmokeArgsError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--emulator':
        args.emulator = true;
        break;
      case '--login-url':
        args.loginUrl = normalizeLoginUrl(value());
        break;
      case '--consumer-key': {
        const key = value();
        if (!/^[A-Za-z0-9._-]{1,256}$/.test(key)) throw new SmokeArgsError('--consumer-key has only letters, digits, dots, underscores and hyphens');
        args.consumerKey = key;
        break;
      }
      case '--headless':
        args.headless = true;
        break;
      case '--no-build':
        args.build = false;
        break;
      case '--sign-in-minutes': {
        const minutes = Number(value());
        if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 60) throw new SmokeArgsError('--sign-in-minutes must be between 0 and 60');
        args.signInMinutes = minutes;
        break;
      }
      case '--help':
        args.help = true;
        break;
      default:
        throw new SmokeArgsError(`Unknown argument: ${arg}`);
    }
  }
  if (args.help) return args;
  if (args.emulator && (args.loginUrl || args.consumerKey)) throw new SmokeArgsError('--emulator runs against the local emulator: leave out --login-url and --consumer-key');
  if (!args.emulator) {
    if (!args.loginUrl || !args.consumerKey) throw new SmokeArgsError('A real org needs --login-url and --consumer-key (or --emulator for the local emulator)');
    if (args.headless) throw new SmokeArgsError('Against a real org the run is headed: you sign in to Salesforce in the window it opens');
  }
  return args;
}

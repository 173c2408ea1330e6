/**
 * `npm run smoke -- --login-url <url> --consumer-key <key>`: proves the sidebar on a real org before
 * a rollout (docs/ADMIN.md, step one). Chromium opens with the test build and the Dialpad stand-in,
 * pointed at the org; the person signs in; the run creates a clearly marked test Contact with a
 * unique number, shows it through the stand-in, checks the card, logs a call, reads the Task back,
 * deletes what it created and prints a pass/fail report with every request's answer.
 * `npm run smoke -- --emulator --headless`: the same against the org emulator in its strict default
 * (what CI runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { E2E_EXTENSION_DIR, E2E_EXTENSION_ID, ROOT_DIR } from '../tests/e2e/harness';
import { BrowserNotFound, browserForTests } from './browser/find-browser';
import { parseSmokeArgs, SMOKE_USAGE, SmokeArgsError, type SmokeArgs } from './smoke/args';
import { formatReport, runSmoke } from './smoke/run';

async function main(): Promise<number> {
  let args: SmokeArgs;
  try {
    args = parseSmokeArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SmokeArgsError)) throw error;
    console.error(`${error.message}\n${SMOKE_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(SMOKE_USAGE);
    return 0;
  }
  try {
    console.log(`Browser: ${browserForTests().path} (${browserForTests().source})`);
  } catch (error) {
    if (error instanceof BrowserNotFound) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (args.build || !existsSync(path.join(E2E_EXTENSION_DIR, 'manifest.json'))) {
    console.log('Building the test build of the extension…');
    execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build', '--mode', 'e2e'], { cwd: ROOT_DIR, stdio: 'pipe' });
  }
  if (!args.emulator) {
    console.log(
      [
        `Org: ${args.loginUrl} (consumer key ${args.consumerKey})`,
        'The External Client App must accept this callback URL (the test build\'s fixed id):',
        `  https://${E2E_EXTENSION_ID}.chromiumapp.org/`,
        'The run creates a Contact named "Smoketest SFSD-…" with a 555-01xx number, logs one call to it, and deletes both.',
      ].join('\n'),
    );
  }
  const report = await runSmoke(args);
  console.log(`\n${formatReport(report)}`);
  return report.steps.every((step) => step.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * `npm run dialpad-standin -- --port <n> [--seed <file.json>]`: serves the Dialpad stand-in until
 * SIGINT/SIGTERM. Bad arguments print the usage and exit with 2; a bad seed exits with 1.
 */
import { parseCliArgs, USAGE } from './cli-args';
import { startStandin } from './server';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(USAGE);
    return;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n${USAGE}`);
    process.exit(2);
  }
  let standin;
  try {
    standin = await startStandin(parsed);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  console.log(`Dialpad stand-in listening on ${standin.url}`);
  console.log(`Markup: Dialtone ${standin.config.markup}, language: ${standin.config.lang}`);
  console.log(`Contacts: ${standin.seed.contacts.map((c) => `${c.name} (${c.id})`).join(', ')}`);
  const stop = (signal: string) => {
    console.log(`\n${signal}: closing the Dialpad stand-in`);
    standin.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();

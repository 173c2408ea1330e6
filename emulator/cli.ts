/**
 * `npm run sf-emulator -- --port <n> [--seed <file.json>] [--latency <ms>] [--data <file.json>]`
 * The first two lines printed are the URL and the consumer key (scripts read them).
 */
import { parseCliArgs, USAGE } from './http/cli-args';
import { SeedFileError } from './http/seed-file';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { options } = parsed;
  let running;
  try {
    // Imported after the arguments are checked, so --help and usage errors answer at once.
    const { startEmulator } = await import('./server');
    running = await startEmulator({ port: options.port, seed: options.seed, latencyMs: options.latencyMs, dataPath: options.dataPath });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Cannot start the Salesforce org emulator: ${message}`);
    // A bad seed or data file is a bad argument; anything else (port taken…) is a failure.
    process.exit(error instanceof SeedFileError ? 2 : 1);
  }
  console.log(`Salesforce org emulator listening on ${running.url}`);
  console.log(`consumer key: ${running.consumerKey}`);
  console.log(`login URL and instance URL: ${running.url}; test control: ${running.url}/__emulator`);
  if (options.dataPath !== undefined) console.log(`org data kept in ${options.dataPath}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    running
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`Error while stopping (${signal}):`, error);
        process.exit(1);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();

/**
 * `npm run bench [-- --quick]`: builds the extension, measures every figure of issue 8 in real
 * Chromium against the emulator and the stand-in, prints a table, and writes bench/results.json
 * and docs/PERFORMANCE.md. Figures are reported, not asserted; the run fails only when the
 * benchmark itself breaks or the soak loses or duplicates a Task.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { E2E_EXTENSION_DIR, PRODUCTION_EXTENSION_DIR, ROOT_DIR } from '../tests/e2e/harness';
import { markdownTable, type Figure } from './figures';
import { bundleSizes, churnCost, coldStart } from './page-cost';
import { requestCostFigures } from './request-cost';
import { recordFigures } from './record-figures';
import { callFigures, viewFigures } from './salesforce-figures';
import { soak } from './soak';
import { storageFigures } from './storage-figures';

let soakBroken = false;

interface Options {
  quick: boolean;
  build: boolean;
  /** Only the measurements whose name contains this (e.g. `P2`); nothing is written then. */
  only: string | null;
}

function parseArgs(argv: string[]): Options {
  const known = new Set(['--quick', '--no-build']);
  const at = argv.indexOf('--only');
  const only = at >= 0 ? (argv[at + 1] ?? null) : null;
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  const unknown = rest.filter((arg) => !known.has(arg));
  if (unknown.length || (at >= 0 && !only)) {
    console.error(`Unknown arguments: ${unknown.join(' ')}\nUsage: npm run bench -- [--quick] [--no-build] [--only <part of a measurement's name, e.g. P2>]`);
    process.exit(2);
  }
  return { quick: argv.includes('--quick'), build: !argv.includes('--no-build'), only };
}

export type Measure = (options: Options) => Promise<Figure[]>;

/** The measurements, in order; each returns its figures. */
const measures: Array<{ name: string; run: Measure }> = [
  { name: 'bundle sizes', run: async () => bundleSizes(PRODUCTION_EXTENSION_DIR) },
  { name: 'worker cold start (P4c)', run: async (o) => [await coldStart({ rounds: o.quick ? 5 : 20 })] },
  { name: 'first views and cached views (P1, P2)', run: async (o) => viewFigures({ switches: o.quick ? 10 : 50 }) },
  { name: 'calls and a working day (P3, P6)', run: async (o) => callFigures(o.quick ? { calls: 10, dayCalls: 10, dayViews: 30 } : { calls: 50, dayCalls: 100, dayViews: 300 }) },
  { name: 'a page that changes wildly (P7)', run: async () => requestCostFigures() },
  { name: 'name search, company lines, Related to (#19)', run: async (o) => recordFigures({ names: o.quick ? 5 : 12 }) },
  {
    name: 'soak under faults (B1)',
    run: async (o) => {
      const result = await soak(o.quick ? { calls: 50, settleMs: 150_000 } : { calls: 200, settleMs: 300_000 });
      soakBroken = result.broken;
      return result.figures;
    },
  },
  // The quick run sees 250 people (past the cache's 200): enough to show the bound holds.
  { name: 'storage after people seen (P8)', run: async (o) => storageFigures({ people: o.quick ? 250 : 1000 }) },
  {
    name: 'page cost during churn',
    run: async (o) => churnCost(o.quick ? { seconds: 3, rounds: 3, mutationsPerSecond: 1000 } : { seconds: 10, rounds: 5, mutationsPerSecond: 1000 }),
  },
];

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    console.log('Building the release and the test build…');
    for (const args of [['build'], ['build', '--mode', 'e2e']]) {
      execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', ...args], { cwd: ROOT_DIR, stdio: 'pipe' });
    }
  }
  console.log(`Extension under test: ${path.relative(ROOT_DIR, E2E_EXTENSION_DIR)} (${options.quick ? 'quick' : 'full'} run)`);
  const figures: Figure[] = [];
  let broken = false;
  for (const measure of measures.filter((m) => !options.only || m.name.includes(options.only))) {
    const started = Date.now();
    try {
      const measured = await measure.run(options);
      figures.push(...measured);
      console.log(`  ✓ ${measure.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      broken = true;
      console.error(`  ✖ ${measure.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const table = markdownTable(figures);
  console.log(`\n${table}\n`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const date = new Date().toISOString();
  // A partial run is a look at some figures, not a result to publish.
  if (options.only) process.exit(broken ? 1 : 0);
  await writeFile(path.join(ROOT_DIR, 'bench/results.json'), `${JSON.stringify({ date, machine, quick: options.quick, figures }, null, 2)}\n`);
  if (!options.quick) await writePerformanceDoc(table, date, machine);
  if (soakBroken) console.error('✖ The soak lost or duplicated a Task.');
  process.exit(broken || soakBroken ? 1 : 0);
}

async function writePerformanceDoc(table: string, date: string, machine: string): Promise<void> {
  const file = path.join(ROOT_DIR, 'docs/PERFORMANCE.md');
  const current = await readFile(file, 'utf8').catch(() => '');
  const marker = /<!-- results -->[\s\S]*<!-- \/results -->/;
  const block = `<!-- results -->\nLatest full run: ${date.slice(0, 16).replace('T', ' ')} UTC on ${machine}.\n\n${table}\n<!-- /results -->`;
  await writeFile(file, marker.test(current) ? current.replace(marker, block) : `${current}\n${block}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

#!/usr/bin/env node
// `npm test`: every check in order — types, lint, unit tests, end-to-end tests in real Chromium —
// then one summary line `N passed, N failed` (each check and each test counts once).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, 'test-output');
mkdirSync(reportDir, { recursive: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', ...env } });
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    console.log(`✖ ${label} failed`);
  }
}

function vitest(label, configArgs, reportName, env = {}) {
  const report = path.join(reportDir, reportName);
  rmSync(report, { force: true });
  const ok = run(label, bin('vitest'), ['run', ...configArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env);
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + (json.numTotalTestSuites > 0 && json.numTotalTests === 0 ? 1 : 0);
    // A suite that crashed before its tests ran reports no failed test: count it.
    if (!ok && json.numFailedTests === 0) failed += 1;
  } catch {
    failed += 1;
    console.log(`✖ ${label}: no report was written`);
  }
}

check('Type check (tsc)', bin('tsc'), ['--noEmit']);
check('Lint (eslint)', bin('eslint'), ['.']);
vitest('Unit tests (vitest)', [], 'unit.json');
// The end-to-end tests need a browser that loads unpacked extensions: when none is found, one line
// says what to install, instead of a launch error per test.
const browser = spawnSync(bin('tsx'), ['scripts/check-browser.ts'], { cwd: root, encoding: 'utf8' });
if (browser.status === 0) {
  console.log(`\n${browser.stdout.trim()}`);
  // Against the Dialpad stand-in twice: today's Dialtone in Japanese (what our users run), then
  // yesterday's in English (the extensions built by the first run are reused).
  vitest('End-to-end tests, Dialpad 2024 markup in Japanese (vitest + Chromium)', ['--config', 'vitest.e2e.config.ts'], 'e2e.json', { SFSD_DIALPAD_MARKUP: '2024', SFSD_DIALPAD_LANG: 'ja' });
  vitest('End-to-end tests, Dialpad 2023 markup in English (vitest + Chromium)', ['--config', 'vitest.e2e.config.ts'], 'e2e-2023-en.json', { SFSD_DIALPAD_MARKUP: '2023', SFSD_DIALPAD_LANG: 'en', SFSD_SKIP_BUILD: '1' });
} else {
  failed += 1;
  console.log(`\n✖ End-to-end tests not run. ${(browser.stderr || browser.stdout).trim()}`);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

import { execFileSync } from 'node:child_process';
import { ROOT_DIR } from './harness';

/** Builds the production and the e2e extension once per end-to-end run. */
export default function buildExtensions(): void {
  if (process.env.SFSD_SKIP_BUILD === '1') return;
  for (const args of [['build'], ['build', '-b', 'edge'], ['build', '--mode', 'e2e']]) {
    execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', ...args], { cwd: ROOT_DIR, stdio: 'pipe' });
  }
}

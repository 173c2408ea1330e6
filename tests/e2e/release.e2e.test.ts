/**
 * `npm run release` on the real release builds (made by the end-to-end run's global setup): the
 * store zips hold exactly the build, the CRX verifies and differs only by the feed's `update_url`,
 * and the current version has its changelog section.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCrx3 } from '../../scripts/release/crx3';
import { generateSigningKey, runRelease, type ReleaseResult } from '../../scripts/release/release';
import { readTree } from '../../scripts/release/zip';
import { unzip } from '../support/unzip';
import { OUTPUT_DIR, PRODUCTION_EXTENSION_DIR, ROOT_DIR } from './harness';

let result: ReleaseResult;
let id: string;

beforeAll(async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'sfsd-release-'));
  id = await generateSigningKey(ROOT_DIR, path.join(scratch, 'key.pem'));
  result = await runRelease({
    root: ROOT_DIR,
    keyPath: path.join(scratch, 'key.pem'),
    updateBaseUrl: 'https://updates.example.com/sidebar/',
    build: false,
    outputDir: OUTPUT_DIR,
    releaseDir: path.join(scratch, 'release'),
    log: () => undefined,
  });
});

describe('the release of the current version', () => {
  it('puts exactly the Chrome build in the store zip', async () => {
    const files = unzip(await readFile(result.files.chromeZip));
    const build = await readTree(PRODUCTION_EXTENSION_DIR);
    expect([...files.keys()]).toEqual(build.map((entry) => entry.name));
    for (const entry of build) expect(files.get(entry.name)?.equals(entry.data), entry.name).toBe(true);
  });

  it('signs the same build for self-hosting, pointed at the feed, under the key\'s id', async () => {
    const crx = readCrx3(await readFile(result.files.crx));
    expect(crx.id).toBe(id);
    const manifest = JSON.parse(unzip(crx.archive).get('manifest.json')!.toString('utf8'));
    const built = JSON.parse(await readFile(path.join(PRODUCTION_EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual({ ...built, update_url: 'https://updates.example.com/sidebar/updates.xml' });
    expect(await readFile(result.files.updates, 'utf8')).toContain(`<app appid='${id}'>`);
  });
});

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCrx3 } from '../../scripts/release/crx3';
import { generateSigningKey, parseReleaseArgs, runRelease } from '../../scripts/release/release';
import { unzip } from '../support/unzip';

const MANIFEST = { manifest_version: 3, name: '__MSG_extensionName__', version: '0.3.0', host_permissions: ['https://login.salesforce.com/*'] };

const manifestIn = (archive: Buffer) => JSON.parse(unzip(archive).get('manifest.json')!.toString('utf8')) as Record<string, unknown>;

let root: string;
let keys: string;
let log: string[];

async function writeBuild(dir: string, manifest: object) {
  await mkdir(path.join(dir, 'icon'), { recursive: true });
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dir, 'icon', '16.png'), Buffer.from([137, 80, 78, 71]));
  await writeFile(path.join(dir, 'background.js'), 'console.log("worker");'.repeat(50));
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sfsd-release-repo-'));
  keys = await mkdtemp(path.join(tmpdir(), 'sfsd-release-keys-'));
  log = [];
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'x', version: '0.3.0' }));
  await writeFile(path.join(root, 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n## 0.3.0 — 2026-12-01\n\n- Things.\n');
  await writeBuild(path.join(root, '.output/chrome-mv3'), MANIFEST);
  await writeBuild(path.join(root, '.output/edge-mv3'), MANIFEST);
});

const release = async (keyPath: string, updateBaseUrl = 'https://intranet.example.com/sidebar') => runRelease({ root, keyPath, updateBaseUrl, build: false, log: (line) => log.push(line) });

describe('npm run release', () => {
  it('writes the store zips, and a signed CRX whose updates.xml names its id, version, URL and hash', async () => {
    const keyPath = path.join(keys, 'signing.pem');
    const id = await generateSigningKey(root, keyPath);
    const result = await release(keyPath);
    expect(result).toMatchObject({ id, version: '0.3.0', updateUrl: 'https://intranet.example.com/sidebar/updates.xml' });
    expect(path.relative(root, result.releaseDir)).toBe(path.join('.output', 'release', '0.3.0'));

    const crx = await readFile(result.files.crx);
    const read = readCrx3(crx);
    expect(read.id).toBe(id);
    // The self-hosted manifest points at the feed; the store packages do not (the stores refuse it).
    expect(manifestIn(read.archive)).toMatchObject({ version: '0.3.0', update_url: 'https://intranet.example.com/sidebar/updates.xml' });
    const storeZip = await readFile(result.files.chromeZip);
    expect(manifestIn(storeZip)).toEqual(MANIFEST);
    expect((await readFile(result.files.edgeZip)).equals(storeZip)).toBe(true);

    const sha = createHash('sha256').update(crx).digest('hex');
    expect(result.crxSha256).toBe(sha);
    const xml = await readFile(result.files.updates, 'utf8');
    expect(xml).toContain(`<app appid='${id}'>`);
    expect(xml).toContain(`codebase='https://intranet.example.com/sidebar/salesforce-sidebar-for-dialpad-0.3.0.crx' version='0.3.0' hash_sha256='${sha}'`);
    expect(JSON.parse(await readFile(path.join(result.releaseDir, 'release.json'), 'utf8'))).toMatchObject({ version: '0.3.0', extensionId: id, crxSha256: sha });
  });

  it('gives the same id for the same key, release after release', async () => {
    const keyPath = path.join(keys, 'signing.pem');
    const id = await generateSigningKey(root, keyPath);
    expect((await release(keyPath)).id).toBe(id);
    expect((await release(keyPath)).id).toBe(id);
  });

  it('refuses a key kept inside the repository, and says how to make one', async () => {
    await expect(generateSigningKey(root, path.join(root, 'key.pem'))).rejects.toThrow(/inside the repository/);
    const keyPath = path.join(keys, 'signing.pem');
    await generateSigningKey(root, keyPath);
    await writeFile(path.join(root, 'key.pem'), await readFile(keyPath));
    await expect(release(path.join(root, 'key.pem'))).rejects.toThrow(/inside the repository[\s\S]*--generate-key/);
    await expect(release(path.join(keys, 'missing.pem'))).rejects.toThrow(/Cannot use the signing key[\s\S]*--generate-key/);
  });

  it('writes a new key readable by its owner only, and never over an existing one', async () => {
    const keyPath = path.join(keys, 'signing.pem');
    await generateSigningKey(root, keyPath);
    if (process.platform !== 'win32') expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    await expect(generateSigningKey(root, keyPath)).rejects.toThrow(/exists already/);
  });

  it('refuses a test build, a build of another version, and a version the changelog does not describe', async () => {
    const keyPath = path.join(keys, 'signing.pem');
    await generateSigningKey(root, keyPath);
    await writeBuild(path.join(root, '.output/chrome-mv3'), { ...MANIFEST, host_permissions: ['http://127.0.0.1/*'] });
    await expect(release(keyPath)).rejects.toThrow(/test build/);
    await writeBuild(path.join(root, '.output/chrome-mv3'), { ...MANIFEST, version: '0.2.0' });
    await expect(release(keyPath)).rejects.toThrow(/version 0.2.0, package.json says 0.3.0/);
    await writeBuild(path.join(root, '.output/chrome-mv3'), MANIFEST);
    await writeFile(path.join(root, 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n- Things.\n');
    await expect(release(keyPath)).rejects.toThrow(/no section for 0.3.0/);
  });

  it('warns when the feed is plain HTTP on another machine', async () => {
    const keyPath = path.join(keys, 'signing.pem');
    await generateSigningKey(root, keyPath);
    await release(keyPath, 'http://intranet.example.com/sidebar/');
    expect(log.join('\n')).toMatch(/plain HTTP/);
  });

  it('reads its options', () => {
    expect(parseReleaseArgs(['--key', 'k.pem', '--update-base-url=https://x/', '--no-build'])).toEqual({ keyPath: 'k.pem', updateBaseUrl: 'https://x/', build: false, help: false });
    expect(() => parseReleaseArgs(['--key'])).toThrow(/needs a value/);
    expect(() => parseReleaseArgs(['--sign'])).toThrow(/Unknown option/);
  });
});

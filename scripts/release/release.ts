/**
 * `npm run release`: the store packages (Chrome Web Store, Edge Add-ons) and the self-hosted ones
 * (a signed CRX3 and its `updates.xml`) of the current version, in `.output/release/<version>/`.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extensionIdOf, loadSigningKey, publicKeyDerOf, readCrx3 } from './crx3';
import { packSelfHosted, type Manifest } from './self-hosted';
import { feedUrl, updateManifestXml } from './update-manifest';
import { changelogSection, isExtensionVersion } from './version';
import { readTree, zip } from './zip';

export const PACKAGE_NAME = 'salesforce-sidebar-for-dialpad';

export interface ReleaseOptions {
  root: string;
  keyPath: string;
  updateBaseUrl: string;
  /** Use the builds already in `<outputDir>/chrome-mv3` and `edge-mv3`. */
  build: boolean;
  /** Where `wxt build` writes (SFSD_OUT_DIR); default `<root>/.output`. */
  outputDir?: string;
  /** Where the release goes; default `<outputDir>/release/<version>`. */
  releaseDir?: string;
  log?: (line: string) => void;
}

export interface ReleaseResult {
  id: string;
  version: string;
  releaseDir: string;
  files: { chromeZip: string; edgeZip: string; crx: string; updates: string };
  updateUrl: string;
  crxSha256: string;
}

export const KEY_HELP = [
  'The self-hosted package is signed with your key, and the key fixes the extension id that policies and the',
  "Salesforce connected app's callback URL name. Make it once, keep it outside this repository, back it up:",
  '  npm run release -- --generate-key ~/keys/sidebar-signing-key.pem',
  'Losing it means a new extension id: every policy and callback URL would have to change.',
].join('\n');

export function parseReleaseArgs(argv: string[]): { keyPath?: string; updateBaseUrl?: string; generateKey?: string; build: boolean; help: boolean } {
  const result: { keyPath?: string; updateBaseUrl?: string; generateKey?: string; build: boolean; help: boolean } = { build: true, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${name} needs a value.`);
      return next;
    };
    if (name === '--key') result.keyPath = value();
    else if (name === '--update-base-url') result.updateBaseUrl = value();
    else if (name === '--generate-key') result.generateKey = value();
    else if (name === '--no-build') result.build = false;
    else if (name === '--help' || name === '-h') result.help = true;
    else throw new Error(`Unknown option: ${arg}`);
  }
  return result;
}

function insideRepository(root: string, file: string): boolean {
  const relative = path.relative(root, path.resolve(file));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Writes a new 2048-bit RSA key (PKCS#8 PEM, readable by its owner only) and returns the extension id it gives. */
export async function generateSigningKey(root: string, file: string): Promise<string> {
  if (insideRepository(root, file)) throw new Error(`Refusing to write the signing key inside the repository (${file}): keep it where it cannot be committed.`);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${file} exists already; a new key would mean a new extension id. Use it with --key, or choose another path.`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return extensionIdOf(publicKeyDerOf(privateKey));
}

async function readBuild(dir: string): Promise<Manifest> {
  const text = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => {
    throw new Error(`No build in ${dir}: run without --no-build.`);
  });
  return JSON.parse(text) as Manifest;
}

function sameTree(a: Awaited<ReturnType<typeof readTree>>, b: Awaited<ReturnType<typeof readTree>>): boolean {
  return a.length === b.length && a.every((entry, i) => entry.name === b[i]!.name && entry.data.equals(b[i]!.data));
}

export async function runRelease(options: ReleaseOptions): Promise<ReleaseResult> {
  const log = options.log ?? console.log;
  const outputDir = options.outputDir ?? path.join(options.root, '.output');
  if (insideRepository(options.root, options.keyPath)) throw new Error(`The signing key ${options.keyPath} is inside the repository: move it out, where it cannot be committed.\n${KEY_HELP}`);
  let key: KeyObject;
  try {
    key = loadSigningKey(await readFile(options.keyPath));
  } catch (error) {
    throw new Error(`Cannot use the signing key ${options.keyPath}: ${(error as Error).message}\n${KEY_HELP}`, { cause: error });
  }
  const updateUrl = feedUrl(options.updateBaseUrl, 'updates.xml');
  const base = new URL(updateUrl);
  if (base.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
    log(`Warning: ${base.origin} is plain HTTP. Serve the feed over HTTPS so nobody on the network can swap the package list.`);
  }

  const pkg = JSON.parse(await readFile(path.join(options.root, 'package.json'), 'utf8')) as { version: string };
  const version = pkg.version;
  if (!isExtensionVersion(version)) throw new Error(`package.json's version "${version}" is not a valid extension version.`);
  const changelog = await readFile(path.join(options.root, 'CHANGELOG.md'), 'utf8');
  if (!changelogSection(changelog, version)) throw new Error(`CHANGELOG.md has no section for ${version}: write it under "## Unreleased", then run npm run bump.`);

  if (options.build) {
    log('Building the release builds for Chrome and Edge…');
    const env = { ...process.env, ...(options.outputDir ? { SFSD_OUT_DIR: options.outputDir } : {}) };
    for (const args of [['build'], ['build', '-b', 'edge']]) {
      execFileSync(process.execPath, [path.join(options.root, 'node_modules/wxt/bin/wxt.mjs'), ...args], { cwd: options.root, stdio: 'pipe', env });
    }
  }
  const chromeDir = path.join(outputDir, 'chrome-mv3');
  const edgeDir = path.join(outputDir, 'edge-mv3');
  for (const dir of [chromeDir, edgeDir]) {
    const manifest = await readBuild(dir);
    if (manifest.version !== version) throw new Error(`${dir} is version ${manifest.version}, package.json says ${version}: build again (drop --no-build).`);
    if (manifest.key !== undefined || /127\.0\.0\.1|localhost/.test(JSON.stringify(manifest))) throw new Error(`${dir} is a test build (fixed key or local origins): release builds only.`);
  }

  const releaseDir = options.releaseDir ?? path.join(outputDir, 'release', version);
  await mkdir(path.join(releaseDir, 'self-hosted'), { recursive: true });
  const chromeTree = await readTree(chromeDir);
  const edgeTree = await readTree(edgeDir);
  const files = {
    chromeZip: path.join(releaseDir, `${PACKAGE_NAME}-${version}-chrome.zip`),
    edgeZip: path.join(releaseDir, `${PACKAGE_NAME}-${version}-edge.zip`),
    crx: path.join(releaseDir, 'self-hosted', `${PACKAGE_NAME}-${version}.crx`),
    updates: path.join(releaseDir, 'self-hosted', 'updates.xml'),
  };
  await writeFile(files.chromeZip, zip(chromeTree));
  await writeFile(files.edgeZip, zip(edgeTree));

  // One self-hosted package serves both browsers; if WXT ever makes the Edge build differ, that must be decided here.
  if (!sameTree(chromeTree, edgeTree)) throw new Error('The Edge build differs from the Chrome build: the single self-hosted package cannot serve both.');
  const packed = await packSelfHosted(chromeDir, key, { updateUrl });
  const check = readCrx3(packed.crx);
  if (check.id !== packed.id) throw new Error('The CRX does not verify after signing.');
  const crxSha256 = createHash('sha256').update(packed.crx).digest('hex');
  await writeFile(files.crx, packed.crx);
  await writeFile(
    files.updates,
    updateManifestXml([{ id: packed.id, version, codebase: feedUrl(options.updateBaseUrl, path.basename(files.crx)), sha256: crxSha256, ...(packed.manifest.minimum_chrome_version ? { minimumBrowserVersion: packed.manifest.minimum_chrome_version } : {}) }]),
  );
  await writeFile(
    path.join(releaseDir, 'release.json'),
    `${JSON.stringify({ version, extensionId: packed.id, updateUrl, crx: path.basename(files.crx), crxSha256, storeZips: [path.basename(files.chromeZip), path.basename(files.edgeZip)] }, null, 2)}\n`,
  );
  return { id: packed.id, version, releaseDir, files, updateUrl, crxSha256 };
}

export function releaseSummary(result: ReleaseResult, root: string): string {
  const rel = (file: string) => path.relative(root, file);
  return [
    `Release ${result.version} — extension id ${result.id} (self-hosted; the stores assign their own ids)`,
    `  Chrome Web Store:  ${rel(result.files.chromeZip)}`,
    `  Edge Add-ons:      ${rel(result.files.edgeZip)}`,
    `  Self-hosted:       ${rel(result.files.crx)}  (sha256 ${result.crxSha256})`,
    `                     ${rel(result.files.updates)}`,
    `Upload both files of ${rel(path.dirname(result.files.crx))}/ to ${result.updateUrl.replace(/updates\.xml$/, '')}, then force-install with:`,
    `  "ExtensionSettings": { "${result.id}": { "installation_mode": "force_installed", "update_url": "${result.updateUrl}" } }`,
    'See docs/ADMIN.md for Windows, macOS and Linux.',
  ].join('\n');
}

/**
 * The self-hosted package: the built extension with `update_url` pointing at the company's feed,
 * zipped deterministically and signed as CRX3. (The store packages carry no `update_url`: the
 * stores refuse it and set their own.)
 */
import type { KeyObject } from 'node:crypto';
import { extensionIdOf, packCrx3, publicKeyDerOf } from './crx3';
import { readTree, zip } from './zip';

export interface Manifest {
  version: string;
  key?: string;
  update_url?: string;
  minimum_chrome_version?: string;
  [name: string]: unknown;
}

export interface SelfHostedPackage {
  crx: Buffer;
  id: string;
  version: string;
  manifest: Manifest;
}

export async function packSelfHosted(buildDir: string, signingKey: KeyObject, options: { updateUrl: string; changeManifest?: (manifest: Manifest) => Manifest }): Promise<SelfHostedPackage> {
  const entries = await readTree(buildDir);
  const manifestEntry = entries.find((entry) => entry.name === 'manifest.json');
  if (!manifestEntry) throw new Error(`${buildDir} has no manifest.json: build the extension first.`);
  let manifest = JSON.parse(manifestEntry.data.toString('utf8')) as Manifest;
  if (options.changeManifest) manifest = options.changeManifest(manifest);
  const id = extensionIdOf(publicKeyDerOf(signingKey));
  // A CRX's id is its signing key's; a manifest `key` naming another id means the wrong build (the e2e one) is being packed.
  if (manifest.key !== undefined && extensionIdOf(Buffer.from(manifest.key, 'base64')) !== id) {
    throw new Error(`The manifest in ${buildDir} has a "key" for another extension id than the signing key's (${id}): pack a release build.`);
  }
  manifest = { ...manifest, update_url: options.updateUrl };
  manifestEntry.data = Buffer.from(JSON.stringify(manifest));
  const packed = packCrx3(zip(entries), signingKey);
  return { crx: packed.crx, id: packed.id, version: manifest.version, manifest };
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_EXTENSION_DIR, OUTPUT_DIR, PRODUCTION_EXTENSION_DIR } from './harness';

const readManifest = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));

/** The audited permission set: changing it needs a reason in the commit and an update here. */
const AUDITED = {
  permissions: ['alarms', 'identity', 'storage'],
  host_permissions: ['https://*.my.salesforce.com/*', 'https://login.salesforce.com/*', 'https://test.salesforce.com/*'],
  content_script_matches: ['https://dialpad.com/app*'],
  /** Asked for at connect time for one host only (older instances, Experience Cloud), never at install. */
  optional_host_permissions: ['https://*.cloudforce.com/*', 'https://*.force.com/*', 'https://*.salesforce.com/*'],
};

const TEST_ORIGIN = /127\.0\.0\.1|localhost/;

describe('the built manifests', () => {
  it('production asks for exactly the audited permissions and hosts', async () => {
    const manifest = await readManifest(PRODUCTION_EXTENSION_DIR);
    expect(manifest.manifest_version).toBe(3);
    expect([...manifest.permissions].sort()).toEqual(AUDITED.permissions);
    expect([...manifest.host_permissions].sort()).toEqual(AUDITED.host_permissions);
    expect(manifest.content_scripts.flatMap((s: { matches: string[] }) => s.matches)).toEqual(AUDITED.content_script_matches);
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect([...manifest.optional_host_permissions].sort()).toEqual(AUDITED.optional_host_permissions);
    expect(manifest.storage).toEqual({ managed_schema: 'managed_schema.json' });
    // No web page may message the background (#17).
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('production contains no test origin and no fixed key anywhere', async () => {
    const text = await readFile(path.join(PRODUCTION_EXTENSION_DIR, 'manifest.json'), 'utf8');
    expect(text).not.toMatch(TEST_ORIGIN);
    expect(JSON.parse(text).key).toBeUndefined();
  });

  it('the Edge build equals the Chrome build in permissions', async () => {
    const chrome = await readManifest(PRODUCTION_EXTENSION_DIR);
    const edge = await readManifest(path.join(OUTPUT_DIR, 'edge-mv3'));
    expect(edge.permissions).toEqual(chrome.permissions);
    expect(edge.host_permissions).toEqual(chrome.host_permissions);
  });

  it('the e2e build adds only the local test origins', async () => {
    const production = await readManifest(PRODUCTION_EXTENSION_DIR);
    const e2e = await readManifest(E2E_EXTENSION_DIR);
    const added = e2e.host_permissions.filter((h: string) => !production.host_permissions.includes(h));
    expect(added).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(e2e.permissions).toEqual(production.permissions);
  });

  it('declares English as the default locale and ships English and Japanese messages', async () => {
    const manifest = await readManifest(PRODUCTION_EXTENSION_DIR);
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toBe('__MSG_extensionName__');
    const en = JSON.parse(await readFile(path.join(PRODUCTION_EXTENSION_DIR, '_locales/en/messages.json'), 'utf8'));
    const ja = JSON.parse(await readFile(path.join(PRODUCTION_EXTENSION_DIR, '_locales/ja/messages.json'), 'utf8'));
    expect(en.extensionName.message).toBe('Salesforce Sidebar for Dialpad');
    expect(ja.extensionName.message).toBe('Dialpad 用 Salesforce サイドバー');
  });
});

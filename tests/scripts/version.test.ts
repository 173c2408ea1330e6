import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bumpVersion, changelogSection, isExtensionVersion, nextVersion, releaseChangelog } from '../../scripts/release/version';

const CHANGELOG = `# Changelog

Intro.

## Unreleased

### What users see
- A new button.

## 0.1.0 — 2026-11-29

The first release.
`;

describe('versions', () => {
  it('accepts only what browsers accept as an extension version', () => {
    expect(['1', '1.2', '1.2.3', '1.2.3.4', '65535.0.0'].filter((v) => !isExtensionVersion(v))).toEqual([]);
    expect(['', '1.2.3.4.5', '01.2', '1.2.3-beta', '65536.0', 'v1'].filter(isExtensionVersion)).toEqual([]);
  });

  it('bumps major, minor, patch, or to a named higher version', () => {
    expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
    expect(nextVersion('0.1.9', 'minor')).toBe('0.2.0');
    expect(nextVersion('0.9.3', 'major')).toBe('1.0.0');
    expect(nextVersion('1.2.3', '1.2.3.1')).toBe('1.2.3.1');
    expect(() => nextVersion('1.2.3', '1.2.3')).toThrow(/never update to a lower or equal/);
    expect(() => nextVersion('1.2.3', '1.1.9')).toThrow(/not higher/);
    expect(() => nextVersion('1.2.3', 'beta')).toThrow(/neither/);
  });
});

describe('the changelog', () => {
  it('reads a section by its heading', () => {
    expect(changelogSection(CHANGELOG, 'Unreleased')).toBe('### What users see\n- A new button.');
    expect(changelogSection(CHANGELOG, '0.1.0')).toBe('The first release.');
    expect(changelogSection(CHANGELOG, '0.1')).toBeNull();
  });

  it('turns Unreleased into the new version and opens an empty Unreleased above it', () => {
    const released = releaseChangelog(CHANGELOG, '0.2.0', '2026-12-01');
    expect(released).toContain('## Unreleased\n\n## 0.2.0 — 2026-12-01\n\n### What users see\n- A new button.');
    expect(changelogSection(released, 'Unreleased')).toBe('');
  });

  it('refuses to release nothing, or a version twice', () => {
    const empty = releaseChangelog(CHANGELOG, '0.2.0', '2026-12-01');
    expect(() => releaseChangelog(empty, '0.3.0', '2026-12-02')).toThrow(/empty/);
    expect(() => releaseChangelog(CHANGELOG, '0.1.0', '2026-12-02')).toThrow(/already has a section/);
  });
});

describe('npm run bump', () => {
  async function repo(changelog = CHANGELOG) {
    const root = await mkdtemp(path.join(tmpdir(), 'sfsd-bump-'));
    await writeFile(path.join(root, 'package.json'), `{\n  "name": "x",\n  "version": "0.1.0",\n  "private": true\n}\n`);
    await writeFile(path.join(root, 'package-lock.json'), JSON.stringify({ name: 'x', version: '0.1.0', lockfileVersion: 3, packages: { '': { name: 'x', version: '0.1.0' } } }, null, 2));
    await writeFile(path.join(root, 'CHANGELOG.md'), changelog);
    return root;
  }

  it('changes package.json, package-lock.json and the changelog together', async () => {
    const root = await repo();
    expect(await bumpVersion(root, 'minor', '2026-12-01')).toEqual({ from: '0.1.0', to: '0.2.0' });
    expect(await readFile(path.join(root, 'package.json'), 'utf8')).toBe(`{\n  "name": "x",\n  "version": "0.2.0",\n  "private": true\n}\n`);
    const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8'));
    expect([lock.version, lock.packages[''].version]).toEqual(['0.2.0', '0.2.0']);
    expect(await readFile(path.join(root, 'CHANGELOG.md'), 'utf8')).toContain('## 0.2.0 — 2026-12-01');
  });

  it('writes nothing when the changelog has nothing to release', async () => {
    const root = await repo(CHANGELOG.replace('### What users see\n- A new button.\n', ''));
    await expect(bumpVersion(root, 'patch')).rejects.toThrow(/empty/);
    expect(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).version).toBe('0.1.0');
  });
});

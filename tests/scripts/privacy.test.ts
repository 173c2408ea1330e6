/**
 * PRIVACY.md lists every place the extension keeps data; this keeps the list true when storage
 * changes (a new item, a renamed one, one removed).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function sources(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) files.push(path.join(entry.parentPath, entry.name));
  }
  return files;
}

/** `area:key` of every `storage.defineItem`, and `indexedDB:<name>` of every database, in the extension's code. */
async function declaredStorage(): Promise<Set<string>> {
  const found = new Set<string>();
  for (const file of [...(await sources('lib')), ...(await sources('entrypoints')), ...(await sources('components'))]) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/defineItem\s*<[\s\S]*?>\s*\(\s*'((?:local|session|sync|managed):[^']+)'/g)) found.add(match[1]!);
    for (const match of text.matchAll(/defineItem\s*\(\s*'((?:local|session|sync|managed):[^']+)'/g)) found.add(match[1]!);
    for (const match of text.matchAll(/indexedDB\.open\(\s*([A-Za-z_$][\w$]*|'[^']+')/g)) {
      const name = match[1]!.startsWith("'") ? match[1]!.slice(1, -1) : new RegExp(`const ${match[1]} = '([^']+)'`).exec(text)?.[1];
      found.add(`indexedDB:${name ?? match[1]}`);
    }
    // Direct use of the storage areas would bypass the declarations this test reads.
    expect(text, `${path.relative(ROOT, file)} writes storage without a declared item`).not.toMatch(/(?:browser|chrome)\.storage\.(?:local|sync|session)\.set\(/);
  }
  return found;
}

/** The items PRIVACY.md's table names: `area:key` in its "where" column, and IndexedDB `name`. */
async function documentedStorage(): Promise<Set<string>> {
  const text = await readFile(path.join(ROOT, 'PRIVACY.md'), 'utf8');
  const table = text.slice(text.indexOf('## What it keeps in the browser'), text.indexOf('## Permissions'));
  const found = new Set<string>();
  for (const match of table.matchAll(/`((?:local|session|sync|managed):[^`]+)`/g)) found.add(match[1]!);
  for (const match of table.matchAll(/IndexedDB `([^`]+)`/g)) found.add(`indexedDB:${match[1]}`);
  return found;
}

describe('PRIVACY.md', () => {
  it('lists exactly the storage the extension declares', async () => {
    const declared = await declaredStorage();
    expect(declared.size).toBeGreaterThan(5);
    expect([...(await documentedStorage())].sort()).toEqual([...declared].sort());
  });
});

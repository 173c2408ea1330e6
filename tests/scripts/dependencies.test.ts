import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : /\.(ts|tsx)$/.test(name) ? [file] : [];
  });
}

describe('runtime dependencies (#17)', () => {
  it('ships only what the extension imports: every runtime dependency is imported by its code, and nothing else is', () => {
    const shipped = ['lib', 'entrypoints', 'components'].flatMap((dir) => sources(path.join(ROOT, dir))).map((file) => readFileSync(file, 'utf8'));
    const imported = new Set(shipped.flatMap((text) => [...text.matchAll(/from '((?:@[\w.-]+\/)?[\w.-]+)[^']*'/g)].map((match) => match[1]!)));
    for (const name of Object.keys(pkg.dependencies)) expect(imported.has(name), `${name} is a runtime dependency the extension does not import`).toBe(true);
    expect(pkg.dependencies['@jetstreamapp/soql-parser-js']).toBeUndefined();
    expect(pkg.devDependencies['@jetstreamapp/soql-parser-js']).toBeDefined();
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
type Messages = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const load = (locale: string): Messages =>
  JSON.parse(readFileSync(path.join(root, 'public/_locales', locale, 'messages.json'), 'utf8'));

describe('the locales', () => {
  const en = load('en');
  const ja = load('ja');

  it('English and Japanese have the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message keeps its placeholders in both languages', () => {
    for (const [key, entry] of Object.entries(en)) {
      const names = Object.keys(entry.placeholders ?? {}).sort();
      expect(Object.keys(ja[key]?.placeholders ?? {}).sort(), key).toEqual(names);
      for (const name of names) {
        expect(entry.message, key).toContain(`$${name.toUpperCase()}$`);
        expect(ja[key]?.message, key).toContain(`$${name.toUpperCase()}$`);
      }
    }
  });

  it('no component hard-codes visible text: JSX text and labels come from _locales', () => {
    const dir = path.join(root, 'components');
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsx'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      // Text between tags that contains a letter, or a literal accessible-name attribute.
      for (const match of source.matchAll(/(?<!=)>\s*([^<>{}\s][^<>{}]*?)\s*</g)) {
        if (/\p{L}/u.test(match[1] ?? '')) offenders.push(`${file}: "${match[1]}"`);
      }
      for (const match of source.matchAll(/(?:aria-label|title|placeholder|alt)="([^"]*)"/g)) {
        offenders.push(`${file}: attribute "${match[1]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

/**
 * Build plugin for the parts of the page's script loaded after the first paint
 * (entrypoints/dialpad.content/parts.ts): their imports of Preact and the signals resolve to the
 * content script's copies, which it puts in its isolated world's global (`__sfsdShared`). One
 * Preact and one signals runtime, so the parts' components render and subscribe as the content
 * script's own; and their bytes are not shipped twice.
 */
import type { Plugin } from 'vite';

/** Kept in step with `SHARED_MODULES` in parts.ts. */
export const SHARED_MODULE_NAMES = ['preact', 'preact/hooks', 'preact/jsx-runtime', '@preact/signals'] as const;
const PREFIX = '\0sfsd-shared:';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function sharedModules(): Plugin {
  return {
    name: 'sfsd-shared-modules',
    enforce: 'pre',
    resolveId(id) {
      return (SHARED_MODULE_NAMES as readonly string[]).includes(id) ? PREFIX + id : null;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      // The names the real module exports, read from it at build time.
      const names = Object.keys((await import(name)) as object).filter((key) => key !== 'default' && IDENTIFIER.test(key));
      return [
        `const shared = globalThis.__sfsdShared && globalThis.__sfsdShared[${JSON.stringify(name)}];`,
        `if (!shared) throw new Error(${JSON.stringify(`${name}: the content script did not share it`)});`,
        `export const { ${names.join(', ')} } = shared;`,
      ].join('\n');
    },
  };
}

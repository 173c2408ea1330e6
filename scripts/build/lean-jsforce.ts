/**
 * Vite plugin: jsforce without what the extension's browsers already have or never use (#18, P4b).
 *
 * jsforce's browser build is compiled for old browsers: every file imports core-js's global
 * polyfills (`core-js/modules/es.*`) and Babel's core-js-pure helpers
 * (`@babel/runtime-corejs3/core-js-stable/*`, and the helpers' `core-js-pure/features/*`), two
 * copies of ES2015–2022 that Chrome and Edge (the extension's only targets, MV3) implement natively.
 * Here the global polyfills become empty modules and each pure helper becomes the native built-in
 * it stands for (`instance/map` → `it => it.map`, `object/keys` → `Object.keys`, `promise` →
 * `Promise`). A shape this table does not know fails the build, so a jsforce upgrade that needs
 * something new is seen at once rather than shipped broken.
 *
 * jsforce also parses XML (xml2js, sax, xmlbuilder) and CSV (csv-parse, csv-stringify) response
 * bodies, for the SOAP, Metadata and Bulk APIs. The extension calls only the JSON REST API; a body
 * of another type is handed back as text by jsforce when its parser throws (http-api.js
 * `parseResponseBody`), which is what these stand-ins do.
 *
 * And one Buffer: the Node polyfills' global `Buffer` is their ES module, while the CommonJS
 * packages under jsforce (readable-stream, safe-buffer, util) `require('buffer')` and got the
 * CommonJS copy of the same code beside it; both now resolve to the ES module.
 */
import type { Plugin } from 'vite';

const PREFIX = '\0lean-jsforce:';

/** core-js's module names for the globals jsforce's helpers ask for. */
const GLOBALS: Record<string, string> = {
  array: 'Array',
  date: 'Date',
  json: 'JSON',
  map: 'Map',
  math: 'Math',
  number: 'Number',
  object: 'Object',
  promise: 'Promise',
  reflect: 'Reflect',
  set: 'Set',
  string: 'String',
  symbol: 'Symbol',
  url: 'URL',
  'url-search-params': 'URLSearchParams',
  'weak-map': 'WeakMap',
  'weak-set': 'WeakSet',
  'global-this': 'globalThis',
  'parse-int': 'parseInt',
  'parse-float': 'parseFloat',
  'suppressed-error': 'globalThis.SuppressedError',
};

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The native expression a core-js-pure feature path stands for, e.g. `object/keys` → `Object.keys`. */
export function nativeFor(feature: string): string {
  const parts = feature.replace(/\.js$/, '').replace(/\/index$/, '').split('/');
  const [head, member, ...rest] = parts;
  if (rest.length || !head) throw new Error(`lean-jsforce: unknown core-js feature "${feature}"`);
  if (head === 'instance' && member) return `(it) => it.${camel(member)}`;
  if (head === 'get-iterator-method' && !member) return '(it) => (it == null ? undefined : (it[Symbol.iterator] ?? it["@@iterator"]))';
  if ((head === 'set-timeout' || head === 'set-interval') && !member) return `(...args) => ${camel(head)}(...args)`;
  const global = GLOBALS[head];
  if (!global) throw new Error(`lean-jsforce: unknown core-js feature "${feature}"`);
  return member ? `${global}.${camel(member)}` : global;
}

const PURE = /^(?:@babel\/runtime-corejs3\/core-js(?:-stable)?|core-js-pure\/(?:features|stable|actual|full|es))\/(.+)$/;
const BUFFER_SHIM = 'vite-plugin-node-polyfills/shims/buffer';
const GLOBAL_POLYFILL = /^core-js\/modules\//;
const UNREAD_PARSERS = new Set(['xml2js', 'csv-parse', 'csv-parse/sync', 'csv-stringify', 'csv-stringify/sync']);

const UNREAD_PARSER_MODULE = `
function unread() { throw new Error('The extension reads only JSON from Salesforce; this body stays text.'); }
export const parseStringPromise = async () => unread();
export const Parser = unread, parse = unread, stringify = unread;
export default { parseStringPromise, Parser, parse, stringify };
`;

export function leanJsforce(): Plugin {
  return {
    name: 'lean-jsforce',
    enforce: 'pre',
    async resolveId(source, importer) {
      // The polyfills' alias has turned `buffer` into their shim, which `require` resolves to CommonJS.
      if (source === BUFFER_SHIM) {
        const shim = await this.resolve(source, importer, { skipSelf: true });
        return shim ? shim.id.replace(/\.cjs$/, '.js') : null;
      }
      const pure = PURE.exec(source);
      if (pure) return `${PREFIX}native:${pure[1]}`;
      if (GLOBAL_POLYFILL.test(source)) return `${PREFIX}empty`;
      if (UNREAD_PARSERS.has(source)) return `${PREFIX}unread`;
      return null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const what = id.slice(PREFIX.length);
      if (what === 'empty') return 'export {};';
      if (what === 'unread') return UNREAD_PARSER_MODULE;
      // CommonJS, as the helpers' own files are: `require` (Babel's CommonJS helpers) gets the
      // built-in itself, and an ES import gets it as the default export.
      return `module.exports = ${nativeFor(what.slice('native:'.length))};`;
    },
  };
}

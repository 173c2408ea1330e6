import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { nodePolyfills } from 'vite-plugin-node-polyfills';
import { fileURLToPath } from 'node:url';
import { leanJsforce } from './scripts/build/lean-jsforce';
import { sharedModules } from './scripts/build/shared-modules';
import extensionKey from './tests/e2e/extension-key.json' with { type: 'json' };

/** Origins the e2e/demo build may also run on: the local Dialpad stand-in and Salesforce emulator. */
export const TEST_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];
const TEST_DIALPAD_MATCHES = ['http://127.0.0.1/app*', 'http://localhost/app*'];

/** Other Salesforce hosts an org may live on (older instances, Experience Cloud): asked for when needed. */
export const OPTIONAL_SALESFORCE_HOSTS = ['https://*.salesforce.com/*', 'https://*.force.com/*', 'https://*.cloudforce.com/*'];

/** Salesforce login and instance hosts; a custom My Domain outside these is asked for at connect time. */
export const SALESFORCE_HOSTS = [
  'https://login.salesforce.com/*',
  'https://test.salesforce.com/*',
  'https://*.my.salesforce.com/*',
];

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Several builds may run side by side on one checkout (parallel work, benchmarks): SFSD_OUT_DIR separates them.
  outDir: process.env.SFSD_OUT_DIR ?? '.output',
  // No webextension-polyfill: the extension runs in Chrome and Edge, whose MV3 `chrome.*` APIs
  // return promises; `browser` is their `chrome` (#18: 10 KB less in every script).
  webExt: { disabled: true },
  vite: (env) => ({
    plugins: [
      preact({ prefreshEnabled: false, devToolsEnabled: false, devtoolsInProd: false }),
      // jsforce without its core-js copies and XML/CSV parsers: Chrome and Edge have the built-ins,
      // and the extension reads only JSON (scripts/build/lean-jsforce.ts).
      leanJsforce(),
      // jsforce's browser build still reads Node's modules and globals (TOOLCHAIN.md); only the
      // background imports it, and only what it uses is bundled.
      nodePolyfills({ include: ['events', 'stream', 'querystring', 'timers', 'buffer', 'util', 'string_decoder'], globals: { Buffer: true, process: true, global: true } }),
    ],
    resolve: {
      // jsforce uses Node's crypto only for its own PKCE helper; we do PKCE with WebCrypto.
      alias: { crypto: fileURLToPath(new URL('./lib/salesforce/no-node-crypto.ts', import.meta.url)) },
    },
    define: { __E2E__: JSON.stringify(env.mode === 'e2e'), __TRUST_SYNTHETIC_EVENTS__: 'false' },
  }),
  manifest: (env) => ({
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    permissions: ['storage', 'identity', 'alarms'],
    host_permissions: env.mode === 'e2e' ? [...SALESFORCE_HOSTS, ...TEST_ORIGINS] : SALESFORCE_HOSTS,
    // Asked for at connect time, for the one host it is (a custom domain), never claimed at install.
    optional_host_permissions: OPTIONAL_SALESFORCE_HOSTS,
    storage: { managed_schema: 'managed_schema.json' },
    // The parts of the page's script loaded after the sidebar's first paint (#18,
    // entrypoints/dialpad.content/parts.ts), for Dialpad's pages only, at a per-session URL.
    web_accessible_resources: [{ resources: ['sidebar-dialpad.js', 'sidebar-ui.js'], matches: ['https://dialpad.com/*'], use_dynamic_url: true }],
    // A fixed id in the test build lets tests address it (policy, OAuth callback URL).
    ...(env.mode === 'e2e' ? { key: extensionKey.key } : {}),
  }),
  hooks: {
    // The UI part uses the content script's Preact and signals (scripts/build/shared-modules.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((entrypoint) => entrypoint.name === 'sidebar-ui')) config.plugins = [sharedModules(), ...(config.plugins ?? [])];
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...(script.matches ?? []), ...TEST_DIALPAD_MATCHES];
      }
      // The sidebar's CSS is fetched by the content script, so the stand-in's origins need it too.
      for (const resource of manifest.web_accessible_resources ?? []) {
        if (typeof resource === 'object') resource.matches = [...(resource.matches ?? []), ...TEST_ORIGINS];
      }
    },
  },
});

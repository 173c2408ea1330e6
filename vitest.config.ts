import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [WxtVitest(), preact({ prefreshEnabled: false, devToolsEnabled: false })],
  define: { __E2E__: 'false', __TRUST_SYNTHETIC_EVENTS__: 'true' },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['tests/support/indexeddb.ts'],
    restoreMocks: true,
    // Tests wait on events (a reply, a line, an exit), never on a clock; these bounds only stop a
    // test that hangs, and are wide so that a machine whose cores are busy is slower, not red.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

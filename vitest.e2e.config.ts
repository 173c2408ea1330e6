import { defineConfig } from 'vitest/config';

// End-to-end tests drive real Chromium: one file at a time, generous timeouts for a shared 2-core machine.
export default defineConfig({
  // For lib modules a test imports on the Node side (facts built from the emulator, budgets' numbers).
  define: { __E2E__: 'false', __TRUST_SYNTHETIC_EVENTS__: 'false' },
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    setupFiles: ['tests/e2e/setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What the sidebar shows follows the page after a batch, a message and a paint: on a loaded
    // machine that is seconds, not vitest's default second, for every expect.poll.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});

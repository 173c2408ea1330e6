/** Compile-time flags set by wxt.config.ts (`define`) and vitest.config.ts. */
declare global {
  /** True only in the test/demo build (`wxt build --mode e2e`). */
  const __E2E__: boolean;
}

export {};

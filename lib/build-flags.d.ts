/** Compile-time flags set by wxt.config.ts (`define`) and vitest.config.ts. */
declare global {
  /** True only in the test/demo build (`wxt build --mode e2e`). */
  const __E2E__: boolean;
  /** True only in unit tests, whose DOM library dispatches every event as untrusted (components/user-event.ts). */
  const __TRUST_SYNTHETIC_EVENTS__: boolean;
}

export {};

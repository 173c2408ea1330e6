/**
 * Declares `window.dialpadStandin` for code that drives the stand-in through puppeteer
 * (`page.evaluate(() => window.dialpadStandin.answer())`). Picked up by the root tsconfig's
 * `**\/*.ts` include.
 */
import type { DialpadStandinApi } from './types';

declare global {
  interface Window {
    dialpadStandin: DialpadStandinApi;
  }
}

export {};

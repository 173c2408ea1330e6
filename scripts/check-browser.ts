/** Prints the browser `npm test` will drive, or one line saying what to install (exit 1). */
import { BrowserNotFound, browserForTests } from './browser/find-browser';

try {
  const found = browserForTests();
  console.log(`Browser: ${found.path} (${found.source})`);
} catch (error) {
  if (!(error instanceof BrowserNotFound)) throw error;
  console.error(error.message);
  process.exit(1);
}

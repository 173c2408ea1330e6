import { beforeEach } from 'vitest';
import { screenshotOpenPages } from './harness';

// Every failing end-to-end test leaves a screenshot of each open page in test-output/screenshots/.
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    const files = await screenshotOpenPages(task.fullName ?? task.name);
    if (files.length) console.error(`Screenshots of the failure:\n  ${files.join('\n  ')}`);
  });
});

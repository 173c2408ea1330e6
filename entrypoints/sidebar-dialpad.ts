/**
 * The part of the page's script that reads Dialpad and reports its calls, loaded after the
 * sidebar's first paint (entrypoints/dialpad.content/parts.ts): the reader, the call reporter.
 */
import { createCallReporter, liveCallStore } from '@/lib/calllog/call-reporter';
import { recordEvents } from '@/lib/dialpad/call-source';
import { createDomReader } from '@/lib/dialpad/reader';
import { pathTemplate } from '@/lib/dialpad/skeleton';
import { registerPart, type DialpadPart } from './dialpad.content/parts-registry';

export default defineUnlistedScript(() => {
  const part: DialpadPart = { createDomReader, recordEvents, createCallReporter, liveCallStore, pathTemplate };
  registerPart('sidebar-dialpad', part);
});

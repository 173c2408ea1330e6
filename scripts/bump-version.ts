/**
 * `npm run bump -- <major|minor|patch|x.y.z>`: the next version in package.json and
 * package-lock.json, and CHANGELOG.md's "Unreleased" section becomes that version's.
 */
import path from 'node:path';
import { bumpVersion } from './release/version';

const root = path.resolve(import.meta.dirname, '..');
const [bump, ...extra] = process.argv.slice(2);
if (!bump || extra.length || bump === '--help') {
  console.error('Usage: npm run bump -- <major|minor|patch|x.y.z>   (write the changes under "## Unreleased" in CHANGELOG.md first)');
  process.exit(bump === '--help' ? 0 : 2);
}
bumpVersion(root, bump).then(
  ({ from, to }) => console.log(`${from} → ${to}: package.json, package-lock.json and CHANGELOG.md updated. Commit them, then: npm run release -- --key <key.pem> --update-base-url <url>`),
  (error: unknown) => {
    console.error(`Version not changed: ${(error as Error).message}`);
    process.exit(1);
  },
);

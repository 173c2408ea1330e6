/**
 * `npm run release -- --key <signing-key.pem> --update-base-url <https://…/folder/>`: store zips for
 * Chrome and Edge, and a signed CRX3 with its updates.xml for self-hosting. See docs/RELEASING.md.
 */
import path from 'node:path';
import { KEY_HELP, generateSigningKey, parseReleaseArgs, releaseSummary, runRelease } from './release/release';

const root = path.resolve(import.meta.dirname, '..');
const USAGE = [
  'Usage: npm run release -- --key <signing-key.pem> --update-base-url <https://intranet.example.com/sidebar/> [--no-build]',
  '       npm run release -- --generate-key <path outside this repository>',
].join('\n');

async function main(): Promise<number> {
  let args: ReturnType<typeof parseReleaseArgs>;
  try {
    args = parseReleaseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.generateKey) {
    const id = await generateSigningKey(root, args.generateKey);
    console.log(`Wrote ${args.generateKey} (readable by you only). Extension id for self-hosted installs: ${id}\nBack it up somewhere safe; never commit it.`);
    return 0;
  }
  if (!args.keyPath) {
    console.error(`No signing key given (--key).\n${KEY_HELP}\n${USAGE}`);
    return 2;
  }
  if (!args.updateBaseUrl) {
    console.error(`No --update-base-url: the folder URL where updates.xml and the CRX will be served (for example https://intranet.example.com/sidebar/).\n${USAGE}`);
    return 2;
  }
  const result = await runRelease({ root, keyPath: args.keyPath, updateBaseUrl: args.updateBaseUrl, build: args.build, ...(process.env.SFSD_OUT_DIR ? { outputDir: path.resolve(root, process.env.SFSD_OUT_DIR) } : {}) });
  console.log(releaseSummary(result, root));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Release failed: ${(error as Error).message}`);
    process.exit(1);
  },
);

/**
 * One source of the version: package.json's `version` (WXT writes it into the manifest). A bump
 * changes package.json and package-lock.json together and turns the changelog's "Unreleased"
 * section into the new version's section.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What Chrome and Edge accept as an extension version: one to four integers 0–65535, no leading zeros. */
const VERSION = /^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/;

export function isExtensionVersion(version: string): boolean {
  return VERSION.test(version) && version.split('.').every((part) => Number(part) <= 65535);
}

export type BumpKind = 'major' | 'minor' | 'patch';

/** The next version: `major`, `minor` or `patch` of x.y.z, or an explicit version that must be higher. */
export function nextVersion(current: string, bump: BumpKind | string): string {
  if (!isExtensionVersion(current)) throw new Error(`The current version "${current}" is not a valid extension version.`);
  const [major = 0, minor = 0, patch = 0] = current.split('.').map(Number);
  let next: string;
  if (bump === 'major') next = `${major + 1}.0.0`;
  else if (bump === 'minor') next = `${major}.${minor + 1}.0`;
  else if (bump === 'patch') next = `${major}.${minor}.${patch + 1}`;
  else if (isExtensionVersion(bump)) next = bump;
  else throw new Error(`"${bump}" is neither major, minor, patch nor a version like 1.2.3 (up to four numbers of 0–65535).`);
  // Browsers never install a lower version over a higher one: a rollback ships the old code under a higher number.
  if (compareVersions(next, current) <= 0) throw new Error(`${next} is not higher than the current version ${current}; browsers never update to a lower or equal version.`);
  return next;
}

export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 4; i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

const UNRELEASED = /^## Unreleased[^\n]*\n/m;
const SECTION = /^## /m;

/** The text of the changelog section of `heading` ("Unreleased" or a version), without its heading line. */
export function changelogSection(changelog: string, heading: string): string | null {
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = new RegExp(`^## ${escaped}(?:\\s[^\\n]*)?\\n`, 'm').exec(changelog);
  if (!start) return null;
  const rest = changelog.slice(start.index + start[0].length);
  const end = SECTION.exec(rest);
  return (end ? rest.slice(0, end.index) : rest).trim();
}

/** Turns "## Unreleased" into "## <version> — <date>" and opens a new, empty "Unreleased" above it. */
export function releaseChangelog(changelog: string, version: string, date: string): string {
  if (!UNRELEASED.test(changelog)) throw new Error('CHANGELOG.md has no "## Unreleased" section to release.');
  if (changelogSection(changelog, version) !== null) throw new Error(`CHANGELOG.md already has a section for ${version}.`);
  if (!changelogSection(changelog, 'Unreleased')) {
    throw new Error('The "Unreleased" section of CHANGELOG.md is empty: write what users will see and what admins must know before releasing.');
  }
  return changelog.replace(UNRELEASED, `## Unreleased\n\n## ${version} — ${date}\n`);
}

export interface BumpResult {
  from: string;
  to: string;
}

/** `npm run bump -- <major|minor|patch|x.y.z>` in the repository at `root`. */
export async function bumpVersion(root: string, bump: string, date = new Date().toISOString().slice(0, 10)): Promise<BumpResult> {
  const packagePath = path.join(root, 'package.json');
  const lockPath = path.join(root, 'package-lock.json');
  const changelogPath = path.join(root, 'CHANGELOG.md');
  const pkg = JSON.parse(await readFile(packagePath, 'utf8')) as { version: string };
  const from = pkg.version;
  const to = nextVersion(from, bump);
  // Everything is checked before anything is written.
  const changelog = releaseChangelog(await readFile(changelogPath, 'utf8'), to, date);
  const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { version?: string; packages?: Record<string, { version?: string }> };
  lock.version = to;
  if (lock.packages?.['']) lock.packages[''].version = to;
  const packageText = await readFile(packagePath, 'utf8');
  await writeFile(packagePath, packageText.replace(/("version"\s*:\s*")[^"]*(")/, `$1${to}$2`));
  await writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  await writeFile(changelogPath, changelog);
  return { from, to };
}

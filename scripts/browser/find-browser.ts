/**
 * Which browser `npm test` and `npm run demo` drive. It must load the unpacked extension from the
 * command line, which branded Google Chrome stopped doing in version 137; Chromium and Chrome for
 * Testing still do. Order: CHROMIUM_PATH, the system's Chromium (Debian's, Homebrew's, Windows'),
 * then Chrome for Testing as `npx @puppeteer/browsers install chrome@stable` leaves it (in the
 * current folder, or puppeteer's cache). When nothing fits, one line says what to install.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface BrowserSystem {
  platform: NodeJS.Platform;
  arch: string;
  env: Record<string, string | undefined>;
  home: string;
  /** Where Chrome for Testing is looked for besides puppeteer's cache (the repository's root). */
  cwd: string;
  exists(file: string): boolean;
  /** Names in a folder; empty when it does not exist. */
  list(dir: string): string[];
}

export interface FoundBrowser {
  path: string;
  /** How it was found, for the log: "CHROMIUM_PATH", "Chromium", "Chrome for Testing 131.0.6778.85". */
  source: string;
}

export class BrowserNotFound extends Error {
  override name = 'BrowserNotFound';
}

export function localSystem(cwd: string): BrowserSystem {
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    home: homedir(),
    cwd,
    exists: (file) => existsSync(file),
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

function pathsFor(system: BrowserSystem) {
  const p = system.platform === 'win32' ? path.win32 : path.posix;
  const env = system.env;
  const windowsRoots = [env.LOCALAPPDATA, env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'].filter((root): root is string => Boolean(root));
  const chromium =
    system.platform === 'linux'
      ? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium']
      : system.platform === 'darwin'
        ? ['/Applications/Chromium.app/Contents/MacOS/Chromium', p.join(system.home, 'Applications/Chromium.app/Contents/MacOS/Chromium')]
        : system.platform === 'win32'
          ? windowsRoots.map((root) => p.join(root, 'Chromium', 'Application', 'chrome.exe'))
          : [];
  const branded =
    system.platform === 'linux'
      ? ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome']
      : system.platform === 'darwin'
        ? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']
        : system.platform === 'win32'
          ? windowsRoots.map((root) => p.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'))
          : [];
  return { p, chromium, branded };
}

/** Chrome for Testing's folders as @puppeteer/browsers lays them out: <root>/chrome/<platform>-<build>/chrome-<folder>/… */
function chromeForTesting(system: BrowserSystem): FoundBrowser | null {
  const { p } = pathsFor(system);
  const layout =
    system.platform === 'linux'
      ? { prefix: system.arch === 'arm64' ? 'linux_arm' : 'linux', executable: ['chrome-linux64', 'chrome'] }
      : system.platform === 'darwin'
        ? system.arch === 'arm64'
          ? { prefix: 'mac_arm', executable: ['chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'] }
          : { prefix: 'mac', executable: ['chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'] }
        : system.platform === 'win32'
          ? { prefix: system.arch === 'ia32' ? 'win32' : 'win64', executable: [system.arch === 'ia32' ? 'chrome-win32' : 'chrome-win64', 'chrome.exe'] }
          : null;
  if (!layout) return null;
  const roots = [system.cwd, system.env.PUPPETEER_CACHE_DIR, p.join(system.home, '.cache', 'puppeteer')].filter((root): root is string => Boolean(root));
  const found: Array<{ build: string; path: string }> = [];
  for (const root of roots) {
    for (const name of system.list(p.join(root, 'chrome'))) {
      const match = new RegExp(`^${layout.prefix}-(\\d+(?:\\.\\d+)*)$`).exec(name);
      if (!match) continue;
      const executable = p.join(root, 'chrome', name, ...layout.executable);
      if (system.exists(executable)) found.push({ build: match[1]!, path: executable });
    }
  }
  const newest = found.sort((a, b) => compareBuilds(b.build, a.build))[0];
  return newest ? { path: newest.path, source: `Chrome for Testing ${newest.build}` } : null;
}

function compareBuilds(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

const INSTALL_HINT: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'install Chromium (sudo apt-get install chromium) or Chrome for Testing (npx @puppeteer/browsers install chrome@stable)',
  darwin: 'install Chrome for Testing (npx @puppeteer/browsers install chrome@stable) or Chromium (brew install --cask chromium)',
  win32: 'install Chrome for Testing (npx @puppeteer/browsers install chrome@stable)',
};

export function findBrowser(system: BrowserSystem): FoundBrowser {
  const configured = system.env.CHROMIUM_PATH;
  if (configured) {
    if (!system.exists(configured)) throw new BrowserNotFound(`CHROMIUM_PATH is set to ${configured}, which does not exist: point it at a Chromium or Chrome for Testing executable, or unset it.`);
    return { path: configured, source: 'CHROMIUM_PATH' };
  }
  const { chromium, branded } = pathsFor(system);
  const installed = chromium.find((file) => system.exists(file));
  if (installed) return { path: installed, source: 'Chromium' };
  const testing = chromeForTesting(system);
  if (testing) return testing;
  const chrome = branded.find((file) => system.exists(file));
  const hint = INSTALL_HINT[system.platform] ?? 'install Chromium, or Chrome for Testing (npx @puppeteer/browsers install chrome@stable)';
  throw new BrowserNotFound(
    `No browser that can load the unpacked extension was found: ${hint}, or set CHROMIUM_PATH.` +
      (chrome ? ` (Google Chrome at ${chrome} cannot: it ignores --load-extension since version 137.)` : ''),
  );
}

/** The browser for this machine, found once per process. */
let cached: FoundBrowser | undefined;
export function browserForTests(cwd = path.resolve(import.meta.dirname, '../..')): FoundBrowser {
  cached ??= findBrowser(localSystem(cwd));
  return cached;
}

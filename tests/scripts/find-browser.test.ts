import { describe, expect, it } from 'vitest';
import { BrowserNotFound, findBrowser, type BrowserSystem } from '../../scripts/browser/find-browser';

/** A machine with exactly these files (folders are derived from them). */
function machine(platform: NodeJS.Platform, files: string[], options: { arch?: string; env?: Record<string, string>; home?: string; cwd?: string } = {}): BrowserSystem {
  const sep = platform === 'win32' ? '\\' : '/';
  return {
    platform,
    arch: options.arch ?? 'x64',
    env: options.env ?? {},
    home: options.home ?? (platform === 'win32' ? 'C:\\Users\\ada' : platform === 'darwin' ? '/Users/ada' : '/home/ada'),
    cwd: options.cwd ?? (platform === 'win32' ? 'C:\\work\\sidebar' : '/work/sidebar'),
    exists: (file) => files.includes(file),
    list: (dir) => [...new Set(files.filter((file) => file.startsWith(dir + sep)).map((file) => file.slice(dir.length + 1).split(sep)[0]!))],
  };
}

describe('finding a browser that loads the unpacked extension', () => {
  it('uses CHROMIUM_PATH first, and says so when it points nowhere', () => {
    const env = { CHROMIUM_PATH: '/opt/cft/chrome' };
    expect(findBrowser(machine('linux', ['/opt/cft/chrome', '/usr/bin/chromium'], { env }))).toEqual({ path: '/opt/cft/chrome', source: 'CHROMIUM_PATH' });
    expect(() => findBrowser(machine('linux', ['/usr/bin/chromium'], { env }))).toThrow(/CHROMIUM_PATH is set to \/opt\/cft\/chrome, which does not exist/);
  });

  it("finds Debian's Chromium on Linux", () => {
    expect(findBrowser(machine('linux', ['/usr/bin/chromium']))).toEqual({ path: '/usr/bin/chromium', source: 'Chromium' });
    expect(findBrowser(machine('linux', ['/snap/bin/chromium'])).path).toBe('/snap/bin/chromium');
  });

  it("finds Homebrew's Chromium on macOS", () => {
    expect(findBrowser(machine('darwin', ['/Applications/Chromium.app/Contents/MacOS/Chromium'])).path).toBe('/Applications/Chromium.app/Contents/MacOS/Chromium');
  });

  it('finds Chromium on Windows under Local AppData', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files' };
    expect(findBrowser(machine('win32', ['C:\\Users\\ada\\AppData\\Local\\Chromium\\Application\\chrome.exe'], { env })).path).toBe('C:\\Users\\ada\\AppData\\Local\\Chromium\\Application\\chrome.exe');
  });

  it('finds the newest Chrome for Testing that npx @puppeteer/browsers installed, in the repository or the puppeteer cache', () => {
    const files = ['/work/sidebar/chrome/linux-131.0.6778.85/chrome-linux64/chrome', '/home/ada/.cache/puppeteer/chrome/linux-142.0.7444.59/chrome-linux64/chrome', '/work/sidebar/chrome/linux-99.0.1/README'];
    expect(findBrowser(machine('linux', files))).toEqual({ path: '/home/ada/.cache/puppeteer/chrome/linux-142.0.7444.59/chrome-linux64/chrome', source: 'Chrome for Testing 142.0.7444.59' });
  });

  it('finds Chrome for Testing on Apple silicon and on Windows', () => {
    const mac = '/Users/ada/.cache/puppeteer/chrome/mac_arm-142.0.7444.59/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    expect(findBrowser(machine('darwin', [mac], { arch: 'arm64' })).path).toBe(mac);
    const win = 'C:\\work\\sidebar\\chrome\\win64-142.0.7444.59\\chrome-win64\\chrome.exe';
    expect(findBrowser(machine('win32', [win])).path).toBe(win);
  });

  it('ignores a Chrome for Testing built for another machine', () => {
    const intel = '/Users/ada/.cache/puppeteer/chrome/mac-142.0.7444.59/chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    expect(() => findBrowser(machine('darwin', [intel], { arch: 'arm64' }))).toThrow(BrowserNotFound);
  });

  it('says in one line what to install when only branded Chrome is there', () => {
    let message = '';
    try {
      findBrowser(machine('darwin', ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']));
    } catch (error) {
      expect(error).toBeInstanceOf(BrowserNotFound);
      message = (error as Error).message;
    }
    expect(message).toContain('npx @puppeteer/browsers install chrome@stable');
    expect(message).toContain('Google Chrome at /Applications/Google Chrome.app/Contents/MacOS/Google Chrome cannot: it ignores --load-extension since version 137');
    expect(message).not.toContain('\n');
  });

  it('names the package manager of the platform when nothing is there', () => {
    expect(() => findBrowser(machine('linux', []))).toThrow(/apt-get install chromium.*CHROMIUM_PATH/);
    expect(() => findBrowser(machine('win32', []))).toThrow(/npx @puppeteer\/browsers install chrome@stable.*CHROMIUM_PATH/);
  });
});

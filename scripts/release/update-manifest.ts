/**
 * The update manifest (`updates.xml`, Google's "gupdate" protocol 2.0) that Chrome and Edge fetch
 * from a self-hosted `update_url`: for each extension id, the newest version and where its CRX is.
 * `hash_sha256` lets the browser check the download before it installs it.
 */
export interface UpdateEntry {
  id: string;
  version: string;
  /** Absolute URL of the CRX. */
  codebase: string;
  /** SHA-256 of the CRX file, lowercase hex. */
  sha256: string;
  /** The oldest browser version the package runs on (`minimum_chrome_version`), when it has one. */
  minimumBrowserVersion?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

export function updateManifestXml(entries: UpdateEntry[]): string {
  const apps = entries.map((entry) => {
    if (!/^[a-p]{32}$/.test(entry.id)) throw new Error(`Not an extension id: ${entry.id}`);
    if (!/^\d+(\.\d+){0,3}$/.test(entry.version)) throw new Error(`Not an extension version: ${entry.version}`);
    if (!/^[0-9a-f]{64}$/.test(entry.sha256)) throw new Error(`Not a SHA-256: ${entry.sha256}`);
    const url = new URL(entry.codebase);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The CRX must be served over HTTP(S): ${entry.codebase}`);
    const min = entry.minimumBrowserVersion ? ` prodversionmin='${escapeXml(entry.minimumBrowserVersion)}'` : '';
    return [
      `  <app appid='${entry.id}'>`,
      `    <updatecheck codebase='${escapeXml(url.href)}' version='${entry.version}' hash_sha256='${entry.sha256}'${min} />`,
      '  </app>',
    ].join('\n');
  });
  return ["<?xml version='1.0' encoding='UTF-8'?>", "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>", ...apps, '</gupdate>', ''].join('\n');
}

/** Joins a base URL and a file name the way a browser resolves it (the base is a folder). */
export function feedUrl(base: string, file: string): string {
  const url = new URL(base);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--update-base-url must be an http(s) URL: ${base}`);
  if (url.search || url.hash) throw new Error(`--update-base-url must be a folder URL without ?query or #fragment: ${base}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL(file, url).href;
}

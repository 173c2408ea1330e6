import { describe, expect, it } from 'vitest';
import { feedUrl, updateManifestXml } from '../../scripts/release/update-manifest';

const entry = { id: 'abcdefghijklmnopabcdefghijklmnop', version: '1.2.3', codebase: 'https://intranet.example.com/sidebar/sidebar-1.2.3.crx', sha256: 'a'.repeat(64) };

describe('updates.xml', () => {
  it('names the id, the version, the CRX and its hash in the gupdate format', () => {
    const xml = updateManifestXml([entry]);
    expect(xml).toContain("<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>");
    expect(xml).toContain(`<app appid='${entry.id}'>`);
    expect(xml).toContain(`<updatecheck codebase='${entry.codebase}' version='1.2.3' hash_sha256='${'a'.repeat(64)}' />`);
  });

  it('adds the oldest browser version when the package has one, and escapes the URL', () => {
    const xml = updateManifestXml([{ ...entry, codebase: "https://h.example/a&b'.crx", minimumBrowserVersion: '120' }]);
    expect(xml).toContain("codebase='https://h.example/a&amp;b&apos;.crx'");
    expect(xml).toContain("prodversionmin='120'");
  });

  it('refuses what a browser would reject', () => {
    expect(() => updateManifestXml([{ ...entry, id: 'not-an-id' }])).toThrow(/extension id/);
    expect(() => updateManifestXml([{ ...entry, version: '1.2.3-beta' }])).toThrow(/version/);
    expect(() => updateManifestXml([{ ...entry, codebase: 'file:///tmp/x.crx' }])).toThrow(/HTTP/);
  });

  it('treats the base URL as a folder, with or without its last slash', () => {
    expect(feedUrl('https://intranet.example.com/sidebar', 'updates.xml')).toBe('https://intranet.example.com/sidebar/updates.xml');
    expect(feedUrl('https://intranet.example.com/sidebar/', 'x.crx')).toBe('https://intranet.example.com/sidebar/x.crx');
    expect(() => feedUrl('ftp://example.com/', 'x')).toThrow(/http/);
    expect(() => feedUrl('https://example.com/?v=1', 'x')).toThrow(/query/);
  });
});

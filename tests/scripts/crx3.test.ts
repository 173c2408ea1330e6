import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import extensionKey from '../e2e/extension-key.json' with { type: 'json' };
import { extensionIdOf, loadSigningKey, packCrx3, publicKeyDerOf, readCrx3 } from '../../scripts/release/crx3';
import { zip } from '../../scripts/release/zip';
import { unzip } from '../support/unzip';

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

describe('CRX3 packages', () => {
  it('derives the id Chromium gives the e2e build from its manifest key', () => {
    expect(extensionIdOf(Buffer.from(extensionKey.key, 'base64'))).toBe(extensionKey.id);
  });

  it('signs an archive so that the signature, the crx id and the archive read back', () => {
    const archive = zip([{ name: 'manifest.json', data: Buffer.from('{"version":"1.0"}') }]);
    const packed = packCrx3(archive, key);
    expect(packed.crx.subarray(0, 4).toString()).toBe('Cr24');
    expect(packed.crx.readUInt32LE(4)).toBe(3);
    const read = readCrx3(packed.crx);
    expect(read.id).toBe(extensionIdOf(publicKeyDerOf(key)));
    expect(read.id).toMatch(/^[a-p]{32}$/);
    expect(read.archive.equals(archive)).toBe(true);
  });

  it('refuses a package whose archive was changed after signing', () => {
    const packed = packCrx3(zip([{ name: 'a.txt', data: Buffer.from('original') }]), key);
    const tampered = Buffer.from(packed.crx);
    const at = tampered.length - 30;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 0xff, at);
    expect(() => readCrx3(tampered)).toThrow(/signature does not verify/);
  });

  it('refuses a package signed by another key than the one its id names', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const packed = packCrx3(zip([{ name: 'a.txt', data: Buffer.from('x') }]), key);
    const otherDer = publicKeyDerOf(other);
    const swapped = Buffer.from(packed.crx.toString('binary').replace(publicKeyDerOf(key).toString('binary'), otherDer.toString('binary')), 'binary');
    expect(() => readCrx3(swapped)).toThrow(/no RSA proof/);
  });

  it('accepts PKCS#8 and PKCS#1 PEM keys of 2048 bits or more, nothing else', () => {
    expect(loadSigningKey(key.export({ type: 'pkcs8', format: 'pem' })).asymmetricKeyType).toBe('rsa');
    expect(loadSigningKey(key.export({ type: 'pkcs1', format: 'pem' })).asymmetricKeyType).toBe('rsa');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => loadSigningKey(small)).toThrow(/at least 2048 bits/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => loadSigningKey(ec)).toThrow(/RSA/);
    expect(() => loadSigningKey('not a key')).toThrow(/not a PEM private key/);
  });
});

describe('the deterministic ZIP', () => {
  it('holds every file with its content, and gives the same bytes for the same files', () => {
    const files = [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify({ name: 'x', padding: 'y'.repeat(500) })) },
      { name: 'icon/16.png', data: Buffer.from([1, 2, 3]) },
      { name: '_locales/ja/messages.json', data: Buffer.from('{"name":{"message":"サイドバー"}}') },
    ];
    const archive = zip(files);
    const read = unzip(archive);
    expect([...read.keys()]).toEqual(files.map((f) => f.name));
    for (const file of files) expect(read.get(file.name)?.equals(file.data)).toBe(true);
    expect(createHash('sha256').update(zip(files)).digest('hex')).toBe(createHash('sha256').update(archive).digest('hex'));
  });

  it('refuses names that would land outside the folder it is unpacked into', () => {
    expect(() => zip([{ name: '../evil.js', data: Buffer.from('') }])).toThrow(/outside the archive/);
    expect(() => zip([{ name: '/etc/passwd', data: Buffer.from('') }])).toThrow(/outside the archive/);
  });
});

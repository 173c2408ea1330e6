/**
 * CRX3, the signed package Chrome and Edge install from a self-hosted update feed:
 *   "Cr24" · version 3 (uint32 LE) · header length (uint32 LE) · CrxFileHeader (protobuf) · ZIP.
 * The header holds the RSA public key and an RSA-SHA256 signature over
 *   "CRX3 SignedData\0" · length of signed_header_data (uint32 LE) · signed_header_data · ZIP,
 * where signed_header_data is a SignedData message naming the crx id (the first 16 bytes of the
 * SHA-256 of the public key). Field numbers as in Chromium's components/crx_file/crx3.proto.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const MAGIC = Buffer.from('Cr24', 'ascii');
const SIGNATURE_CONTEXT = Buffer.from('CRX3 SignedData\x00', 'binary');
/** CrxFileHeader.sha256_with_rsa, AsymmetricKeyProof.public_key/.signature, CrxFileHeader.signed_header_data, SignedData.crx_id. */
const FIELD = { sha256WithRsa: 2, publicKey: 1, signature: 2, signedHeaderData: 10000, crxId: 1 } as const;

/** The extension id of a public key: its SHA-256's first 128 bits, each hex digit written a–p. */
export function extensionIdOf(publicKeyDer: Buffer): string {
  return [...createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32)].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** The DER SubjectPublicKeyInfo of a key, as Chrome hashes it for the id and as a manifest `key` holds it (base64). */
export function publicKeyDerOf(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** Reads a PEM private key (PKCS#8 as Chrome's "Pack extension" writes it, or PKCS#1); only RSA of 2048 bits or more. */
export function loadSigningKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`The signing key is not a PEM private key (${(error as Error).message}).`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`The signing key must be an RSA key (this one is ${key.asymmetricKeyType ?? 'unknown'}).`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new Error(`The signing key must have at least 2048 bits (this one has ${bits}).`);
  return key;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A length-delimited protobuf field (wire type 2). */
function bytesField(field: number, data: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(data.length), data]);
}

function signedPayload(signedHeaderData: Buffer, archive: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedHeaderData.length);
  return Buffer.concat([SIGNATURE_CONTEXT, length, signedHeaderData, archive]);
}

export interface PackedCrx {
  crx: Buffer;
  id: string;
  publicKeyDer: Buffer;
}

/** Signs a ZIP archive into a CRX3 package. */
export function packCrx3(archive: Buffer, privateKey: KeyObject): PackedCrx {
  const publicKeyDer = publicKeyDerOf(privateKey);
  const crxId = createHash('sha256').update(publicKeyDer).digest().subarray(0, 16);
  const signedHeaderData = bytesField(FIELD.crxId, crxId);
  const signature = sign('sha256', signedPayload(signedHeaderData, archive), privateKey);
  const proof = Buffer.concat([bytesField(FIELD.publicKey, publicKeyDer), bytesField(FIELD.signature, signature)]);
  const header = Buffer.concat([bytesField(FIELD.sha256WithRsa, proof), bytesField(FIELD.signedHeaderData, signedHeaderData)]);
  const prefix = Buffer.alloc(12);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return { crx: Buffer.concat([prefix, header, archive]), id: extensionIdOf(publicKeyDer), publicKeyDer };
}

/** The length-delimited fields of one protobuf message, by field number (other wire types are skipped). */
function readFields(message: Buffer): Map<number, Buffer[]> {
  const fields = new Map<number, Buffer[]>();
  let at = 0;
  const readVarint = () => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      if (at >= message.length) throw new Error('The CRX header is cut short.');
      const byte = message[at++]!;
      value += (byte & 0x7f) * shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const tag = readVarint();
    const wireType = tag % 8;
    const field = Math.floor(tag / 8);
    if (wireType === 0) readVarint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const length = readVarint();
      if (at + length > message.length) throw new Error('The CRX header is cut short.');
      fields.set(field, [...(fields.get(field) ?? []), message.subarray(at, at + length)]);
      at += length;
    } else throw new Error(`The CRX header has an unknown wire type ${wireType}.`);
  }
  return fields;
}

export interface ReadCrx {
  id: string;
  publicKeyDer: Buffer;
  archive: Buffer;
}

/**
 * Reads and checks a CRX3 package as Chrome does: the magic and version, an RSA-SHA256 proof whose
 * key names the crx id in the signed header data, and a signature that holds. Throws otherwise.
 */
export function readCrx3(crx: Buffer): ReadCrx {
  if (crx.length < 12 || !crx.subarray(0, 4).equals(MAGIC)) throw new Error('Not a CRX file (no "Cr24" magic).');
  if (crx.readUInt32LE(4) !== 3) throw new Error(`Not a CRX3 file (version ${crx.readUInt32LE(4)}).`);
  const headerLength = crx.readUInt32LE(8);
  if (12 + headerLength > crx.length) throw new Error('The CRX header is longer than the file.');
  const header = readFields(crx.subarray(12, 12 + headerLength));
  const archive = crx.subarray(12 + headerLength);
  const signedHeaderData = header.get(FIELD.signedHeaderData)?.[0];
  if (!signedHeaderData) throw new Error('The CRX has no signed header data.');
  const crxId = readFields(signedHeaderData).get(FIELD.crxId)?.[0];
  if (!crxId || crxId.length !== 16) throw new Error('The CRX names no crx id.');
  for (const proofBytes of header.get(FIELD.sha256WithRsa) ?? []) {
    const proof = readFields(proofBytes);
    const publicKeyDer = proof.get(FIELD.publicKey)?.[0];
    const signature = proof.get(FIELD.signature)?.[0];
    if (!publicKeyDer || !signature) continue;
    if (!createHash('sha256').update(publicKeyDer).digest().subarray(0, 16).equals(crxId)) continue;
    const publicKey = createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
    if (!verify('sha256', signedPayload(signedHeaderData, archive), publicKey, signature)) throw new Error('The CRX signature does not verify.');
    return { id: extensionIdOf(publicKeyDer), publicKeyDer: Buffer.from(publicKeyDer), archive: Buffer.from(archive) };
  }
  throw new Error('The CRX has no RSA proof for its crx id.');
}

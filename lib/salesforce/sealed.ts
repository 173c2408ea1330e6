const DB = 'sfsd-keys';
const STORE = 'keys';
const KEY_ID = 'refresh-token';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB cannot be opened'));
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = action(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

async function sealingKey(create: boolean): Promise<CryptoKey | null> {
  const db = await openDb();
  try {
    const existing = await run<CryptoKey | undefined>(db, 'readonly', (store) => store.get(KEY_ID) as IDBRequest<CryptoKey | undefined>);
    if (existing || !create) return existing ?? null;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await run(db, 'readwrite', (store) => store.put(key, KEY_ID));
    return key;
  } finally {
    db.close();
  }
}

export interface Sealed {
  iv: string;
  data: string;
}

const toB64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * The refresh token is kept in `storage.local` so it survives restarts — but content scripts of
 * this extension can read `storage.local` too. So it is stored sealed: AES-GCM with a key that is
 * generated non-extractable and lives only in the extension origin's IndexedDB, which content
 * scripts (running in Dialpad's origin) cannot open. A compromised page sees ciphertext only.
 *
 * A content script can still *write* `storage.local`, so what the token is for is sealed with it:
 * `binding` (login URL, consumer key, instance URL, org and user) is authenticated as AES-GCM
 * additional data. Change any of them in storage and the token no longer unseals.
 */
export async function seal(secret: string, binding: string): Promise<Sealed> {
  const key = (await sealingKey(true))!;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(binding) }, key, new TextEncoder().encode(secret));
  return { iv: toB64(iv), data: toB64(data) };
}

/**
 * The secret, or null when the key is gone (profile data cleared) or the sealed data or its binding
 * was changed: the user reconnects.
 */
export async function unseal(sealed: Sealed, binding: string): Promise<string | null> {
  const key = await sealingKey(false);
  if (!key) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64(sealed.iv), additionalData: new TextEncoder().encode(binding) }, key, fromB64(sealed.data));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

/** Disconnect: the key goes too, so no copy of the sealed token anywhere can be opened again. */
export async function forgetSealingKey(): Promise<void> {
  const db = await openDb();
  try {
    await run(db, 'readwrite', (store) => store.delete(KEY_ID));
  } finally {
    db.close();
  }
}

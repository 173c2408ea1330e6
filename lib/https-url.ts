/** The local origins the test build may also reach: the org emulator and the Dialpad stand-in. */
export const LOCAL_URL = /^http:\/\/(?:127\.0\.0\.1|localhost):\d{1,5}$/;

/**
 * Whether `url` is `https:` on the default port, with no credentials, on a host `hostAllowed`
 * accepts (or, when `allowLocal`, on a local origin of the test world). Tokens and links a user
 * clicks only ever go where this says yes.
 */
export function isHttpsUrlOn(url: string, hostAllowed: (hostname: string) => boolean, allowLocal: boolean): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (allowLocal && LOCAL_URL.test(parsed.origin)) return true;
  return parsed.protocol === 'https:' && parsed.port === '' && hostAllowed(parsed.hostname);
}

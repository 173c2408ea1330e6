/**
 * Stands in for Node's `crypto` in the extension build. jsforce imports it only for its PKCE
 * helper, which the extension never calls (lib/salesforce/pkce.ts uses WebCrypto).
 */
function unavailable(): never {
  throw new Error("Node's crypto is not available in the extension; use WebCrypto.");
}

export const createHash = unavailable;
export const randomBytes = unavailable;
export default { createHash, randomBytes };

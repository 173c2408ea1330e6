import { isHttpsUrlOn } from '../https-url';
import { SalesforceProblem } from './errors';

/**
 * Where a token may go. Salesforce serves logins, instances and identity URLs on its own domains
 * only; anything else named in storage (which content scripts can write) or in an answer (a
 * refreshed `instance_url`, the identity URL) is refused before a token is attached to it.
 */
export const SALESFORCE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:salesforce\.com|force\.com|cloudforce\.com)$/;

/** Whether `url` is on a Salesforce host over https (or, in the test build, the local emulator). */
export function isSalesforceUrl(url: string, allowLocal: boolean = __E2E__): boolean {
  return isHttpsUrlOn(url, (hostname) => SALESFORCE_HOST.test(hostname), allowLocal);
}

/**
 * The origin of `url`, once it is a Salesforce host the browser lets this extension reach (granted
 * at install, or approved by the user for a custom domain). Throws otherwise: no request is sent.
 */
export async function verifiedOrigin(url: string, what: string): Promise<string> {
  if (!isSalesforceUrl(url)) {
    throw new SalesforceProblem('requirement', `The ${what} (${describe(url)}) is not a Salesforce address; nothing was sent there. Reconnect from the settings.`, 'UNTRUSTED_HOST');
  }
  const origin = new URL(url).origin;
  if (!(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
    throw new SalesforceProblem(
      'requirement',
      `The extension may not reach ${origin} yet. Open the sidebar's settings and connect from there to allow it (a custom My Domain needs your approval once).`,
      'HOST_PERMISSION',
    );
  }
  return origin;
}

function describe(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid address';
  }
}

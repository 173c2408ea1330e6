/**
 * The default seed: the demo org (built by the org's own module) plus the extension's connected
 * app. Its callback URLs take any extension id (`identity.getRedirectURL()` differs per install)
 * and the localhost callback used by scripts.
 */
import type { SeedFile } from '../http/types';
import { buildDemoOrgSnapshot } from './demo-records';

export const DEMO_CONSUMER_KEY = '3MVG9demo.SalesforceSidebarForDialpad';
export const DEMO_APP_NAME = 'Salesforce Sidebar for Dialpad';
export const DEMO_CALLBACK_URLS = ['https://*.chromiumapp.org/', 'http://localhost/oauth/callback'];
export const DEMO_DAILY_API_REQUESTS = 15000;

export function defaultSeed(): SeedFile {
  return {
    ...buildDemoOrgSnapshot(),
    clients: [{ name: DEMO_APP_NAME, consumerKey: DEMO_CONSUMER_KEY, callbackUrls: [...DEMO_CALLBACK_URLS] }],
    limits: { dailyApiRequests: DEMO_DAILY_API_REQUESTS },
  };
}

/**
 * Salesforce's and the network's failures, as the sidebar explains them. Each names what went
 * wrong in the user's terms and, for requirement failures (FEATURES.md S1), what the admin must do.
 */
import type { ErrorCode } from '../messaging/contract';

export class SalesforceProblem extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'invalid-message'>,
    message: string,
    /** Salesforce's errorCode, when it sent one. */
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'SalesforceProblem';
  }
}

const REQUIREMENTS: Record<string, string> = {
  API_DISABLED_FOR_ORG:
    'Your Salesforce edition does not include API access (requirement S1: Enterprise, Unlimited, Performance or Developer Edition, or Professional with API enabled). Ask your Salesforce admin to enable the API for the org.',
  API_CURRENTLY_DISABLED:
    'Your Salesforce user may not use the API (requirement S1: the "API Enabled" permission). Ask your Salesforce admin to add it to your profile or a permission set.',
  INSUFFICIENT_ACCESS:
    'Your Salesforce user cannot read or write the records the sidebar needs (requirement S1: read Contacts and Leads, create and edit Tasks). Ask your Salesforce admin for that access.',
  INSUFFICIENT_ACCESS_OR_READONLY:
    'Your Salesforce user cannot create or edit Tasks (requirement S1). Ask your Salesforce admin for that access.',
  OAUTH_APP_BLOCKED:
    'The sidebar\'s connected app is blocked in your org (requirement S1). Ask your Salesforce admin to allow it (Setup → Connected Apps OAuth Usage).',
  OAUTH_EC_APP_NOT_FOUND:
    'The sidebar\'s connected app is not installed in your org, or the consumer key in the settings is wrong (requirement S1). Ask your Salesforce admin to create it as docs/ADMIN.md describes, and to set its consumer key.',
  invalid_client_id:
    'Salesforce does not know the consumer key in the settings (requirement S1). Ask your Salesforce admin for the key of the sidebar\'s connected app.',
  redirect_uri_mismatch:
    'The connected app does not accept this browser extension\'s callback URL (requirement S1). Your Salesforce admin must add https://<extension id>.chromiumapp.org/ to its callback URLs (docs/ADMIN.md).',
};

/** Turns anything thrown while talking to Salesforce into a SalesforceProblem. */
export function explain(error: unknown): SalesforceProblem {
  if (error instanceof SalesforceProblem) return error;
  const record = (error ?? {}) as { errorCode?: unknown; name?: unknown; message?: unknown; error?: unknown };
  const code = typeof record.errorCode === 'string' ? record.errorCode : typeof record.error === 'string' ? record.error : typeof record.name === 'string' ? record.name : '';
  const message = typeof record.message === 'string' ? record.message : String(error);
  if (REQUIREMENTS[code]) return new SalesforceProblem('requirement', REQUIREMENTS[code]!, code);
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new SalesforceProblem('api-limit', 'Your org has used its daily Salesforce API allowance. Calls are kept and logged when it resets.', code);
  }
  if (code === 'invalid_grant' || /expired access\/refresh token|refresh token/i.test(message)) {
    return new SalesforceProblem('needs-reconnect', 'Salesforce ended the session. Reconnect to go on; nothing waiting to be written is lost.', code || 'invalid_grant');
  }
  if (code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') return new SalesforceProblem('not-found', message, code);
  if (error instanceof TypeError || code === 'TIMEOUT' || /Failed to fetch|NetworkError|ECONNREFUSED|network/i.test(message)) {
    return new SalesforceProblem('offline', 'Salesforce cannot be reached. The sidebar keeps trying.', code || 'NETWORK');
  }
  return new SalesforceProblem('internal', message, code || undefined);
}

/**
 * Salesforce's and the network's failures, classified once: what the sidebar tells the user (in
 * their terms and, for requirement failures, FEATURES.md S1, what the admin must do), and whether
 * a write that met it can be sent again.
 */
import type { ErrorCode } from '../messaging/contract';

/** What a failed write does next: try again later, wait out the API limit, wait for a reconnect, or stop. */
export type WriteFailure = 'retry' | 'limit' | 'reconnect' | 'refused';

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

  /** What the outbox does with a write that failed so. */
  get write(): WriteFailure {
    const known = KNOWN[this.errorCode ?? '']?.[2];
    if (known) return known;
    if (this.code === 'api-limit') return 'limit';
    if (this.code === 'needs-reconnect' || this.code === 'not-connected') return 'reconnect';
    return REFUSALS.has(this.errorCode ?? '') ? 'refused' : 'retry';
  }
}

const SESSION_ENDED = 'Salesforce ended the session. Reconnect to go on; nothing waiting to be written is lost.';
const OFFLINE = 'Salesforce cannot be reached. The sidebar keeps trying.';

/**
 * Salesforce's errorCodes the sidebar tells apart, each once: the problem it is, the user's words
 * for it, and what a write does when it is not what the problem says (the admin must enable the API).
 */
const KNOWN: Record<string, [SalesforceProblem['code'], string?, WriteFailure?]> = {
  API_DISABLED_FOR_ORG: ['requirement', 'Your Salesforce edition does not include API access (requirement S1: Enterprise, Unlimited, Performance or Developer Edition, or Professional with API enabled). Ask your Salesforce admin to enable the API for the org.', 'reconnect'],
  API_CURRENTLY_DISABLED: ['requirement', 'Your Salesforce user may not use the API (requirement S1: the "API Enabled" permission). Ask your Salesforce admin to add it to your profile or a permission set.', 'reconnect'],
  INSUFFICIENT_ACCESS: ['requirement', 'Your Salesforce user cannot read or write the records the sidebar needs (requirement S1: read Contacts and Leads, create and edit Tasks). Ask your Salesforce admin for that access.'],
  INSUFFICIENT_ACCESS_OR_READONLY: ['requirement', 'Your Salesforce user cannot create or edit Tasks (requirement S1). Ask your Salesforce admin for that access.', 'refused'],
  OAUTH_APP_BLOCKED: ['requirement', 'The sidebar\'s connected app is blocked in your org (requirement S1). Ask your Salesforce admin to allow it (Setup → Connected Apps OAuth Usage).'],
  OAUTH_EC_APP_NOT_FOUND: ['requirement', 'The sidebar\'s connected app is not installed in your org, or the consumer key in the settings is wrong (requirement S1). Ask your Salesforce admin to create it as docs/ADMIN.md describes, and to set its consumer key.'],
  invalid_client_id: ['requirement', 'Salesforce does not know the consumer key in the settings (requirement S1). Ask your Salesforce admin for the key of the sidebar\'s connected app.'],
  redirect_uri_mismatch: [
    'requirement',
    'The connected app does not accept this browser extension\'s callback URL (requirement S1). Your Salesforce admin must add https://<extension id>.chromiumapp.org/ to its callback URLs (docs/ADMIN.md).',
  ],
  // invalid_client for a public client: the app wants a secret the extension cannot keep (oauth.ts names the flow).
  REFRESH_NEEDS_SECRET: [
    'requirement',
    'Salesforce refused to renew the session (invalid_client): the sidebar\'s External Client App requires a secret for the refresh token flow. Your Salesforce admin must turn off "Require Secret for Refresh Token Flow" in the app\'s OAuth settings (docs/ADMIN.md); then reconnect. Nothing waiting to be written is lost.',
    'reconnect',
  ],
  CODE_NEEDS_SECRET: [
    'requirement',
    'Salesforce refused the sign-in (invalid_client): the sidebar\'s External Client App requires a secret for the web server flow. Your Salesforce admin must turn off "Require Secret for Web Server Flow" in the app\'s OAuth settings (docs/ADMIN.md).',
  ],
  invalid_client: [
    'requirement',
    'Salesforce refused the sidebar\'s app (invalid_client). Your Salesforce admin must check the External Client App\'s OAuth settings: "Require Secret for Web Server Flow" and "Require Secret for Refresh Token Flow" off, PKCE on (docs/ADMIN.md).',
    'reconnect',
  ],
  REQUEST_LIMIT_EXCEEDED: ['api-limit', 'Your org has used its daily Salesforce API allowance. Calls are kept and logged when it resets.'],
  invalid_grant: ['needs-reconnect', SESSION_ENDED],
  INVALID_SESSION_ID: ['needs-reconnect', SESSION_ENDED],
  NEEDS_RECONNECT: ['needs-reconnect'],
  NOT_CONNECTED: ['not-connected'],
  NOT_FOUND: ['not-found', undefined, 'refused'],
  ENTITY_IS_DELETED: ['not-found', undefined, 'refused'],
  TIMEOUT: ['offline', OFFLINE],
};

/** Salesforce's other answers that name a rule the write broke: sending it again cannot succeed. */
const REFUSALS = new Set([
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_CROSS_REFERENCE_KEY',
  'FIELD_INTEGRITY_EXCEPTION',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_TYPE',
  'MALFORMED_ID',
  'MALFORMED_QUERY',
  'JSON_PARSER_ERROR',
  'INVALID_EMAIL_ADDRESS',
  'DUPLICATE_VALUE',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'CANNOT_UPDATE_CONVERTED_LEAD',
  'DUPLICATES_DETECTED',
  'NOT_READY',
]);

/** Turns anything thrown while talking to Salesforce (jsforce, the OAuth endpoints, fetch) into a SalesforceProblem. */
export function explain(error: unknown): SalesforceProblem {
  if (error instanceof SalesforceProblem) return error;
  const record = (error ?? {}) as { errorCode?: unknown; name?: unknown; message?: unknown; error?: unknown };
  const code = [record.errorCode, record.error, record.name].find((value): value is string => typeof value === 'string') ?? '';
  const message = typeof record.message === 'string' ? record.message : String(error);
  const known = KNOWN[code];
  if (known) return new SalesforceProblem(known[0], known[1] ?? message, code);
  if (/expired access\/refresh token|refresh token/i.test(message)) return new SalesforceProblem('needs-reconnect', SESSION_ENDED, code || 'invalid_grant');
  if (error instanceof TypeError || /Failed to fetch|NetworkError|ECONNREFUSED|network/i.test(message)) {
    return new SalesforceProblem('offline', OFFLINE, code || 'NETWORK');
  }
  return new SalesforceProblem('internal', message, code || undefined);
}

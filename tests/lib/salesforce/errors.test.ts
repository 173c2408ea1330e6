import { describe, expect, it } from 'vitest';
import { explain, SalesforceProblem } from '../../../lib/salesforce/errors';

const salesforceError = (errorCode: string, message = 'Salesforce said no') => Object.assign(new Error(message), { errorCode });

describe('one reading of Salesforce\'s errors: what the user is told, and what a failed write does', () => {
  it.each([
    ['REQUEST_LIMIT_EXCEEDED', 'api-limit', 'limit'],
    ['invalid_grant', 'needs-reconnect', 'reconnect'],
    ['INVALID_SESSION_ID', 'needs-reconnect', 'reconnect'],
    ['NOT_CONNECTED', 'not-connected', 'reconnect'],
    ['API_DISABLED_FOR_ORG', 'requirement', 'reconnect'],
    ['API_CURRENTLY_DISABLED', 'requirement', 'reconnect'],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 'requirement', 'refused'],
    ['INSUFFICIENT_ACCESS', 'requirement', 'retry'],
    ['ENTITY_IS_DELETED', 'not-found', 'refused'],
    ['REQUIRED_FIELD_MISSING', 'internal', 'refused'],
    ['NOT_READY', 'internal', 'refused'],
    ['TIMEOUT', 'offline', 'retry'],
    ['SERVER_UNAVAILABLE', 'internal', 'retry'],
  ] as const)('%s → %s, and a write %s', (errorCode, code, write) => {
    const problem = explain(salesforceError(errorCode));
    expect(problem).toMatchObject({ code, errorCode });
    expect(problem.write).toBe(write);
  });

  it('keeps Salesforce\'s message where it has no words of its own, and gives the admin\'s task for a requirement', () => {
    expect(explain(salesforceError('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Phone is required')).message).toBe('Phone is required');
    expect(explain(salesforceError('API_CURRENTLY_DISABLED')).message).toMatch(/API Enabled/);
  });

  it('reads the network and the OAuth endpoints too', () => {
    expect(explain(new TypeError('Failed to fetch'))).toMatchObject({ code: 'offline' });
    expect(explain(new Error('connect ECONNREFUSED 127.0.0.1:443'))).toMatchObject({ code: 'offline' });
    expect(explain({ error: 'invalid_grant', message: 'expired access/refresh token' })).toMatchObject({ code: 'needs-reconnect', errorCode: 'invalid_grant' });
    expect(explain(salesforceError('whatever', 'Unable to use the refresh token'))).toMatchObject({ code: 'needs-reconnect' });
  });

  it('passes a problem already explained through unchanged', () => {
    const problem = new SalesforceProblem('oauth', 'Signing in did not finish.', 'AUTH_FLOW');
    expect(explain(problem)).toBe(problem);
    expect(problem.write).toBe('retry');
  });
});

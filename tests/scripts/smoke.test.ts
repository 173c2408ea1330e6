/**
 * The smoke kit's command line and its report: arguments refused with a reason, and the request log
 * that never shows a token.
 */
import { describe, expect, it } from 'vitest';
import { normalizeLoginUrl, parseSmokeArgs, SmokeArgsError } from '../../scripts/smoke/args';
import { describeUrl, summarizeAnswer } from '../../scripts/smoke/request-log';
import { formatReport, testPerson } from '../../scripts/smoke/run';

describe('npm run smoke arguments', () => {
  it('takes a real org (headed) or the emulator (CI)', () => {
    expect(parseSmokeArgs(['--login-url', 'acme.my.salesforce.com', '--consumer-key', '3MVG9abc.def'])).toMatchObject({
      emulator: false,
      loginUrl: 'https://acme.my.salesforce.com',
      consumerKey: '3MVG9abc.def',
      headless: false,
      build: true,
    });
    expect(parseSmokeArgs(['--emulator', '--headless', '--no-build'])).toMatchObject({ emulator: true, headless: true, build: false, loginUrl: null });
  });

  it('refuses what cannot work, saying why', () => {
    const refused: Array<[string[], RegExp]> = [
      [[], /needs --login-url and --consumer-key/],
      [['--login-url', 'https://login.salesforce.com'], /needs --login-url and --consumer-key/],
      [['--login-url', 'https://login.salesforce.com', '--consumer-key', 'k', '--headless'], /headed/],
      [['--login-url', 'http://login.salesforce.com', '--consumer-key', 'k'], /https/],
      [['--login-url', 'https://evil.example.com', '--consumer-key', 'k'], /Salesforce login/],
      [['--login-url', 'https://login.salesforce.com', '--consumer-key', 'a key with spaces'], /consumer-key/],
      [['--emulator', '--consumer-key', 'k'], /leave out/],
      [['--emulator', '--sign-in-minutes', '0'], /between/],
      [['--emulator', '--what'], /Unknown argument/],
      [['--login-url'], /needs a value/],
    ];
    for (const [argv, reason] of refused) expect(() => parseSmokeArgs(argv), argv.join(' ')).toThrow(reason);
    expect(() => normalizeLoginUrl('not a url at all')).toThrow(SmokeArgsError);
  });
});

describe('the report', () => {
  it('never shows what a token answer carries, and says an error in a line', () => {
    expect(summarizeAnswer('https://login.salesforce.com/services/oauth2/token', 200, '{"access_token":"00D!secret","refresh_token":"5Aep861secret"}')).toBe('tokens issued (not shown)');
    expect(summarizeAnswer('https://login.salesforce.com/services/oauth2/token', 400, '{"error":"invalid_client","error_description":"invalid client credentials"}')).toBe('invalid_client: invalid client credentials');
    expect(summarizeAnswer('https://acme.my.salesforce.com/services/data/v62.0/query', 400, '[{"errorCode":"MALFORMED_QUERY","message":"There is an implementation restriction on ActivityHistories."}]')).toBe(
      'MALFORMED_QUERY: There is an implementation restriction on ActivityHistories.',
    );
    expect(summarizeAnswer('https://acme.my.salesforce.com/services/data/v62.0/composite', 200, '{"compositeResponse":[{"referenceId":"d_Lead","httpStatusCode":404}]}')).toBe('composite: d_Lead 404');
    expect(describeUrl('https://acme.my.salesforce.com/services/data/v62.0/query?q=SELECT+Id+FROM+Task')).toBe('/services/data/v62.0/query?q=SELECT Id FROM Task');
  });

  it('prints each step, each request (repeats folded), and PASS or FAIL', () => {
    const request = { id: '1', method: 'GET', url: 'https://acme.my.salesforce.com/services/data/v62.0/query?q=x', status: 200, answer: '0 records', bySmoke: true };
    const text = formatReport({
      org: 'https://acme.my.salesforce.com',
      callbackUrl: 'https://x.chromiumapp.org/',
      person: { name: 'Smoketest SFSD-abc', number: '+1 (415) 555-0101' },
      steps: [
        { name: 'Connect', ok: true, detail: 'Rep' },
        { name: 'Log a call', ok: false, detail: '0 Tasks' },
      ],
      requests: [request, { ...request, id: '2' }, { ...request, id: '3', answer: '1 record' }],
    });
    expect(text).toContain('✓ Connect\n    Rep');
    expect(text).toContain('✗ Log a call\n    0 Tasks');
    expect(text).toContain('  1 smoke   GET    /services/data/v62.0/query?q=x → 200 0 records (×2)');
    expect(text).toContain('  2 smoke   GET    /services/data/v62.0/query?q=x → 200 1 record');
    expect(text.trimEnd().endsWith('FAIL: 1 of 2 steps failed')).toBe(true);
  });

  it('draws a clearly marked test person with a fictional 555-01xx number and no digits in the name', () => {
    const person = testPerson();
    expect(person.name).toMatch(/^Smoketest SFSD-[a-z]{10}$/);
    expect(person.e164).toMatch(/^\+1[2-9]\d{2}55501\d{2}$/);
    expect(person.dialpadId).toMatch(/^\d{16}$/);
  });
});

/** Shared test helpers: an inline seed, a manual clock, PKCE and a code-flow login through the core. */
import { createHash, randomBytes } from 'node:crypto';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../emulator/http/emulator';
import type { EmulatorResponse, SeedFile } from '../../../emulator/http/types';
import { createFakeOrg } from './fake-org';

export const ORG_ID = '00D5g000004ABCDEA4';
export const USER_ID = '0055g00000AbCdEAAV';
export const OTHER_USER_ID = '0055g00000XyZwVAAV';
export const CONSUMER_KEY = '3MVG9test.Wire';
export const REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

export function inlineSeed(): SeedFile {
  return {
    org: { id: ORG_ID, name: 'Wire Test Org', apiEnabled: true },
    users: [
      {
        Id: USER_ID,
        Username: 'ada@example.com',
        Name: 'Ada Lovelace',
        FirstName: 'Ada',
        LastName: 'Lovelace',
        Email: 'ada@example.com',
        IsActive: true,
        LanguageLocaleKey: 'en_US',
        TimeZoneSidKey: 'Europe/London',
      },
      {
        Id: OTHER_USER_ID,
        Username: 'grace@example.com',
        Name: 'Grace Hopper',
        LastName: 'Hopper',
        Email: 'grace@example.com',
        IsActive: true,
      },
    ],
    records: {
      Contact: [
        { Id: '003000000000001AAA', LastName: 'Turing', Phone: '+14155550100' },
        { Id: '003000000000002AAA', LastName: 'Noether', Phone: '+14155550101' },
      ],
      Task: [],
      Account: [],
    },
    clients: [
      { name: 'Wire Test App', consumerKey: CONSUMER_KEY, callbackUrls: ['https://*.chromiumapp.org/', 'http://localhost/oauth/callback'] },
    ],
    limits: { dailyApiRequests: 100 },
  };
}

export interface ManualClock {
  (): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2025, 0, 15, 9, 0, 0)): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

export function fakeEmulator(overrides: Partial<EmulatorOptions> = {}): Emulator {
  return createEmulator({ seed: inlineSeed(), createOrg: createFakeOrg, baseUrl: 'http://127.0.0.1:9999', ...overrides });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function get(emulator: Emulator, url: string, headers: Record<string, string> = {}): Promise<EmulatorResponse> {
  return emulator.handle({ method: 'GET', url, headers, body: '' });
}

export function send(
  emulator: Emulator,
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<EmulatorResponse> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return emulator.handle({ method, url, headers: { 'content-type': 'application/json', ...headers }, body: text });
}

export function postForm(emulator: Emulator, url: string, params: Record<string, string>): Promise<EmulatorResponse> {
  return emulator.handle({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

export function authorizeUrl(params: Record<string, string>): string {
  return `/services/oauth2/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: CONSUMER_KEY,
    redirect_uri: REDIRECT_URI,
    state: 'xyz',
    scope: 'api refresh_token',
    ...params,
  }).toString()}`;
}

/** Auto-approved code flow with PKCE; returns the token endpoint's JSON. */
export async function login(
  emulator: Emulator,
  scope = 'api refresh_token',
): Promise<{ access_token: string; refresh_token: string; instance_url: string; id: string; scope: string }> {
  emulator.control.updateSettings({ autoApprove: true });
  const { verifier, challenge } = pkcePair();
  const authorize = await get(emulator, authorizeUrl({ code_challenge: challenge, scope }));
  const code = new URL(authorize.headers.location ?? '').searchParams.get('code') ?? '';
  const token = await postForm(emulator, '/services/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    client_id: CONSUMER_KEY,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  if (token.status !== 200) throw new Error(`login failed: ${token.body}`);
  return JSON.parse(token.body) as { access_token: string; refresh_token: string; instance_url: string; id: string; scope: string };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

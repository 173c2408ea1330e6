/**
 * The Node server in front of the core, over real sockets with fetch: exact status codes, headers
 * and JSON bodies as Salesforce documents them, plus offline (dropped sockets) and persistence.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorWith, type RunningEmulator } from '../../../emulator/http/start';
import { createFakeOrg } from './fake-org';
import { CONSUMER_KEY, ORG_ID, REDIRECT_URI, USER_ID, inlineSeed, pkcePair } from './helpers';

const V = '/services/data/v62.0';
let server: RunningEmulator;
let accessToken = '';
let refreshToken = '';

async function control(pathName: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${server.url}/__emulator${pathName}`, { method: 'POST', body: JSON.stringify(body) });
  return response.json();
}

function api(pathName: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${pathName}`, {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...init.headers },
  });
}

beforeAll(async () => {
  server = await startEmulatorWith({ port: 0 }, { createOrg: createFakeOrg, defaultSeed: inlineSeed });
  await control('/settings', { autoApprove: true });
  const { verifier, challenge } = pkcePair();
  const authorize = await fetch(
    `${server.url}/services/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: CONSUMER_KEY,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      state: 's1',
    })}`,
    { redirect: 'manual' },
  );
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(`${server.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: CONSUMER_KEY, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  const body = (await token.json()) as { access_token: string; refresh_token: string };
  accessToken = body.access_token;
  refreshToken = body.refresh_token;
});

afterAll(async () => {
  await server.close();
});

describe('raw HTTP shapes', () => {
  it('listens on 127.0.0.1 and tells the consumer key', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.consumerKey).toBe(CONSUMER_KEY);
  });

  it('GET /services/data/ → versions array', async () => {
    const response = await fetch(`${server.url}/services/data/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const list = (await response.json()) as unknown[];
    expect(list).toHaveLength(47);
    expect(list[42]).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
  });

  it('authorize redirects with 302 Location to the callback', async () => {
    const response = await fetch(
      `${server.url}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: CONSUMER_KEY, redirect_uri: REDIRECT_URI, state: 'abc' })}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^https:\/\/abcdefghijklmnopabcdefghijklmnop\.chromiumapp\.org\/\?code=aPrx[^&]+&state=abc$/);
  });

  it('token errors are 400 JSON {error, error_description}', async () => {
    const response = await fetch(`${server.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=bad&client_id=' + CONSUMER_KEY + '&redirect_uri=' + encodeURIComponent(REDIRECT_URI),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'invalid authorization code' });
  });

  it('identity URL answers JSON for the token owner', async () => {
    const response = await api(`/id/${ORG_ID}/${USER_ID}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.id).toBe(`${server.url}/id/${ORG_ID}/${USER_ID}`);
    expect(body.user_id).toBe(USER_ID);
  });

  it('every REST answer carries Sforce-Limit-Info; limits body has DailyApiRequests', async () => {
    const response = await api(`${V}/limits`);
    expect(response.status).toBe(200);
    expect(response.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100$/);
    const body = (await response.json()) as Record<string, { Max: number; Remaining: number }>;
    expect(body.DailyApiRequests?.Max).toBe(100);
  });

  it('create answers 201 {id, success, errors} with Location; update and delete 204 with no body', async () => {
    const created = await api(`${V}/sobjects/Task`, { method: 'POST', body: JSON.stringify({ Subject: 'Raw' }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(created.headers.get('location')).toBe(`${V}/sobjects/Task/${id}`);
    const updated = await api(`${V}/sobjects/Task/${id}`, { method: 'PATCH', body: JSON.stringify({ Subject: 'Raw 2' }) });
    expect(updated.status).toBe(204);
    expect(await updated.text()).toBe('');
    const deleted = await api(`${V}/sobjects/Task/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
  });

  it('errors are JSON arrays with errorCode (401, 404, 405)', async () => {
    const unauthenticated = await fetch(`${server.url}${V}/limits`);
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const missing = await api(`${V}/sobjects/Task/00T000000000999AAA`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('NOT_FOUND');
    const wrongMethod = await api(`${V}/sobjects/Task/00T000000000999AAA`, { method: 'PUT', body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('METHOD_NOT_ALLOWED');
  });

  it('composite answers {compositeResponse: [...]}', async () => {
    const response = await api(`${V}/composite`, {
      method: 'POST',
      body: JSON.stringify({ compositeRequest: [{ method: 'GET', url: `${V}/sobjects/Contact/describe`, referenceId: 'describe' }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { compositeResponse: Array<Record<string, unknown>> };
    expect(Object.keys(body.compositeResponse[0] ?? {})).toEqual(['body', 'httpHeaders', 'httpStatusCode', 'referenceId']);
  });

  it('answers CORS preflights for REST paths', async () => {
    const response = await fetch(`${server.url}${V}/query`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5555', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5555');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  it('revoke answers 200 with an empty body', async () => {
    const response = await fetch(`${server.url}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('drops connections while offline and answers again after going online', async () => {
    await control('/offline', { ms: 60_000 });
    await expect(fetch(`${server.url}/services/data/`)).rejects.toThrow();
    const state = await (await fetch(`${server.url}/__emulator`)).json() as { offline: boolean };
    expect(state.offline).toBe(true);
    await control('/online');
    expect((await fetch(`${server.url}/services/data/`)).status).toBe(200);
  });
});

describe('--data persistence', () => {
  it('writes the seeded org at start, saves changes on close, and loads them at the next start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sf-emulator-'));
    const dataPath = path.join(dir, 'org.json');
    try {
      const first = await startEmulatorWith({ port: 0, dataPath }, { createOrg: createFakeOrg, defaultSeed: inlineSeed });
      const written = JSON.parse(await readFile(dataPath, 'utf8')) as { org: { id: string } };
      expect(written.org.id).toBe(ORG_ID);
      first.emulator.org.create('Task', { Subject: 'Persist me' }, { userId: USER_ID, apiVersion: '62.0', now: new Date() });
      first.emulator.state.notifyOrgChange();
      await first.close();

      const second = await startEmulatorWith({ port: 0, dataPath }, { createOrg: createFakeOrg, defaultSeed: inlineSeed });
      expect(second.emulator.control.records('Task')).toEqual([expect.objectContaining({ Subject: 'Persist me' })]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

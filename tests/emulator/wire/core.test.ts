import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../emulator/http/emulator';
import { createFakeOrg } from './fake-org';
import { CONSUMER_KEY, USER_ID, bearer, fakeEmulator, get, inlineSeed, login, manualClock, postForm, send } from './helpers';

const V = '/services/data/v62.0';

function json(body: string): unknown {
  return JSON.parse(body);
}

describe('routing and REST basics', () => {
  it('lists versions v20.0 to v66.0 without authentication', async () => {
    const emulator = fakeEmulator();
    const response = await get(emulator, '/services/data/');
    expect(response.status).toBe(200);
    const list = json(response.body) as Array<{ label: string; url: string; version: string }>;
    expect(list[0]).toEqual({ label: "Winter '11", url: '/services/data/v20.0', version: '20.0' });
    expect(list.find((v) => v.version === '62.0')).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    expect(list.at(-1)).toEqual({ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' });
  });

  it('answers an unsupported version or unknown path with the NOT_FOUND array', async () => {
    const emulator = fakeEmulator();
    const { access_token } = await login(emulator);
    for (const url of ['/services/data/v19.0/limits', '/services/data/v67.0/limits', `${V}/nothing-here`, '/nope']) {
      const response = await get(emulator, url, bearer(access_token));
      expect(response.status, url).toBe(404);
      expect(json(response.body)).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
  });

  it('rejects a missing, unknown or expired session with 401 INVALID_SESSION_ID', async () => {
    const clock = manualClock();
    const emulator = fakeEmulator({ clock });
    const { access_token } = await login(emulator);
    const missing = await get(emulator, `${V}/limits`);
    expect(missing.status).toBe(401);
    expect(json(missing.body)).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect((await get(emulator, `${V}/limits`, { authorization: `OAuth ${access_token}` })).status).toBe(200);
    clock.advance(2 * 60 * 60 * 1000 + 1);
    expect((await get(emulator, `${V}/limits`, bearer(access_token))).status).toBe(401);
  });

  it('creates (201 + Location), reads, updates (204) and deletes (204)', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const created = await send(emulator, 'POST', `${V}/sobjects/Task`, { Subject: 'Call' }, auth);
    expect(created.status).toBe(201);
    const { id } = json(created.body) as { id: string };
    expect(json(created.body)).toEqual({ id, success: true, errors: [] });
    expect(created.headers.location).toBe(`${V}/sobjects/Task/${id}`);

    const read = await get(emulator, `${V}/sobjects/Task/${id}?fields=Subject`, auth);
    expect(json(read.body)).toEqual({ attributes: { type: 'Task', url: `${V}/sobjects/Task/${id}` }, Subject: 'Call' });

    const updated = await send(emulator, 'PATCH', `${V}/sobjects/Task/${id}`, { Subject: 'Called' }, auth);
    expect(updated.status).toBe(204);
    expect(updated.body).toBe('');
    const deleted = await emulator.handle({ method: 'DELETE', url: `${V}/sobjects/Task/${id}`, headers: auth, body: '' });
    expect(deleted.status).toBe(204);
    const gone = await get(emulator, `${V}/sobjects/Task/${id}`, auth);
    expect(gone.status).toBe(404);
  });

  it('passes org errors through as [err.toJSON()] with their status', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const response = await send(emulator, 'POST', `${V}/sobjects/Task`, { Status: 'Open' }, auth);
    expect(response.status).toBe(400);
    expect(json(response.body)).toEqual([
      { message: 'Required fields are missing: [Subject]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Subject'] },
    ]);
    const malformed = await send(emulator, 'POST', `${V}/sobjects/Task`, '{nope', auth);
    expect(malformed.status).toBe(400);
    expect((json(malformed.body) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('pages query results through nextRecordsUrl honouring batchSize, and expires cursors', async () => {
    const clock = manualClock();
    const seed = inlineSeed();
    seed.records.Contact = Array.from({ length: 450 }, (_, i) => ({ Id: `003${String(i).padStart(12, '0')}AAA`, LastName: `C${i}` }));
    const emulator = createEmulator({ seed, createOrg: createFakeOrg, clock });
    const auth = bearer((await login(emulator)).access_token);

    const first = await get(emulator, `${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, {
      ...auth,
      'sforce-query-options': 'batchSize=50',
    });
    const page1 = json(first.body) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(Object.keys(page1)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(page1.totalSize).toBe(450);
    expect(page1.done).toBe(false);
    expect(page1.records).toHaveLength(200); // batchSize is at least 200
    expect(page1.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-200$/);

    const second = json((await get(emulator, page1.nextRecordsUrl, auth)).body) as typeof page1;
    expect(second.records).toHaveLength(200);
    const third = json((await get(emulator, second.nextRecordsUrl, auth)).body) as typeof page1;
    expect(third).toMatchObject({ totalSize: 450, done: true });
    expect(third.records).toHaveLength(50);
    expect(third.nextRecordsUrl).toBeUndefined();

    const again = json((await get(emulator, `${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, auth)).body) as typeof page1;
    expect(again.records).toHaveLength(450); // default batch 2000
    const paged = json(
      (await get(emulator, `${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, { ...auth, 'sforce-query-options': 'batchSize=200' })).body,
    ) as typeof page1;
    clock.advance(15 * 60 * 1000 + 1);
    const expired = await get(emulator, paged.nextRecordsUrl, auth);
    expect(expired.status).toBe(400);
    expect(json(expired.body)).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  it('answers COUNT() with totalSize and no records', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const response = await get(emulator, `${V}/query?q=${encodeURIComponent('SELECT COUNT() FROM Contact')}`, auth);
    expect(json(response.body)).toEqual({ totalSize: 2, done: true, records: [] });
  });
});

describe('limits and API permissions', () => {
  it('counts every authenticated REST call, reports it in Sforce-Limit-Info and refuses past the allowance', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const first = await get(emulator, `${V}/limits`, auth);
    expect(first.headers['sforce-limit-info']).toBe('api-usage=1/100');
    const limits = json(first.body) as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyApiRequests).toEqual({ Max: 100, Remaining: 99 });

    emulator.control.setApiUsage({ exhaust: true });
    const refused = await get(emulator, `${V}/query?q=SELECT+Id+FROM+Contact`, auth);
    expect(refused.status).toBe(403);
    expect(json(refused.body)).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(refused.headers['sforce-limit-info']).toBe('api-usage=100/100');
  });

  it('answers API_DISABLED_FOR_ORG and API_CURRENTLY_DISABLED from control flags', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    emulator.control.updateSettings({ apiEnabled: false });
    const org = await get(emulator, `${V}/limits`, auth);
    expect(org.status).toBe(403);
    expect((json(org.body) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('API_DISABLED_FOR_ORG');
    emulator.control.updateSettings({ apiEnabled: null, usersWithoutApi: ['ada@example.com'] });
    const user = await get(emulator, `${V}/limits`, auth);
    expect(user.status).toBe(403);
    expect((json(user.body) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('API_CURRENTLY_DISABLED');
    expect(emulator.control.apiUsage().used).toBe(0);
  });
});

describe('test control', () => {
  it('expires tokens issued so far while later ones stay valid', async () => {
    const emulator = fakeEmulator();
    const before = await login(emulator);
    emulator.control.expireAccessTokens();
    expect((await get(emulator, `${V}/limits`, bearer(before.access_token))).status).toBe(401);
    const refreshed = await postForm(emulator, '/services/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: before.refresh_token,
      client_id: CONSUMER_KEY,
    });
    const { access_token } = json(refreshed.body) as { access_token: string };
    expect((await get(emulator, `${V}/limits`, bearer(access_token))).status).toBe(200);
  });

  it("revokes one user's refresh tokens", async () => {
    const emulator = fakeEmulator();
    const tokens = await login(emulator);
    expect(emulator.control.revokeRefreshTokens(USER_ID)).toEqual({ revoked: 1 });
    const refresh = await postForm(emulator, '/services/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: CONSUMER_KEY,
    });
    expect(refresh.status).toBe(400);
  });

  it('fails the next N matching requests with Salesforce-shaped 500/503 bodies', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const control = await send(emulator, 'POST', '/__emulator/fail-next', { count: 2, status: 503, pathPrefix: `${V}/query` });
    expect(control.status).toBe(200);
    expect((await get(emulator, `${V}/limits`, auth)).status).toBe(200);
    const failed = await get(emulator, `${V}/query?q=x`, auth);
    expect(failed.status).toBe(503);
    expect(json(failed.body)).toEqual([
      { message: 'Server temporarily unavailable, please try again later.', errorCode: 'SERVER_UNAVAILABLE' },
    ]);
    expect((await get(emulator, `${V}/query?q=x`, auth)).status).toBe(503);
    expect((await get(emulator, `${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, auth)).status).toBe(200);
  });

  it('goes offline for N ms of emulator time: the core asks the transport to drop the connection', async () => {
    const clock = manualClock();
    const emulator = fakeEmulator({ clock });
    await send(emulator, 'POST', '/__emulator/offline', { ms: 1000 });
    const dropped = await get(emulator, '/services/data/');
    expect(dropped.dropConnection).toBe(true);
    clock.advance(1000);
    expect((await get(emulator, '/services/data/')).status).toBe(200);
  });

  it('holds back the answer to a write it has carried out, until released', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const hold = emulator.control.holdNextAnswer({ method: 'POST', path: /\/sobjects\/Task$/ });
    // Another request is not held.
    expect((await get(emulator, `${V}/limits`, auth)).status).toBe(200);
    let answered = false;
    const pending = send(emulator, 'POST', `${V}/sobjects/Task`, { Subject: 'Held' }, auth).then((response) => {
      answered = true;
      return response;
    });
    await hold.reached;
    // Committed, not yet answered.
    expect((emulator.control.records('Task') as Array<{ Subject: string }>).filter((t) => t.Subject === 'Held')).toHaveLength(1);
    expect(answered).toBe(false);
    hold.release();
    expect((await pending).status).toBe(201);
    // One hold, one answer: the next write goes straight through.
    expect((await send(emulator, 'POST', `${V}/sobjects/Task`, { Subject: 'Free' }, auth)).status).toBe(201);
  });

  it('applies latency to every non-control answer', async () => {
    const waits: number[] = [];
    const emulator = fakeEmulator({ sleep: async (ms) => void waits.push(ms) });
    await send(emulator, 'POST', '/__emulator/latency', { ms: 250 });
    await get(emulator, '/services/data/');
    await get(emulator, '/__emulator/settings');
    expect(waits).toEqual([250]);
  });

  it('logs requests (not control ones), counts them per endpoint since a mark, and does not bill control', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    const { mark } = json((await send(emulator, 'POST', '/__emulator/mark', {})).body) as { mark: number };
    await get(emulator, `${V}/limits`, auth);
    await get(emulator, `${V}/limits`, auth);
    await get(emulator, '/__emulator/api-usage');
    const log = json((await get(emulator, `/__emulator/requests?since=${mark}`)).body) as {
      requests: Array<{ method: string; path: string; status: number; time: string }>;
      counts: Record<string, number>;
    };
    expect(log.counts).toEqual({ [`GET ${V}/limits`]: 2 });
    expect(log.requests[0]).toMatchObject({ method: 'GET', path: `${V}/limits`, status: 200 });
    expect(emulator.control.apiUsage().used).toBe(2);
  });

  it('resets the org to the seed and dumps records', async () => {
    const emulator = fakeEmulator();
    const auth = bearer((await login(emulator)).access_token);
    await send(emulator, 'POST', `${V}/sobjects/Task`, { Subject: 'Temp' }, auth);
    const dump = json((await get(emulator, '/__emulator/records/Task')).body) as { type: string; records: unknown[] };
    expect(dump.type).toBe('Task');
    expect(dump.records).toHaveLength(1);
    expect((await send(emulator, 'POST', '/__emulator/reset', {})).status).toBe(200);
    expect((json((await get(emulator, '/__emulator/records/Task')).body) as { records: unknown[] }).records).toEqual([]);
    // Tokens survive a reset, so a signed-in extension stays signed in.
    expect((await get(emulator, `${V}/limits`, auth)).status).toBe(200);
  });

  it('chooses the login user and rejects unknown users and bad bodies', async () => {
    const emulator = fakeEmulator();
    const ok = await send(emulator, 'POST', '/__emulator/settings', { loginUser: 'grace@example.com', autoApprove: true });
    expect(json(ok.body)).toMatchObject({ autoApprove: true, loginUserId: '0055g00000XyZwVAAV' });
    expect((await send(emulator, 'POST', '/__emulator/settings', { loginUser: 'nobody' })).status).toBe(400);
    expect((await send(emulator, 'POST', '/__emulator/settings', '[1]')).status).toBe(400);
    expect((await get(emulator, '/__emulator/nothing')).status).toBe(404);
    const foreign = await emulator.handle({ method: 'GET', url: '/__emulator', headers: { origin: 'https://evil.example' }, body: '' });
    expect(foreign.status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { bearer, fakeEmulator, get, login, send } from './helpers';

const V = '/services/data/v62.0';

async function setUp() {
  const emulator = fakeEmulator();
  const auth = bearer((await login(emulator)).access_token);
  return { emulator, auth };
}

interface CompositeBody {
  compositeResponse: Array<{ body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }>;
}

describe('composite', () => {
  it('runs subrequests in order, resolving @{ref.id} and @{ref.records[0].Id}, and counts as one call', async () => {
    const { emulator, auth } = await setUp();
    const response = await send(
      emulator,
      'POST',
      `${V}/composite`,
      {
        allOrNone: true,
        compositeRequest: [
          { method: 'GET', url: `${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, referenceId: 'contacts' },
          { method: 'POST', url: `${V}/sobjects/Task`, referenceId: 'task', body: { Subject: 'Call', WhoId: '@{contacts.records[0].Id}' } },
          { method: 'GET', url: `${V}/sobjects/Task/@{task.id}?fields=Subject,WhoId`, referenceId: 'readBack' },
          { method: 'PATCH', url: `${V}/sobjects/Task/@{task.id}`, referenceId: 'update', body: { Subject: 'Called' } },
        ],
      },
      auth,
    );
    expect(response.status).toBe(200);
    expect(response.headers['sforce-limit-info']).toBe('api-usage=1/100');
    const body = JSON.parse(response.body) as CompositeBody;
    const [contacts, task, readBack, update] = body.compositeResponse;
    expect(contacts?.httpStatusCode).toBe(200);
    expect(task).toMatchObject({ httpStatusCode: 201, referenceId: 'task', body: { success: true, errors: [] } });
    const taskId = (task?.body as { id: string }).id;
    expect(task?.httpHeaders).toEqual({ Location: `${V}/sobjects/Task/${taskId}` });
    expect(readBack?.body).toMatchObject({ Subject: 'Call', WhoId: '003000000000001AAA' });
    expect(update).toEqual({ body: null, httpHeaders: {}, httpStatusCode: 204, referenceId: 'update' });
  });

  it('with allOrNone rolls back and answers PROCESSING_HALTED for the others', async () => {
    const { emulator, auth } = await setUp();
    const response = await send(
      emulator,
      'POST',
      `${V}/composite`,
      {
        allOrNone: true,
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Task`, referenceId: 'good', body: { Subject: 'Kept?' } },
          { method: 'POST', url: `${V}/sobjects/Task`, referenceId: 'bad', body: { Status: 'Open' } },
          { method: 'POST', url: `${V}/sobjects/Task`, referenceId: 'after', body: { Subject: 'Never' } },
        ],
      },
      auth,
    );
    const body = JSON.parse(response.body) as CompositeBody;
    expect(body.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
      ['good', 400],
      ['bad', 400],
      ['after', 400],
    ]);
    const halted = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];
    expect(body.compositeResponse[0]?.body).toEqual(halted);
    expect(body.compositeResponse[1]?.body).toEqual([
      { message: 'Required fields are missing: [Subject]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Subject'] },
    ]);
    expect(body.compositeResponse[2]?.body).toEqual(halted);
    expect(emulator.control.records('Task')).toEqual([]);
  });

  it('without allOrNone keeps successes and halts only dependants of a failure', async () => {
    const { emulator, auth } = await setUp();
    const response = await send(
      emulator,
      'POST',
      `${V}/composite`,
      {
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Task`, referenceId: 'bad', body: {} },
          { method: 'PATCH', url: `${V}/sobjects/Task/@{bad.id}`, referenceId: 'dependent', body: { Subject: 'x' } },
          { method: 'POST', url: `${V}/sobjects/Task`, referenceId: 'good', body: { Subject: 'Kept' } },
        ],
      },
      auth,
    );
    const body = JSON.parse(response.body) as CompositeBody;
    expect(body.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400, 201]);
    expect((body.compositeResponse[1]?.body as Array<{ errorCode: string }>)[0]?.errorCode).toBe('PROCESSING_HALTED');
    expect(emulator.control.records('Task')).toHaveLength(1);
  });

  it('refuses more than 25 subrequests, more than 5 queries, and duplicate referenceIds', async () => {
    const { emulator, auth } = await setUp();
    const many = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: `${V}/limits`, referenceId: `r${i}` }));
    const tooMany = await send(emulator, 'POST', `${V}/composite`, { compositeRequest: many }, auth);
    expect(tooMany.status).toBe(400);
    const queries = Array.from({ length: 6 }, (_, i) => ({ method: 'GET', url: `${V}/query?q=SELECT+Id+FROM+Contact`, referenceId: `q${i}` }));
    expect((await send(emulator, 'POST', `${V}/composite`, { compositeRequest: queries }, auth)).status).toBe(400);
    const dup = [
      { method: 'GET', url: `${V}/limits`, referenceId: 'a' },
      { method: 'GET', url: `${V}/limits`, referenceId: 'a' },
    ];
    expect((await send(emulator, 'POST', `${V}/composite`, { compositeRequest: dup }, auth)).status).toBe(400);
    const missingRef = await send(emulator, 'POST', `${V}/composite`, { compositeRequest: [{ method: 'GET', url: `${V}/limits` }] }, auth);
    expect(JSON.parse(missingRef.body)).toEqual([{ message: "'referenceId' is a required field.", errorCode: 'JSON_PARSER_ERROR' }]);
  });
});

describe('sObject collections', () => {
  it('creates up to 200 records and answers SaveResults', async () => {
    const { emulator, auth } = await setUp();
    const response = await send(
      emulator,
      'POST',
      `${V}/composite/sobjects`,
      { allOrNone: false, records: [{ attributes: { type: 'Task' }, Subject: 'A' }, { attributes: { type: 'Task' } }] },
      auth,
    );
    expect(response.status).toBe(200);
    const results = JSON.parse(response.body) as Array<Record<string, unknown>>;
    expect(results[0]).toEqual({ id: expect.stringMatching(/^00T/), success: true, errors: [] });
    expect(results[1]).toEqual({
      success: false,
      errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Subject]', fields: ['Subject'] }],
    });
    const tooMany = Array.from({ length: 201 }, () => ({ attributes: { type: 'Task' }, Subject: 'x' }));
    expect((await send(emulator, 'POST', `${V}/composite/sobjects`, { records: tooMany }, auth)).status).toBe(400);
  });

  it('rolls every record back with allOrNone', async () => {
    const { emulator, auth } = await setUp();
    const response = await send(
      emulator,
      'POST',
      `${V}/composite/sobjects`,
      { allOrNone: true, records: [{ attributes: { type: 'Task' }, Subject: 'A' }, { attributes: { type: 'Task' } }] },
      auth,
    );
    const results = JSON.parse(response.body) as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(results.map((r) => r.errors[0]?.statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'REQUIRED_FIELD_MISSING']);
    expect((await get(emulator, '/__emulator/records/Task')).body).toBe('{"type":"Task","records":[]}');
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../server.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { maxBatchCalls } from '../trpc/batch-limit.ts';

let api: TestApi;
let acme: CompanyFixture;
let server: Server;
let trpcUrl: string;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
  server = createServer(api.deps, {}).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  trpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

interface ErrorBody {
  error: { message: string; data: { code: string; httpStatus: number } & Record<string, unknown> };
}

/** Status and message of a call that must fail, as a client reads them. */
async function failure(response: Response): Promise<{ status: number; message: string }> {
  const body = (await response.json()) as ErrorBody;
  return { status: response.status, message: body.error.message };
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${trpcUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

const asAdmin = () => ({ authorization: `Bearer ${acme.admin.token}` });

describe('error messages a person understands', () => {
  it('says a body that is not JSON is not valid JSON', async () => {
    expect(await failure(await post('auth.login', '{"email": "a@b.example", "pass'))).toEqual({
      status: 400,
      message: 'The request body is not valid JSON',
    });
    expect(
      await failure(
        await fetch(`${trpcUrl}/requests.list?input=${encodeURIComponent('{limit:')}`, {
          headers: asAdmin(),
        }),
      ),
    ).toEqual({
      status: 400,
      message: 'The input parameter is not valid JSON: send ?input= with URL-encoded JSON',
    });
  });

  it('says a missing field is required, and a whole missing input too', async () => {
    expect(await failure(await post('auth.login', JSON.stringify({ email: 'a@b.example' })))).toEqual({
      status: 400,
      message: 'Invalid input: password: is required',
    });
    expect(await failure(await post('auth.login', ''))).toEqual({
      status: 400,
      message: 'Invalid input: the input is required',
    });
  });

  it('names the allowed values, limits and types of a field', async () => {
    const update = (input: unknown) =>
      fetch(`${trpcUrl}/requests.list?input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: asAdmin(),
      }).then(failure);
    expect(await update({ status: 'done' })).toEqual({
      status: 400,
      message: 'Invalid input: status: must be one of: new, in_progress, repaired, scrap',
    });
    expect(await update({ limit: 500, overdue: 'yes', $where: '1' })).toEqual({
      status: 400,
      message:
        'Invalid input: overdue: must be true or false, not text; limit: must be at most 100; unknown field "$where"',
    });
    expect(await update({ limit: 2.5 })).toEqual({
      status: 400,
      message: 'Invalid input: limit: must be a whole number',
    });
  });

  it('closes the quote of an unsupported content type and says what to send', async () => {
    expect(await failure(await post('auth.login', 'email=a', { 'content-type': 'text/plain' }))).toEqual({
      status: 415,
      message: 'Unsupported content type "text/plain": send the body as application/json',
    });
  });

  it('says which method a procedure takes', async () => {
    expect(await failure(await fetch(`${trpcUrl}/requests.create`, { headers: asAdmin() }))).toEqual({
      status: 405,
      message: 'requests.create is a mutation: call it with POST',
    });
  });
});

describe('internal errors', () => {
  async function internalFailure(): Promise<ErrorBody> {
    const { User } = api.db.models;
    const original = User.findOne.bind(User);
    User.findOne = (() => {
      throw new Error('connection pool exploded at 10.0.0.7:27017');
    }) as never;
    try {
      const response = await post('auth.login', JSON.stringify({ email: 'a@b.example', password: 'x' }));
      expect(response.status).toBe(500);
      return (await response.json()) as ErrorBody;
    } finally {
      User.findOne = original;
    }
  }

  it('send no message or stack trace by default, whatever NODE_ENV is', async () => {
    expect(api.deps.exposeErrorDetails).toBe(false);
    const body = await internalFailure();
    expect(body.error.message).toBe('Internal server error');
    expect(body.error.data).not.toHaveProperty('stack');
    expect(JSON.stringify(body)).not.toContain('10.0.0.7');
  });

  it('send their message and stack trace when API_ERROR_DETAILS turns them on', async () => {
    api.deps.exposeErrorDetails = true;
    try {
      const body = await internalFailure();
      expect(body.error.message).toBe('connection pool exploded at 10.0.0.7:27017');
      expect(body.error.data.stack).toMatch(/connection pool exploded/);
    } finally {
      api.deps.exposeErrorDetails = false;
    }
  });
});

describe('batch cap', () => {
  const batchOf = (calls: number) => {
    const paths = Array.from({ length: calls }, () => 'teams.list').join(',');
    const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { limit: 1 }]));
    return fetch(`${trpcUrl}/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: asAdmin(),
    });
  };

  it(`runs a batch of ${maxBatchCalls} calls and refuses one more, saying the cap`, async () => {
    const full = await batchOf(maxBatchCalls);
    expect(full.status).toBe(200);
    expect(((await full.json()) as unknown[]).length).toBe(maxBatchCalls);
    const over = await batchOf(maxBatchCalls + 1);
    expect(over.status).toBe(400);
    expect(await failure(over)).toEqual({
      status: 400,
      message: `A batch may carry at most ${maxBatchCalls} calls: send the others in another request`,
    });
  });
});

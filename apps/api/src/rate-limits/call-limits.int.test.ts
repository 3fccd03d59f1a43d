import { once } from 'node:events';
import type { Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action, policy } from '../policy/policy.ts';
import { createServer } from '../server.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { limitedCalls } from './limited-calls.ts';

const limits = { readsPerMinute: 3, createsPerMinute: 2 };

let api: TestApi;
let replica: TestApi;
let acme: CompanyFixture;
let server: Server;
let trpcUrl: string;

beforeAll(async () => {
  api = await createTestApi({ callLimits: limits, loginGuard: { attemptsPerMinutePerIp: 1 } });
  // A second API process of the same deployment: its own Redis connection and its own limiter objects.
  replica = await createTestApi({ replicaOf: api, callLimits: limits });
  acme = await createCompanyFixture(api, 'Acme');
  await Promise.all([api.redis.ping(), replica.redis.ping()]);
  server = createServer(api.deps, {}).listen(0, '127.0.0.1');
  await once(server, 'listening');
  trpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await replica.close();
  await api.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `n` calls of `path` in one GET batch, as the admin. */
function readBatch(token: string, path: string, n: number): Promise<Response> {
  const paths = Array.from({ length: n }, () => path).join(',');
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]));
  return fetch(`${trpcUrl}/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: bearer(token),
  });
}

type BatchItem = { result?: unknown; error?: { message: string; data: { httpStatus: number } } };

describe('per-user limits on lists, stats and creates', () => {
  it('limits every list, the stats, every create and the ops procedures, and nothing else', () => {
    // The Operations reads each read the ledger per function; replays write and owe events, as creates do.
    const opsReads = [
      'requests.history',
      'ops.streams',
      'ops.functions',
      'ops.runs',
      'ops.run',
      'ops.deadLetters',
    ];
    const opsWrites = ['ops.replay', 'ops.redrive'];
    const named = Object.keys(policy).filter((action) => /\.(list|stats|create)$/.test(action));
    const expected = [...named, ...opsReads, ...opsWrites];
    expect(Object.keys(limitedCalls).sort()).toEqual(expected.sort());
    for (const action of expected) {
      const creates = action.endsWith('.create') || opsWrites.includes(action);
      expect(limitedCalls[action as Action]).toBe(creates ? 'creates' : 'reads');
    }
  });

  it('counts each call of a batch; refused calls answer 429 with Retry-After', async () => {
    const response = await readBatch(acme.manager.token, 'requests.list', 5);
    expect(response.status).toBe(207);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const items = (await response.json()) as BatchItem[];
    // The calls of a batch run side by side: which three get through is up to them.
    const statuses = items.map((item) => item.error?.data.httpStatus ?? 200);
    expect(statuses.sort()).toEqual([200, 200, 200, 429, 429]);
    for (const item of items.filter((each) => each.error)) {
      expect(item.error?.message).toMatch(
        /^Too many lists and statistics in a minute; try again in \d+ seconds$/,
      );
    }

    const single = await fetch(`${trpcUrl}/requests.stats`, { headers: bearer(acme.manager.token) });
    expect(single.status).toBe(429);
    expect(Number(single.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('keeps one count per user: another user of the company still lists', async () => {
    const response = await readBatch(acme.technician.token, 'teams.list', 3);
    expect(response.status).toBe(200);
  });

  it('counts creates of one user across API processes', async () => {
    const create = (target: TestApi, n: number) =>
      target
        .caller(acme.admin.token)
        .teams.create({ name: `Team ${n}` })
        .then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        );
    const outcomes = [
      await create(api, 1),
      await create(replica, 2),
      await create(replica, 3),
      await create(api, 4),
    ];
    expect(outcomes).toEqual(['ok', 'ok', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });

  it('answers a refused sign-in with Retry-After too', async () => {
    const signIn = () =>
      fetch(`${trpcUrl}/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@x.example', password: 'x' }),
      });
    expect((await signIn()).status).toBe(401);
    const refused = await signIn();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('per-user limits while Redis is down', () => {
  let offline: TestApi;
  let globex: CompanyFixture;

  beforeAll(async () => {
    const closed = createTcpServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new Redis({
      host: '127.0.0.1',
      port,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    unreachable.on('error', () => undefined);
    offline = await createTestApi({ redis: unreachable, callLimits: limits });
    globex = await createCompanyFixture(offline, 'Globex');
  });
  afterAll(() => offline.close());

  it('lets lists and stats through, and counts creates in the process', async () => {
    expect(offline.redis.status).not.toBe('ready');
    const admin = offline.caller(globex.admin.token);
    for (let i = 0; i < 6; i++) await admin.requests.list();
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await admin.teams.create({ name: `Offline ${i}` }).then(
          () => 'ok',
          (error: { code?: string }) => error.code ?? 'unknown',
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'ok', 'TOO_MANY_REQUESTS']);
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RedisService, startRedis } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from './server.ts';
import { failFastRedis } from './testing/fail-fast-redis.ts';
import { createTestApi, type TestApi } from './testing/test-deps.ts';

let redisService: RedisService;
let redis: Redis;
let api: TestApi;
let server: Server;
let base: string;

beforeAll(async () => {
  redisService = await startRedis({ quiet: true });
  redis = failFastRedis(redisService.url);
  api = await createTestApi({ redis });
  server = createServer(api.deps, {
    mongodb: () => api.db.connection.db?.admin().ping() ?? Promise.reject(new Error('not connected')),
    redis: () => redis.ping(),
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
  await redisService.stop();
});

async function readyz(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function waitForReadyz(status: number, timeoutMs = 20_000): Promise<{ status: number; body: unknown }> {
  let answer: { status: number; body: unknown } = { status: 0, body: null };
  await waitFor(
    async () => {
      answer = await readyz();
      return answer.status === status;
    },
    () => `/readyz to answer ${status}; it still answers ${JSON.stringify(answer)}`,
    { timeoutMs, intervalMs: 50 },
  );
  return answer;
}

describe('/readyz with a real Redis', () => {
  it('answers 503 naming redis while it is stopped, and 200 again once it is back', async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { mongodb: 'ok', redis: 'ok' } },
    });

    await redisService.stop();
    const down = await waitForReadyz(503);
    expect(down.body).toEqual({ status: 'not ready', checks: { mongodb: 'ok', redis: 'unavailable' } });

    redisService = await startRedis({ port: redisService.port, quiet: true });
    const up = await waitForReadyz(200);
    expect(up.body).toEqual({ status: 'ready', checks: { mongodb: 'ok', redis: 'ok' } });
  });
});

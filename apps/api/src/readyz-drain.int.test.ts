import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpDrain } from './http-drain.ts';
import { createServer } from './server.ts';
import { createTestApi, type TestApi } from './testing/test-deps.ts';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

function get(port: number, path: string, agent: http.Agent) {
  return new Promise<{ status: number; connection: string | undefined; body: unknown }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            body: JSON.parse(body),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('/readyz during shutdown', () => {
  it('answers 503 draining once the drain has begun, also to a check that was in flight, and the server closes', async () => {
    let holdChecks = false;
    let release = () => {};
    let checkStarted = () => {};
    const started = new Promise<void>((resolve) => {
      checkStarted = resolve;
    });
    const drain = new HttpDrain();
    const server = createServer(
      api.deps,
      {
        mongodb: () => api.db.connection.db?.admin().ping() ?? Promise.reject(new Error('not connected')),
        slow: async () => {
          if (!holdChecks) return;
          checkStarted();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      },
      { corsOrigins: [], trustProxy: 0, draining: () => drain.draining },
    ).listen(0, '127.0.0.1');
    drain.track(server);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true });

    expect(await get(port, '/readyz', agent)).toMatchObject({
      status: 200,
      connection: 'keep-alive',
      body: { status: 'ready', checks: { mongodb: 'ok', slow: 'ok' } },
    });

    holdChecks = true;
    const inFlight = get(port, '/readyz', agent);
    await started;
    const closed = drain.close(10_000);
    release();

    expect(await inFlight).toEqual({ status: 503, connection: 'close', body: { status: 'draining' } });
    await closed;
    await expect(get(port, '/readyz', new http.Agent())).rejects.toThrow(/ECONNREFUSED/);
  });
});

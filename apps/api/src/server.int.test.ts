import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from './server.ts';
import { createTestApi, type TestApi } from './testing/test-deps.ts';

let api: TestApi;
let server: Server;
let base: string;
let mongoUp = true;

beforeAll(async () => {
  api = await createTestApi();
  server = createServer(
    api.deps,
    {
      mongodb: async () => {
        if (!mongoUp) throw new Error('down');
      },
      redis: () => api.redis.ping(),
    },
    { corsOrigins: ['https://app.example.com'], trustProxy: 0 },
  ).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

describe('HTTP surface', () => {
  it('reports liveness and readiness, naming the dependency that is down', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { mongodb: 'ok', redis: 'ok' },
    });
    mongoUp = false;
    const down = await fetch(`${base}/readyz`);
    mongoUp = true;
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ checks: { mongodb: 'unavailable', redis: 'ok' } });
  });

  it('maps bad input to 400 with a readable message and no stack', async () => {
    const response = await post('auth.login', { email: 'nope', password: 'x' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.message).toBe('Invalid input: email: must be an email address');
    expect(body.error.data).not.toHaveProperty('stack');
  });

  it('hides internal failures behind a generic message by default', async () => {
    const { User } = api.db.models;
    const original = User.findOne.bind(User);
    User.findOne = (() => {
      throw new Error('connection pool exploded at 10.0.0.7:27017');
    }) as never;
    try {
      const response = await post('auth.login', { email: 'a@b.example', password: 'x' });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: { message: string; data: Record<string, unknown> } };
      expect(body.error.message).toBe('Internal server error');
      expect(JSON.stringify(body)).not.toContain('10.0.0.7');
    } finally {
      User.findOne = original;
    }
  });

  it('sends helmet security headers and allows only the configured origins', async () => {
    const allowed = await fetch(`${base}/healthz`, { headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await fetch(`${base}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses a body over the size limit', async () => {
    const response = await post('auth.login', { email: 'a@b.example', password: 'x'.repeat(200_000) });
    expect(response.status).toBe(413);
  });
});

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

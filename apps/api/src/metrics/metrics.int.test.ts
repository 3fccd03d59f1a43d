import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestCreated } from '@fixstream/events';
import { parsePrometheusText, sampleValue } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiEnv } from '../env.ts';
import { createServer } from '../server.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { type ApiMetrics, createApiMetrics } from './api-metrics.registry.ts';
import { apiMetricsChoice } from './api-metrics-switch.ts';
import { countingPublisher } from './counting-publisher.ts';

let api: TestApi;
let acme: CompanyFixture;
let metrics: ApiMetrics;
let server: Server;
let base: string;

beforeAll(async () => {
  metrics = createApiMetrics();
  api = await createTestApi({ wrapPublisher: (publisher) => countingPublisher(publisher, metrics) });
  acme = await createCompanyFixture(api, 'Acme');
  server = createServer(
    api.deps,
    { redis: () => api.redis.ping() },
    { corsOrigins: [], trustProxy: 0, metrics },
  ).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

async function scrape() {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await response.text());
}

async function post(path: string, body: unknown, token?: string) {
  return fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

const created = { procedure: 'requests.create', code: 'OK' };
const durationCount = 'fixstream_http_request_duration_seconds_count';

describe('GET /metrics on the API', () => {
  it('counts requests.create in the duration histogram and its event as published', async () => {
    const before = await scrape();
    const login = await post('auth.login', { email: acme.employee.email, password: acme.employee.password });
    expect(login.status).toBe(200);
    const { token } = ((await login.json()) as { result: { data: { token: string } } }).result.data;
    const response = await post(
      'requests.create',
      {
        subject: 'Compressor hums',
        type: 'corrective',
        equipment: acme.equipmentId,
        maintenanceTeam: acme.teamId,
        assignedTechnician: acme.technician.id,
      },
      token,
    );
    expect(response.status).toBe(200);

    const after = await scrape();
    expect(sampleValue(after, durationCount, created)).toBe(
      (sampleValue(before, durationCount, created) ?? 0) + 1,
    );
    expect(
      sampleValue(after, 'fixstream_http_request_duration_seconds_bucket', { ...created, le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, durationCount, { procedure: 'auth.login', code: 'OK' })).toBeGreaterThanOrEqual(
      1,
    );
    const published = { event: requestCreated.name };
    expect(sampleValue(after, 'fixstream_events_published_total', published)).toBe(
      (sampleValue(before, 'fixstream_events_published_total', published) ?? 0) + 1,
    );
    expect(sampleValue(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('observes each call of a batch with its own code, and unknown paths as unknown', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: {}, 2: {} }));
    const response = await fetch(`${base}/trpc/auth.me,requests.list,no.such-path?batch=1&input=${input}`, {
      headers: { authorization: `Bearer ${acme.employee.token}` },
    });
    expect(response.status).toBe(207);
    const after = await scrape();
    expect(sampleValue(after, durationCount, { procedure: 'auth.me', code: 'OK' })).toBe(1);
    expect(sampleValue(after, durationCount, { procedure: 'requests.list', code: 'OK' })).toBe(1);
    expect(sampleValue(after, durationCount, { procedure: 'unknown', code: 'NOT_FOUND' })).toBe(1);
    expect(after.some((s) => Object.values(s.labels).includes('no.such-path'))).toBe(false);
  });

  it('labels an unauthenticated call with its tRPC code and puts no user data in any label', async () => {
    await post('requests.create', { subject: 'x' });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(
      sampleValue(parsePrometheusText(text), durationCount, {
        procedure: 'requests.create',
        code: 'UNAUTHORIZED',
      }),
    ).toBe(1);
    expect(text).not.toContain(acme.employee.email);
    expect(text).not.toContain(acme.employee.id);
  });
});

describe('the API with API_METRICS=false', () => {
  it('has no /metrics route and leaves the publisher unwrapped, and still serves /trpc', async () => {
    const env = parseApiEnv({
      MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: randomBytes(16).toString('hex'),
      API_METRICS: 'false',
    });
    const choice = apiMetricsChoice(env.API_METRICS, api.deps.publisher);
    expect(choice).toEqual({ metrics: undefined, publisher: api.deps.publisher });
    const off = createServer(
      api.deps,
      { redis: () => api.redis.ping() },
      { corsOrigins: [], trustProxy: 0, metrics: choice.metrics },
    ).listen(0, '127.0.0.1');
    await new Promise((resolve) => off.once('listening', resolve));
    try {
      const offBase = `http://127.0.0.1:${(off.address() as AddressInfo).port}`;
      expect((await fetch(`${offBase}/metrics`)).status).toBe(404);
      const me = await fetch(`${offBase}/trpc/auth.me`, {
        headers: { authorization: `Bearer ${acme.employee.token}` },
      });
      expect(me.status).toBe(200);
    } finally {
      await new Promise((resolve) => off.close(resolve));
    }
  });
});

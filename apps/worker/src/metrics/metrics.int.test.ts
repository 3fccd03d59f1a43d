import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient, type ManagedChild, mongoUriFor, spawnManaged } from '@fixstream/dev-services';
import { createPublisher, requestCreated } from '@fixstream/events';
import {
  createCompany,
  createRequest,
  type FixturePerson,
  parsePrometheusText,
  sampleValue,
  waitFor,
} from '@fixstream/test-support';
import getPort from 'get-port';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const repoRoot = new URL('../../../../', import.meta.url).pathname;
const fn = 'send-request-notification';

let db: Database;
let redis: Redis;
let worker: ManagedChild;
let metricsUrl: string;
let prefix: string;
let running = false;

beforeAll(async () => {
  const services = inject('services');
  const mongoUri = mongoUriFor(services.mongoUri, `worker-metrics-${randomUUID()}`);
  db = await connectDatabase(mongoUri);
  redis = new Redis(services.redisUrl);
  prefix = `test:${randomUUID()}:`;
  const port = await getPort({ host: '127.0.0.1' });
  metricsUrl = `http://127.0.0.1:${port}`;
  // The real entry point, as deployed: its wiring of the metrics is what is tested.
  worker = spawnManaged({
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', 'apps/worker/src/main.ts'],
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MONGODB_URI: mongoUri,
      REDIS_URL: services.redisUrl,
      FIXSTREAM_KEY_PREFIX: prefix,
      MAIL_HOST: services.smtp.host,
      MAIL_PORT: String(services.smtp.port),
      MAIL_FROM: 'fixstream <noreply@acme.test>',
      WORKER_METRICS_PORT: String(port),
      WORKER_METRICS_HOST: '127.0.0.1',
    },
    quiet: true,
    onLine: (line) => {
      if (line.includes('"worker running"')) running = true;
    },
  });
  await waitFor(
    () => {
      if (!worker.running()) throw new Error(`the worker exited:\n${worker.recentOutput()}`);
      return running;
    },
    'the worker to run',
    { timeoutMs: 60_000 },
  );
});
afterAll(async () => {
  await worker?.stop();
  redis?.disconnect();
  await db?.connection.dropDatabase();
  await db?.close();
});

async function scrape() {
  const response = await fetch(`${metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

describe('the worker metrics port', () => {
  it('counts the run, its duration and its SMTP send, and shows the group lag and pending', async () => {
    // A domain of its own: the mail sink is shared by every test of the run.
    const company = await createCompany(db, {
      technicians: [{ name: 'Tara' }],
      emailDomain: `metrics-${randomUUID()}.example`,
    });
    const [tech] = company.technicians as [FixturePerson];
    const request = await createRequest(db, company, { assignedTechnicianId: tech.id });
    const event = requestCreated.create({
      requestId: request.id,
      companyId: company.companyId,
      type: 'corrective',
      assignedTechnicianId: tech.id,
      requestedById: company.employee.id,
    });
    await createPublisher({ redis, prefix }).publish(event);
    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    await sink.waitFor((mails) => mails, { to: tech.email });

    const succeeded = { function: fn, outcome: 'succeeded' };
    let samples = await scrape();
    await waitFor(async () => {
      samples = await scrape();
      return (sampleValue(samples, 'fixstream_runs_total', succeeded) ?? 0) >= 1;
    }, 'the run counted as succeeded');
    expect(sampleValue(samples, 'fixstream_runs_total', succeeded)).toBe(1);
    expect(sampleValue(samples, 'fixstream_run_duration_seconds_count', { function: fn })).toBe(1);
    expect(sampleValue(samples, 'fixstream_mail_send_duration_seconds_count', { result: 'sent' })).toBe(1);

    const group = { event: requestCreated.name, group: fn };
    expect(sampleValue(samples, 'fixstream_stream_lag', group)).toBe(0);
    expect(sampleValue(samples, 'fixstream_stream_pending', group)).toBe(0);
    expect(sampleValue(samples, 'fixstream_dead_letter_stream_length', { function: fn })).toBe(0);
    expect(sampleValue(samples, 'fixstream_timers_waiting', { event: requestCreated.name })).toBe(0);
    expect(sampleValue(samples, 'fixstream_stream_state_up')).toBe(1);
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('serves /metrics and nothing else', async () => {
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(404);
  });
});

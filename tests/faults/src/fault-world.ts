import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type RouterOutputs } from '@fixstream/client';
import { connectDatabase, type Database } from '@fixstream/db';
import {
  mongoUriFor,
  type RedisService,
  type SmtpSink,
  type StoredMail,
  startRedis,
  startSmtpSink,
} from '@fixstream/dev-services';
import {
  decodeEntry,
  type EventEnvelope,
  type EventOf,
  type RedisConnection,
  requestCreated,
} from '@fixstream/events';
import { type CompanyFixture, createCompany, waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import { type AppProcess, startApp, stopApp } from './processes.ts';

/** Fault tests wait for real recoveries (leases, reclaim, backoff) with hundreds of mails: give them time. */
export const faultTestTimeout = 330_000;

/**
 * The Redis deployments a fault test can run on, with how many events a test uses for a count it is written for.
 * The tests are bound by the CPU each mail costs, not by Redis, so on the cluster a tenth of the events (still
 * more than a worker holds at once) exercises the same takeovers and shutdowns for a tenth of the time.
 */
export const faultRedisFlavours = [
  { redis: 'single Redis', eventsFor: (count: number) => count },
  { redis: 'Redis Cluster', eventsFor: (count: number) => Math.round(count / 10) },
] as const;
export type FaultRedis = (typeof faultRedisFlavours)[number]['redis'];

/**
 * The fault tests' worker settings: retries within seconds, entries of a dead worker taken over after 1.5 s, the
 * relay every 200 ms, so that recoveries fit in a test. 16 runs and 16 SMTP connections per worker.
 */
const faultTuning: Record<string, string> = {
  MAIL_POOL_SIZE: '16',
  WORKER_CONCURRENCY: '16',
  WORKER_RETRIES: '4',
  WORKER_RETRY_DELAY_MS: '200',
  WORKER_RETRY_FACTOR: '2',
  WORKER_RETRY_MAX_DELAY_MS: '2000',
  WORKER_TIMEOUT_MS: '5000',
  WORKER_RECLAIM_IDLE_MS: '1500',
  WORKER_SHUTDOWN_TIMEOUT_MS: '15000',
  RELAY_INTERVAL_MS: '200',
};

const mailDomain = 'faults.test';
/** The function that mails a new request: the one whose runs the fault tests count. */
export const functionId = 'send-request-notification';
/**
 * The results of that function's runs: the worker runs other functions on the same events too (the webhook
 * fan-outs), so counts of results are of these.
 */
export const mailRuns = { _id: { $regex: `\\.${functionId}$` } };

/**
 * A world of its own for one fault test: a Redis and an SMTP sink that the test may stop, wipe and restart, a
 * fresh database on the suite's MongoDB-wire server, demo data, and worker processes started like production.
 * On a Redis Cluster the world shares the suite's cluster under its own key prefix, which it cannot stop.
 */
export interface FaultWorld {
  db: Database;
  /** The company the requests belong to: an employee (`rita`), five technicians on one team, one boiler. */
  company: CompanyFixture;
  redis: RedisConnection;
  prefix: string;
  sink(): SmtpSink;
  /** The apps' environment: the world's services, the fault tests' quick settings (`faultTuning`), then `extra`. */
  appEnv(extra?: Record<string, string>): Record<string, string>;
  /**
   * Starts a worker process like production, on `appEnv(extra)`; with `tuning` 'production', on the world's
   * services and `extra` only, so every other setting is the worker's own default.
   */
  startWorker(
    name: string,
    extra?: Record<string, string>,
    tuning?: 'faults' | 'production',
  ): Promise<AppProcess>;
  startApi(port: number): Promise<AppProcess>;
  /** The world's own API process, started on first use with an employee signed in; the same one every time. */
  api(): Promise<ApiSession>;
  /**
   * Creates requests through the world's API, as a user would, `createConcurrency` at a time: request `i` of the
   * call is assigned to technician `tech<i % 5>`. Resolves, in that order, with the event each request's document
   * holds in its outbox, where the API wrote it with the request (nothing else writes requests).
   */
  createRequests(count: number): Promise<EventOf<typeof requestCreated>[]>;
  stopRedis(): Promise<void>;
  /** On the same port; with the data it had when the world keeps its Redis persistent, empty otherwise. */
  startRedisAgain(): Promise<void>;
  stopSink(): Promise<void>;
  startSinkAgain(): Promise<void>;
  /** Every mail received so far, by all incarnations of the sink. */
  mails(): StoredMail[];
  /** How many mails arrived per Message-ID. */
  mailCounts(): Map<string, number>;
  messageIdOf(eventId: string): string;
  /** What the app processes printed (their last lines), for diagnosing a failure. */
  workerOutput(): string;
  /** Waits until each event has produced a mail; fails after the timeout saying how many are missing. */
  waitForMails(events: readonly EventEnvelope[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createFaultWorld}. */
export interface FaultWorldOptions {
  /** The world's Redis keeps its data in an append-only file, so `stopRedis` + `startRedisAgain` keep the data. */
  persistentRedis?: boolean;
}

export async function createFaultWorld(
  flavour: FaultRedis = 'single Redis',
  options: FaultWorldOptions = {},
): Promise<FaultWorld> {
  const services = inject('services');
  const dbName = `faults-${randomUUID()}`;
  const mongoUri = mongoUriFor(services.mongoUri, dbName);
  const db = await connectDatabase(mongoUri);
  const clusterNodes = flavour === 'Redis Cluster' ? inject('redisClusterNodes') : null;
  const redisDir =
    options.persistentRedis && !clusterNodes ? await mkdtemp(join(tmpdir(), 'fixstream-fault-redis-')) : null;
  const redisOptions = () => (redisDir ? { dir: redisDir, persist: true, quiet: true } : { quiet: true });
  let redisService: RedisService | null = clusterNodes ? null : await startRedis(redisOptions());
  const privateRedis = (): RedisService => {
    if (!redisService) throw new Error("this world shares the suite's Redis Cluster; it cannot stop it");
    return redisService;
  };
  const redis: RedisConnection = clusterNodes
    ? new Cluster(clusterNodes)
    : new Redis(privateRedis().url, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const redisEnv = (): Record<string, string> =>
    clusterNodes
      ? { REDIS_CLUSTER_NODES: clusterNodes.map((node) => `${node.host}:${node.port}`).join(',') }
      : { REDIS_URL: privateRedis().url, REDIS_CLUSTER_NODES: '' };
  let sink = await startSmtpSink({ quiet: true, maxMessages: 20_000 });
  const smtpPort = sink.smtpPort;
  const earlierMails: StoredMail[] = [];
  const prefix = `faults:${randomUUID()}:`;
  const jwtSecret = randomBytes(48).toString('base64');
  const apps: AppProcess[] = [];
  const company = await createCompany(db, {
    emailDomain: mailDomain,
    employee: { key: 'rita', name: 'Rita Requester' },
    technicians: [0, 1, 2, 3, 4].map((i) => ({ key: `tech${i}`, name: `Tech ${i}` })),
    teamName: 'Everyone',
    equipment: [
      { name: 'Boiler B-2', serialNumber: 'BOIL-0002', location: 'Basement', defaultTechnician: null },
    ],
  });
  let apiSession: Promise<ApiSession> | null = null;
  let created = 0;

  /** Where everything is, and nothing else: the apps' own defaults apply to every other setting. */
  const connectionEnv = (): Record<string, string> => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    MONGODB_URI: mongoUri,
    ...redisEnv(),
    FIXSTREAM_KEY_PREFIX: prefix,
    MAIL_HOST: sink.host,
    MAIL_PORT: String(smtpPort),
    MAIL_FROM: `fixstream <noreply@${mailDomain}>`,
    JWT_SECRET: jwtSecret,
    BCRYPT_ROUNDS: '4',
    // One person creates every request of a fault run, far faster than any person would.
    RATE_LIMIT_CREATES_PER_MINUTE: '100000',
    RATE_LIMIT_READS_PER_MINUTE: '100000',
  });
  const appEnv = (extra: Record<string, string> = {}) => ({ ...connectionEnv(), ...faultTuning, ...extra });
  const mails = () => [...earlierMails, ...sink.messages()];

  const world: FaultWorld = {
    db,
    company,
    redis,
    prefix,
    sink: () => sink,
    appEnv,
    async startWorker(name, extra = {}, tuning = 'faults') {
      const env = tuning === 'faults' ? appEnv(extra) : { ...connectionEnv(), ...extra };
      const app = startApp('worker', name, env);
      apps.push(app);
      await app.waitForLine(/worker running/);
      return app;
    },
    async startApi(port) {
      const app = startApp('api', 'api', appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1' }));
      apps.push(app);
      await app.waitForLine(/API listening/);
      return app;
    },
    api() {
      apiSession ??= (async () => {
        const port = await getPort();
        await world.startApi(port);
        return { port, ...(await loginToApi(world, port)) };
      })();
      return apiSession;
    },
    async createRequests(count) {
      const { createRequest } = await world.api();
      const first = created;
      created += count;
      const requests = await mapConcurrently(count, createConcurrency, (i) =>
        createRequest(i, {
          subject: `Fault test request ${first + i}`,
          type: i % 2 ? 'preventive' : 'corrective',
        }),
      );
      return eventsOfRequests(world, requests);
    },
    async stopRedis() {
      await privateRedis().stop();
    },
    async startRedisAgain() {
      redisService = await startRedis({ ...redisOptions(), port: privateRedis().port });
    },
    async stopSink() {
      earlierMails.push(...sink.messages());
      await sink.stop();
    },
    async startSinkAgain() {
      sink = await startSmtpSink({ quiet: true, smtpPort, maxMessages: 20_000 });
    },
    mails,
    mailCounts() {
      const counts = new Map<string, number>();
      for (const mail of mails())
        if (mail.messageId) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
      return counts;
    },
    messageIdOf: (eventId) => `<${eventId}.${functionId}@${mailDomain}>`,
    workerOutput: () => apps.map((app) => `--- ${app.name}\n${app.output()}`).join('\n'),
    async waitForMails(events, timeoutMs = mailWaitMs) {
      const missing = () => {
        const counts = world.mailCounts();
        return events.filter((event) => !counts.has(world.messageIdOf(event.id)));
      };
      await waitFor(
        () => missing().length === 0,
        () => `${events.length - missing().length} of ${events.length} mails\n${world.workerOutput()}`,
        { timeoutMs, intervalMs: 100 },
      );
    },
    async close() {
      await Promise.all(apps.map((app) => stopApp(app, 5_000)));
      redis.disconnect();
      await Promise.all([redisService?.stop(), sink.stop()]);
      if (redisDir) await rm(redisDir, { recursive: true, force: true });
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
  return world;
}

/** Fault tests wait for real recoveries: longer than the shared default, checked a little less often. */
export const faultWait = { timeoutMs: 60_000, intervalMs: 50 };

/**
 * How long a test waits for every mail after a fault ends. Recovery is eventual, not timed: on a 2-core machine
 * running the other test files beside it, the last mails of a Redis outage took more than 90 s once the worker ran
 * a dozen functions, alone about 20 s; the test's own timeout (`faultTestTimeout`) still bounds it.
 */
export const mailWaitMs = 180_000;

/** What the API answers to `requests.create`. */
export type CreatedRequest = RouterOutputs['requests']['create'];

/** An API process of the world on `port`, with an employee signed in. */
export interface ApiSession {
  port: number;
  /**
   * Creates request number `i` (its subject says which, unless `fields` give one), assigned to technician
   * `tech<i % 5>`, and resolves with what the API answered.
   */
  createRequest(
    i: number,
    fields?: { subject?: string; type?: 'corrective' | 'preventive' },
  ): Promise<CreatedRequest>;
}

/** An employee of the world's company logged in to the API on `port`, creating requests through tRPC. */
export async function loginToApi(world: FaultWorld, port: number): Promise<Omit<ApiSession, 'port'>> {
  const { employee, team, equipment } = world.company;
  const boiler = equipment[0];
  if (!boiler) throw new Error('the fault world has no equipment');
  let token: string | null = null;
  const client = createClient({ url: `http://127.0.0.1:${port}/trpc`, token: () => token });
  token = (await client.auth.login.mutate({ email: employee.email, password: employee.password })).token;
  return {
    createRequest: (i, fields = {}) =>
      client.requests.create.mutate({
        subject: fields.subject ?? `Outage request ${i}`,
        type: fields.type ?? 'corrective',
        equipment: boiler.id,
        maintenanceTeam: team.id,
        assignedTechnician: team.memberIds[i % team.memberIds.length] as string,
      }),
  };
}

/** Requests in flight at once when a test creates many: HTTP round trips overlap, and the API stays the bottleneck. */
const createConcurrency = 32;

/** Calls `task(0)` … `task(count - 1)`, at most `limit` at a time; resolves with the results in index order. */
async function mapConcurrently<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}

/**
 * The `maintenance/request.created` event of each request, read from the request's outbox, where the API wrote it
 * in the same write as the request (read only: the relay never writes requests, and nothing here updates them).
 * Each outbox must hold exactly one valid event, about that request and its technician.
 */
async function eventsOfRequests(
  world: FaultWorld,
  requests: readonly CreatedRequest[],
): Promise<EventOf<typeof requestCreated>[]> {
  const outboxes = new Map<string, unknown[]>();
  for (let i = 0; i < requests.length; i += 500) {
    const ids = requests.slice(i, i + 500).map((request) => request.id);
    const docs = await world.db.models.Request.find({ _id: { $in: ids } }, { outbox: 1 }).lean();
    for (const doc of docs) outboxes.set(doc._id.toString(), doc.outbox);
  }
  return requests.map((request) => {
    const outbox = outboxes.get(request.id) ?? [];
    if (outbox.length !== 1)
      throw new Error(`request ${request.id} holds ${outbox.length} events in its outbox, not 1`);
    const event = requestCreated.envelope.parse(outbox[0]);
    if (
      event.data.requestId !== request.id ||
      event.data.assignedTechnicianId !== request.assignedTechnician ||
      event.data.type !== request.type
    )
      throw new Error(
        `the outbox of request ${request.id} holds another request's event: ${JSON.stringify(event)}`,
      );
    return event;
  });
}

/**
 * Creates requests through the API before Redis stops, while it is stopped and after it started again, one at a
 * time while it is away; resolves with the ids of all of them.
 */
export async function createRequestsAcrossRedisRestart(
  world: FaultWorld,
  createRequest: (i: number) => Promise<{ id: string }>,
  counts: { before: number; during: number; after: number },
): Promise<string[]> {
  const { before, during, after } = counts;
  const created = await Promise.all(Array.from({ length: before }, (_, i) => createRequest(i)));
  await world.stopRedis();
  for (let i = before; i < before + during; i++) created.push(await createRequest(i));
  await world.startRedisAgain();
  const start = before + during;
  created.push(...(await Promise.all(Array.from({ length: after }, (_, i) => createRequest(start + i)))));
  return created.map((request) => request.id);
}

/**
 * The event id of each entry of a stream, sorted, with ` (copy)` after the id of a copy published again (by the
 * relay or an operator) and `undecodable` for an entry that is no event.
 */
export async function streamEventIds(world: FaultWorld, stream: string): Promise<string[]> {
  const entries = await world.redis.xrange(stream, '-', '+');
  return entries
    .map(([, fields]) => {
      const entry = decodeEntry(fields);
      if (!entry.ok) return 'undecodable';
      return `${String(entry.event.id)}${entry.republished ? ' (copy)' : ''}`;
    })
    .sort();
}

/** How many mails arrived per subject. */
export function countBySubject(world: FaultWorld): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of world.mails()) counts.set(mail.subject ?? '', (counts.get(mail.subject ?? '') ?? 0) + 1);
  return counts;
}

/** Waits until a mail names each request; fails after the timeout saying how many are missing. */
export async function waitForRequestMails(
  world: FaultWorld,
  requestIds: string[],
  timeoutMs = mailWaitMs,
): Promise<void> {
  const missing = () =>
    requestIds.filter((id) => !world.mails().some((mail) => (mail.text ?? '').includes(id)));
  await waitFor(
    () => missing().length === 0,
    () => `${missing().length} of ${requestIds.length} request mails`,
    { ...faultWait, timeoutMs },
  );
}

/** Waits until no event is owed any more: every function has a final result for every event. */
export async function waitForOutboxesCleared(world: FaultWorld, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await world.db.storage.owedRows.countDocuments()) === 0, 'outboxes cleared', {
    ...faultWait,
    timeoutMs,
  });
}

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@fixstream/client';
import { connectDatabase, type Database, requestOutboxRef } from '@fixstream/db';
import {
  mongoUriFor,
  type RedisService,
  type SmtpSink,
  type StoredMail,
  startRedis,
  startSmtpSink,
} from '@fixstream/dev-services';
import {
  createPublisher,
  type EventEnvelope,
  type EventOf,
  type RedisConnection,
  requestCreated,
} from '@fixstream/events';
import { createOutbox, owedBy } from '@fixstream/run-storage';
import { Cluster, Redis } from 'ioredis';
import { Types } from 'mongoose';
import { inject } from 'vitest';
import { type AppProcess, startApp, stopApp } from './processes.ts';

/** Fault tests wait for real recoveries (leases, reclaim, backoff) with hundreds of mails: give them time. */
export const faultTestTimeout = 240_000;

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

const mailDomain = 'faults.test';
/** The function that mails a new request: the one whose runs the fault tests count. */
export const functionId = 'send-request-notification';

/**
 * A world of its own for one fault test: a Redis and an SMTP sink that the test may stop, wipe and restart, a
 * fresh database on the suite's MongoDB-wire server, demo data, and worker processes started like production.
 * On a Redis Cluster the world shares the suite's cluster under its own key prefix, which it cannot stop.
 */
export interface FaultWorld {
  db: Database;
  redis: RedisConnection;
  prefix: string;
  sink(): SmtpSink;
  appEnv(extra?: Record<string, string>): Record<string, string>;
  startWorker(name: string, extra?: Record<string, string>): Promise<AppProcess>;
  startApi(port: number): Promise<AppProcess>;
  /** Writes requests with their owed events exactly as the API does, and publishes them unless told not to. */
  createRequests(
    count: number,
    options?: { publish?: boolean; dueInMs?: number },
  ): Promise<EventOf<typeof requestCreated>[]>;
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
  const apps: AppProcess[] = [];
  const fixture = await createFixture(db);
  const publisher = createPublisher({ redis, prefix });

  const appEnv = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    MONGODB_URI: mongoUri,
    ...redisEnv(),
    FIXSTREAM_KEY_PREFIX: prefix,
    MAIL_HOST: sink.host,
    MAIL_PORT: String(smtpPort),
    MAIL_FROM: `fixstream <noreply@${mailDomain}>`,
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
    JWT_SECRET: 'fault-tests-secret-0123456789',
    BCRYPT_ROUNDS: '4',
    ...extra,
  });
  const mails = () => [...earlierMails, ...sink.messages()];

  const world: FaultWorld = {
    db,
    redis,
    prefix,
    sink: () => sink,
    appEnv,
    async startWorker(name, extra) {
      const app = startApp('worker', name, appEnv(extra));
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
    async createRequests(count, options = {}) {
      const due = new Date(Date.now() + (options.dueInMs ?? 10_000));
      const docs = Array.from({ length: count }, (_, i) => {
        const _id = new Types.ObjectId();
        const technician = fixture.technicians[i % fixture.technicians.length] as Types.ObjectId;
        const event = requestCreated.create({
          requestId: _id.toString(),
          companyId: fixture.companyId.toString(),
          type: i % 2 ? 'preventive' : 'corrective',
          assignedTechnicianId: technician.toString(),
          requestedById: fixture.requesterId.toString(),
        });
        return {
          event,
          doc: {
            _id,
            subject: `Fault test request ${i}`,
            type: event.data.type,
            status: 'new',
            priority: 1,
            equipment: fixture.equipmentId,
            maintenanceTeam: fixture.teamId,
            assignedTechnician: technician,
            requestedBy: fixture.requesterId,
            company: fixture.companyId,
            outbox: [event],
            revision: 0,
          },
        };
      });
      await createOutbox(db.storage).write(
        docs.flatMap((d) => owedBy(requestOutboxRef(d.doc._id.toString()), [d.event])),
        () => db.models.Request.insertMany(docs.map((d) => d.doc)),
        { publish: false, dueAt: due },
      );
      const events = docs.map((d) => d.event);
      if (options.publish ?? true) {
        for (let i = 0; i < events.length; i += 500) await publisher.publishMany(events.slice(i, i + 500));
      }
      return events;
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
    async waitForMails(events, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = world.mailCounts();
        const missing = events.filter((event) => !counts.has(world.messageIdOf(event.id)));
        if (missing.length === 0) return;
        if (Date.now() > deadline) {
          const logs = apps.map((app) => `--- ${app.name}\n${app.output()}`).join('\n');
          throw new Error(
            `${missing.length} of ${events.length} mails missing after ${timeoutMs} ms\n${logs}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
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

async function createFixture(db: Database) {
  const { Company, User, Team, Equipment } = db.models;
  const company = await Company.create({ name: `Faults ${randomUUID().slice(0, 8)}` });
  const users = await User.insertMany(
    [
      ...Array.from({ length: 5 }, (_, i) => ({
        name: `Tech ${i}`,
        email: `tech${i}@faults.test`,
        role: 'technician',
      })),
      { name: 'Rita Requester', email: 'rita@faults.test', role: 'employee' },
    ].map((user) => ({ ...user, company: company._id, passwordHash: 'not-used' })),
  );
  const technicians = users.slice(0, 5).map((user) => user._id);
  const requester = users[5];
  if (!requester) throw new Error('fixture has no requester');
  const team = await Team.create({ name: 'Everyone', company: company._id, members: technicians });
  const equipment = await Equipment.create({
    name: 'Boiler B-2',
    serialNumber: 'BOIL-0002',
    location: 'Basement',
    company: company._id,
    team: team._id,
  });
  return {
    companyId: company._id,
    technicians,
    requesterId: requester._id,
    teamId: team._id,
    equipmentId: equipment._id,
  };
}

/**
 * Polls until the condition holds; fault tests wait for conditions, never for fixed sleeps. `what` may be a
 * function, to describe the state at the moment of a timeout.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An employee of the world's company logged in to the API on `port`, creating requests through tRPC. */
export async function loginToApi(world: FaultWorld, port: number) {
  const { User, Team, Equipment } = world.db.models;
  const [employee, team, equipment] = await Promise.all([
    User.findOne({ role: 'employee' }).lean(),
    Team.findOne().lean(),
    Equipment.findOne().lean(),
  ]);
  if (!employee || !team || !equipment) throw new Error('fixture missing');
  const bcrypt = await import('bcryptjs');
  await User.updateOne(
    { _id: employee._id },
    { passwordHash: await bcrypt.default.hash('employee-pass', 4) },
  );
  let token: string | null = null;
  const client = createClient({ url: `http://127.0.0.1:${port}/trpc`, token: () => token });
  token = (await client.auth.login.mutate({ email: employee.email, password: 'employee-pass' })).token;
  return {
    /** Creates request number `i` (its subject says which) and resolves with what the API answered. */
    createRequest: (i: number) =>
      client.requests.create.mutate({
        subject: `Outage request ${i}`,
        type: 'corrective',
        equipment: equipment._id.toString(),
        maintenanceTeam: team._id.toString(),
        assignedTechnician: (team.members[i % team.members.length] as object).toString(),
      }),
  };
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
  timeoutMs = 90_000,
): Promise<void> {
  const missing = () =>
    requestIds.filter((id) => !world.mails().some((mail) => (mail.text ?? '').includes(id)));
  await waitFor(
    () => missing().length === 0,
    () => `${missing().length} of ${requestIds.length} request mails`,
    timeoutMs,
  );
}

/** Waits until no event is owed any more: every function has a final result for every event. */
export async function waitForOutboxesCleared(world: FaultWorld, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => (await world.db.storage.owedRows.countDocuments()) === 0,
    'outboxes cleared',
    timeoutMs,
  );
}

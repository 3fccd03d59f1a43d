import { fileURLToPath } from 'node:url';
import { connectDatabase, type Database } from '@fixstream/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { BullmqWorkerConfig } from '../bus/bullmq-worker.child.ts';
import { startBusWorkers } from '../bus/bus-workers.ts';
import { type AppProcess, startApp } from '../proc/app-process.ts';
import { isMessage } from '../proc/child-ipc.ts';
import { type NodeChild, startNodeChild } from '../proc/node-child.ts';
import { type BenchContext, baseAppEnv, benchMailDomain, benchMailFrom } from '../run/bench-context.ts';
import { benchPublisher } from '../seedflow/seedflow-keys.ts';
import { insertBenchRequests, workerMessageId } from '../services/request-fixture.ts';
import { type RequestParties, requestParties, seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf, ratioFigure } from '../stats/figure.ts';
import { limitMailProps } from './limit-props.ts';
import { mailRound } from './mail-round.ts';
import type { RenderSendConfig } from './render-send.child.ts';

/** Who sends in an email round. `worker` is apps/worker as deployed; `limit` has no queue and no database. */
export type EmailVariant = 'worker' | 'limit' | 'bullmq' | 'seedflow';

export interface EmailFigures {
  mails: number;
  concurrency: number;
  poolSize: number;
  rates: Partial<Record<EmailVariant, Figure>>;
  ratioVsLimit: Figure;
  ratioVsBullmq: Figure;
}

interface Round {
  variant: EmailVariant;
  /** The processes of this variant: paused while another variant's round runs. */
  processes: { pause(): void; resume(): void }[];
  run(count: number, tag: string): Promise<number>;
}

/**
 * Mails per second: the full worker (load the request, render, pooled SMTP, ledger) draining a backlog, the
 * same handler under BullMQ, the seed-flow worker, and render + send in a tight loop — all to the same sink,
 * with the same concurrency and SMTP pool size, taking turns round by round.
 */
export async function runEmailBench(ctx: BenchContext): Promise<EmailFigures> {
  const { plan } = ctx;
  const stamp = Date.now();
  const redis = new Redis(ctx.services.redisUrl, { maxRetriesPerRequest: null });
  const tuning = {
    WORKER_CONCURRENCY: String(plan.email.concurrency),
    MAIL_POOL_SIZE: String(plan.email.poolSize),
  };
  const stoppers: (() => Promise<void>)[] = [];
  const databases: Database[] = [];
  const rounds: Round[] = [];
  const samples = new Map<EmailVariant, number[]>();
  const timeoutMs = Math.max(60_000, plan.email.mails * 200);
  try {
    const names: EmailVariant[] = ['worker', 'bullmq', ...(ctx.seedflowRoot ? (['seedflow'] as const) : [])];
    const seeded = await Promise.all(
      names.map(async (variant) => {
        const uri = ctx.services.databaseUri(`bench-email-${variant}-${stamp}`);
        const seed = await seedDatabase(ctx.repoRoot, uri);
        const db = await connectDatabase(uri);
        databases.push(db);
        return { variant, uri, seed, db, parties: requestParties(seed) };
      }),
    );
    for (const { variant, uri, db, parties } of seeded) {
      const prefix = `bench:email:${stamp}:${variant}:`;
      if (variant === 'bullmq') {
        rounds.push(await bullmqRound(ctx, { uri, db, parties, prefix, redis, stoppers, timeoutMs }));
        continue;
      }
      const root = variant === 'seedflow' ? (ctx.seedflowRoot as string) : ctx.repoRoot;
      const app: AppProcess = await startApp({
        app: 'worker',
        name: `worker-${variant}`,
        root,
        env: { ...baseAppEnv(ctx, { mongoUri: uri, prefix }), ...tuning },
        readyLine: /worker running/,
        sources: variant === 'seedflow',
        nodeArgs: variant === 'worker' ? ctx.appNodeArgs : [],
      });
      if (variant === 'worker') ctx.rss.watch('worker', app.pid);
      stoppers.push(async () => {
        if (variant === 'worker') await ctx.rss.release(app.pid);
        await app.stop();
      });
      const publisher = benchPublisher(variant === 'seedflow' ? 'seedflow' : 'current', redis, prefix);
      rounds.push({
        variant,
        processes: [app],
        async run(count, tag) {
          const events = await insertBenchRequests(db, parties, count, tag);
          return mailRound({
            sink: ctx.services.sink,
            messageIds: events.map((event) => workerMessageId(event, benchMailDomain)),
            timeoutMs,
            start: async () => {
              for (let i = 0; i < events.length; i += 1_000)
                await publisher.publishMany(events.slice(i, i + 1_000));
            },
          });
        },
      });
    }
    rounds.push(await limitRound(ctx, seeded[0]?.seed, stoppers, timeoutMs));

    // Only the variant whose turn it is runs: the others are paused, so the worker's relay (a scan of the
    // requests collection every second on FerretDB) cannot slow down the BullMQ or limit rounds, nor they it.
    const only = (active: Round) => {
      for (const round of rounds)
        for (const process of round.processes) round === active ? process.resume() : process.pause();
    };
    for (const round of rounds) {
      only(round);
      await round.run(plan.email.warmupMails, `bench-warmup-${round.variant}`);
    }
    for (let r = 0; r < ctx.rounds; r++) {
      for (const round of [...rounds.slice(r % rounds.length), ...rounds.slice(0, r % rounds.length)]) {
        only(round);
        const perSec = await round.run(plan.email.mails, `bench-email-${round.variant}-${r}`);
        samples.set(round.variant, [...(samples.get(round.variant) ?? []), perSec]);
        ctx.log(`email ${round.variant} round ${r + 1}: ${perSec.toFixed(1)} mails/s`);
      }
    }
  } finally {
    await Promise.allSettled(stoppers.map((stop) => stop()));
    await Promise.allSettled(databases.map((db) => db.close()));
    redis.disconnect();
  }
  const runs = (variant: EmailVariant) => samples.get(variant) ?? [];
  const rates: EmailFigures['rates'] = {};
  for (const [variant, list] of samples) rates[variant] = figureOf(list, 'mails/s');
  return {
    mails: plan.email.mails,
    concurrency: plan.email.concurrency,
    poolSize: plan.email.poolSize,
    rates,
    ratioVsLimit: ratioFigure(runs('worker'), runs('limit')),
    ratioVsBullmq: ratioFigure(runs('worker'), runs('bullmq')),
  };
}

async function bullmqRound(
  ctx: BenchContext,
  setup: {
    uri: string;
    db: Database;
    parties: RequestParties;
    prefix: string;
    redis: Redis;
    stoppers: (() => Promise<void>)[];
    timeoutMs: number;
  },
): Promise<Round> {
  const config: BullmqWorkerConfig = {
    redisUrl: ctx.services.redisUrl,
    queue: 'bench-mail',
    prefix: setup.prefix,
    concurrency: ctx.plan.email.concurrency,
    mail: {
      mongoUri: setup.uri,
      smtp: { host: ctx.services.sink.host, port: ctx.services.sink.port },
      from: benchMailFrom,
      poolSize: ctx.plan.email.poolSize,
    },
  };
  const [worker] = await startBusWorkers('email-bullmq', { kind: 'bullmq', config }, 1, ctx.repoRoot);
  const connection = setup.redis.duplicate();
  const queue = new Queue(config.queue, { connection, prefix: setup.prefix });
  setup.stoppers.push(async () => {
    await queue.close();
    connection.disconnect();
    await worker?.stop();
  });
  return {
    variant: 'bullmq',
    processes: worker ? [worker] : [],
    async run(count, tag) {
      const events = await insertBenchRequests(setup.db, setup.parties, count, tag);
      return mailRound({
        sink: ctx.services.sink,
        messageIds: events.map((event) => workerMessageId(event, benchMailDomain)),
        timeoutMs: setup.timeoutMs,
        start: () => Promise.all(events.map((event) => queue.add('mail', event, { removeOnComplete: true }))),
      });
    },
  };
}

async function limitRound(
  ctx: BenchContext,
  seed: Parameters<typeof limitMailProps>[0] | undefined,
  stoppers: (() => Promise<void>)[],
  timeoutMs: number,
): Promise<Round> {
  if (!seed) throw new Error('no seeded database for the limit props');
  const { to, props } = limitMailProps(seed);
  const config: RenderSendConfig = {
    smtp: { host: ctx.services.sink.host, port: ctx.services.sink.port },
    from: benchMailFrom,
    poolSize: ctx.plan.email.poolSize,
    concurrency: ctx.plan.email.concurrency,
    to,
    props,
  };
  const child: NodeChild = startNodeChild({
    name: 'render-send',
    entry: fileURLToPath(new URL('./render-send.child.ts', import.meta.url)),
    args: [JSON.stringify(config)],
    cwd: ctx.repoRoot,
  });
  stoppers.push(() => child.stop());
  await child.waitForMessage(isMessage('ready'));
  let sequence = 0;
  return {
    variant: 'limit',
    processes: [child],
    async run(count, tag) {
      const messageIds = Array.from(
        { length: count },
        (_, i) => `<limit-${++sequence}-${i}@${benchMailDomain}>`,
      );
      return mailRound({
        sink: ctx.services.sink,
        messageIds,
        timeoutMs,
        start: async () => {
          child.send({ type: 'run', tag, messageIds });
        },
      });
    },
  };
}

import { connectDatabase, type Database } from '@fixstream/db';
import { generateWebhookSecret, parseDestinationAllowlist } from '@fixstream/webhooks';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { type AppProcess, startApp } from '../proc/app-process.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import { benchPublisher } from '../seedflow/seedflow-keys.ts';
import { insertBenchRequests } from '../services/request-fixture.ts';
import { requestParties, seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf, ratioFigure } from '../stats/figure.ts';
import { nowMs } from '../stats/now-ms.ts';
import { BenchReceiver } from './bench-receiver.ts';
import { type Arrival, deliveryStats, sourceEventIdOf } from './delivery-stats.ts';
import { arrivalsOf, limitLoop } from './limit-loop.ts';
import { serverCounters } from './server-counters.ts';

/** One side at one endpoint count: medians over the rounds. */
export interface WebhookSide {
  throughputRps: Figure;
  p50Ms: Figure;
  p99Ms: Figure;
}

export interface WebhookFigures {
  /** Deliveries in flight per endpoint in the worker (WEBHOOK_CONCURRENCY_PER_ENDPOINT, the default 1). */
  concurrencyPerEndpoint: number;
  byEndpoints: {
    endpoints: number;
    deliveries: number;
    ours: WebhookSide;
    limit: WebhookSide;
    ratio: Figure;
    /**
     * Commands the servers processed per delivery during the worker's rounds, the bench's own left out: Redis
     * counts each command of a pipeline; MongoDB is null where the server reports no opcounters.
     */
    redisCommandsPerDelivery: Figure;
    mongoOpsPerDelivery: Figure | null;
  }[];
}

/** The per-endpoint concurrency the worker ships with, kept for the bench so the figure is what deploys. */
const concurrencyPerEndpoint = 1;

/**
 * Webhook deliveries per second at a local receiver: the worker end to end (`request.created` events published
 * on the request streams, fanned out to N endpoints, each delivered by `deliver-webhook`) against `deliverWebhook`
 * in a plain loop with as many deliveries in flight as the worker has in total, rounds alternating.
 */
export async function runWebhooksBench(ctx: BenchContext): Promise<WebhookFigures> {
  const { plan } = ctx;
  const stamp = Date.now();
  const secret = generateWebhookSecret();
  const receiver = new BenchReceiver(secret);
  const redis = new Redis(ctx.services.redisUrl, { maxRetriesPerRequest: null });
  let db: Database | null = null;
  let worker: AppProcess | null = null;
  const timeoutMs = Math.max(60_000, plan.webhooks.deliveries * 100);
  const result: WebhookFigures = { concurrencyPerEndpoint, byEndpoints: [] };
  try {
    const base = await receiver.start();
    const uri = ctx.services.databaseUri(`bench-webhooks-${stamp}`);
    const seed = await seedDatabase(ctx.repoRoot, uri);
    db = await connectDatabase(uri);
    const parties = requestParties(seed);
    const most = Math.max(...plan.webhooks.endpointCounts);
    const endpointIds = Array.from({ length: most }, () => new Types.ObjectId());
    const { WebhookEndpoint } = db.models;
    await WebhookEndpoint.insertMany(
      endpointIds.map((_id, i) => ({
        _id,
        company: seed.company.id,
        url: `${base}/hooks/${i}`,
        events: ['maintenance/request.created'],
        secret,
        enabled: false,
        enabledAt: new Date(),
      })),
    );
    const prefix = `bench:webhooks:${stamp}:`;
    worker = await startApp({
      app: 'worker',
      name: 'worker-webhooks',
      root: ctx.repoRoot,
      env: {
        ...baseAppEnv(ctx, { mongoUri: uri, prefix }),
        WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1',
        WEBHOOK_CONCURRENCY_PER_ENDPOINT: String(concurrencyPerEndpoint),
      },
      readyLine: /worker running/,
      nodeArgs: ctx.appNodeArgs,
    });
    ctx.rss.watch('worker', worker.pid);
    const publisher = benchPublisher('current', redis, prefix);
    const policy = { allowlist: parseDestinationAllowlist('127.0.0.1') };
    const app = worker;

    const counts = { redis: [] as number[], mongo: [] as number[] };
    const ours = async (endpoints: number, events: number, tag: string) => {
      app.resume();
      const requests = await insertBenchRequests(db as Database, parties, events, tag);
      const ids = new Set(requests.map((event) => event.id));
      receiver.reset((id) => ids.has(sourceEventIdOf(id)));
      const before = await serverCounters(redis, db as Database);
      const started = nowMs();
      await publisher.publishMany(requests);
      const received = await receiver.waitFor(events * endpoints, timeoutMs);
      const after = await serverCounters(redis, db as Database);
      const deliveries = events * endpoints;
      // The bench's own: one XADD per event and one INFO; one serverStatus.
      counts.redis.push((after.redis - before.redis - events - 1) / deliveries);
      if (after.mongo !== null && before.mongo !== null)
        counts.mongo.push((after.mongo - before.mongo - 1) / deliveries);
      const arrivals: Arrival[] = [...received.values()].map((at) => ({
        sentAt: started,
        receivedAt: at,
      }));
      return deliveryStats(started, arrivals);
    };
    const limit = async (endpoints: number, count: number, tag: string) => {
      app.pause();
      receiver.reset((id) => id.startsWith(`${tag}-`));
      const started = nowMs();
      const sentAt = await limitLoop({
        url: (i) => `${base}/hooks/${i % endpoints}`,
        secret,
        count,
        concurrency: endpoints * concurrencyPerEndpoint,
        tag,
        policy,
      });
      const received = await receiver.waitFor(count, timeoutMs);
      return deliveryStats(started, arrivalsOf(sentAt, received));
    };

    for (const endpoints of plan.webhooks.endpointCounts) {
      await WebhookEndpoint.updateMany({ company: seed.company.id }, { enabled: false });
      await WebhookEndpoint.updateMany({ _id: { $in: endpointIds.slice(0, endpoints) } }, { enabled: true });
      const events = Math.max(1, Math.round(plan.webhooks.deliveries / endpoints));
      const deliveries = events * endpoints;
      await ours(endpoints, Math.max(1, Math.round(events / 5)), `bench-webhooks-warmup-${endpoints}`);
      counts.redis = [];
      counts.mongo = [];
      const runs = {
        ours: [] as ReturnType<typeof deliveryStats>[],
        limit: [] as ReturnType<typeof deliveryStats>[],
      };
      for (let r = 0; r < plan.webhooks.rounds; r++) {
        const order = r % 2 === 0 ? (['ours', 'limit'] as const) : (['limit', 'ours'] as const);
        for (const side of order) {
          const tag = `bench-webhooks-${endpoints}-${side}-${r}`;
          const stats =
            side === 'ours' ? await ours(endpoints, events, tag) : await limit(endpoints, deliveries, tag);
          runs[side].push(stats);
          ctx.log(
            `webhooks ${endpoints} endpoint(s) ${side} round ${r + 1}: ${stats.throughputRps.toFixed(1)} deliveries/s, p50 ${stats.p50Ms.toFixed(1)} ms, p99 ${stats.p99Ms.toFixed(1)} ms`,
          );
        }
      }
      const side = (list: ReturnType<typeof deliveryStats>[]): WebhookSide => ({
        throughputRps: figureOf(
          list.map((s) => s.throughputRps),
          'deliveries/s',
        ),
        p50Ms: figureOf(
          list.map((s) => s.p50Ms),
          'ms',
        ),
        p99Ms: figureOf(
          list.map((s) => s.p99Ms),
          'ms',
        ),
      });
      result.byEndpoints.push({
        endpoints,
        deliveries,
        ours: side(runs.ours),
        limit: side(runs.limit),
        ratio: ratioFigure(
          runs.ours.map((s) => s.throughputRps),
          runs.limit.map((s) => s.throughputRps),
        ),
        redisCommandsPerDelivery: figureOf(counts.redis, 'commands/delivery'),
        mongoOpsPerDelivery: counts.mongo.length > 0 ? figureOf(counts.mongo, 'ops/delivery') : null,
      });
    }
    if (receiver.strays > 0)
      ctx.log(
        `webhooks: ${receiver.strays} deliveries of an earlier round came again (at least once), not counted`,
      );
    if (receiver.unverified > 0)
      throw new Error(`webhooks: ${receiver.unverified} deliveries failed to verify`);
  } finally {
    worker?.resume();
    if (worker) {
      await ctx.rss.release(worker.pid);
      await worker.stop();
    }
    await db?.close();
    redis.disconnect();
    await receiver.close();
  }
  return result;
}

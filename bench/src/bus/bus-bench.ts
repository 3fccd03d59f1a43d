import { requestCreated } from '@fixstream/events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { NodeChild } from '../proc/node-child.ts';
import type { BenchContext } from '../run/bench-context.ts';
import { benchPublisher, benchStream } from '../seedflow/seedflow-keys.ts';
import { noopEvents } from '../services/request-fixture.ts';
import { type Figure, figureOf, ratioFigure } from '../stats/figure.ts';
import { addAndDrain } from './bullmq-drain.ts';
import { type BusWorkerSpec, startBusWorkers } from './bus-workers.ts';
import type { RoundTrips } from './round-trip-counters.ts';
import { countedRound } from './round-trips.ts';
import { publishAndDrain, xaddCeiling } from './stream-drain.ts';

/** Who consumes in a bus round. `ours` is the real runtime with the MongoDB ledger. */
export type BusVariant = 'ours' | 'streamOnly' | 'bareGroup' | 'bullmq' | 'seedflow';

/** Events per second for each variant and worker-process count ("workers1", "workers3"). */
export type BusRates = Partial<Record<BusVariant, Record<string, Figure>>>;

export interface BusFigures {
  concurrency: number;
  events: number;
  rates: BusRates;
  xaddCeilingPerSec: Figure;
  ratioVsBullmq: Figure;
  ratioVsBullmqWorkers3: Figure;
  streamOnlyRatioVsBullmq: Figure;
  /** Round trips per event of the `ours` worker, 1 process, counted in it over the measured rounds. */
  mongoRoundTripsPerEvent?: Figure;
  redisRoundTripsPerEvent?: Figure;
}

const group = 'bench-noop';

/**
 * The no-op bus: publish → consumer group → no-op function → ack, for our runtime (with and without its
 * durable ledger), a bare consumer group, the seed-flow runtime and BullMQ, with 1 and 3 worker processes.
 * All variants of one process count run side by side and take turns round by round.
 */
export async function runBusBench(ctx: BenchContext): Promise<BusFigures> {
  const { plan } = ctx;
  const redis = new Redis(ctx.services.redisUrl, { maxRetriesPerRequest: null });
  const samples = new Map<string, number[]>();
  const record = (variant: BusVariant, workers: number, perSec: number) => {
    const key = `${variant}:${workers}`;
    samples.set(key, [...(samples.get(key) ?? []), perSec]);
    ctx.log(`bus ${variant} ×${workers}: ${perSec.toFixed(0)} events/s`);
  };
  const trips: RoundTrips[] = [];
  const stamp = Date.now();
  try {
    const xadd: number[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      xadd.push(await xaddCeiling(redis, `bench:xadd:${stamp}:`, noopEvents(plan.bus.xaddEvents)));
      ctx.log(`bus raw XADD: ${xadd.at(-1)?.toFixed(0)} entries/s`);
    }
    for (const workers of plan.bus.workerCounts) {
      const variants = busVariants(ctx, workers, stamp);
      const running: NodeChild[] = [];
      const queues: Queue[] = [];
      const connections: Redis[] = [];
      try {
        const rounds: {
          variant: BusVariant;
          run: (count: number) => Promise<number>;
          /** The one process whose round trips are counted. */
          counted?: NodeChild;
        }[] = [];
        const started = await Promise.all(
          variants.map((variant) =>
            startBusWorkers(`bus-${variant.name}`, variant.spec, workers, ctx.repoRoot),
          ),
        );
        running.push(...started.flat());
        for (const [i, variant] of variants.entries()) {
          if (variant.spec.kind === 'bullmq') {
            // BullMQ leaves a connection it was given open on close(): the bench closes it itself.
            const connection = redis.duplicate();
            const queue = new Queue(variant.spec.config.queue, {
              connection,
              prefix: variant.spec.config.prefix,
            });
            queues.push(queue);
            connections.push(connection);
            rounds.push({
              variant: variant.name,
              run: (count) => addAndDrain({ queue, payloads: noopEvents(count), timeoutMs: 300_000 }),
            });
          } else {
            rounds.push({
              variant: variant.name,
              counted:
                variant.spec.kind === 'runtime' && variant.spec.config.countRoundTrips
                  ? started[i]?.[0]
                  : undefined,
              run: (count) =>
                publishAndDrain({
                  redis,
                  publisher: benchPublisher(
                    variant.name === 'seedflow' ? 'seedflow' : 'current',
                    redis,
                    variant.prefix,
                  ),
                  stream: variant.stream,
                  group: variant.group,
                  events: noopEvents(count),
                  timeoutMs: 300_000,
                }),
            });
          }
        }
        // One short round each first: connections, JIT and FerretDB's first pages warm up unmeasured.
        for (const entry of rounds) await entry.run(Math.ceil(plan.bus.events / 10));
        for (let round = 0; round < ctx.rounds; round++) {
          const order = rotate(rounds, round);
          for (const entry of order) {
            if (!entry.counted) {
              record(entry.variant, workers, await entry.run(plan.bus.events));
              continue;
            }
            const counted = await countedRound(entry.counted, plan.bus.events, () =>
              entry.run(plan.bus.events),
            );
            record(entry.variant, workers, counted.perSec);
            trips.push(counted.perEvent);
            ctx.log(
              `bus ${entry.variant} ×${workers}: ${counted.perEvent.mongo.toFixed(3)} MongoDB and ${counted.perEvent.redis.toFixed(3)} Redis round trips per event`,
            );
          }
        }
      } finally {
        await Promise.all(queues.map((queue) => queue.close()));
        for (const connection of connections) connection.disconnect();
        await Promise.all(running.map((child) => child.stop()));
      }
    }
    const rate = (variant: BusVariant, workers: number) => samples.get(`${variant}:${workers}`) ?? [];
    const rates: BusRates = {};
    for (const [key, runs] of samples) {
      const [variant, workers] = key.split(':') as [BusVariant, string];
      rates[variant] = { ...rates[variant], [`workers${workers}`]: figureOf(runs, 'events/s') };
    }
    return {
      concurrency: plan.bus.concurrency,
      events: plan.bus.events,
      rates,
      xaddCeilingPerSec: figureOf(xadd, 'entries/s'),
      ratioVsBullmq: ratioFigure(rate('ours', 1), rate('bullmq', 1)),
      ratioVsBullmqWorkers3: ratioFigure(rate('ours', 3), rate('bullmq', 3)),
      streamOnlyRatioVsBullmq: ratioFigure(rate('streamOnly', 1), rate('bullmq', 1)),
      ...(trips.length > 0 && {
        mongoRoundTripsPerEvent: figureOf(
          trips.map((t) => t.mongo),
          'round trips/event',
        ),
        redisRoundTripsPerEvent: figureOf(
          trips.map((t) => t.redis),
          'round trips/event',
        ),
      }),
    };
  } finally {
    redis.disconnect();
  }
}

interface VariantSetup {
  name: BusVariant;
  spec: BusWorkerSpec;
  prefix: string;
  /** The stream its workers read. */
  stream: string;
  group: string;
}

function busVariants(ctx: BenchContext, workers: number, stamp: number): VariantSetup[] {
  const { redisUrl } = ctx.services;
  const concurrency = ctx.plan.bus.concurrency;
  const prefixOf = (name: string) => `bench:bus:${stamp}:${name}:${workers}:`;
  const streamOf = (name: BusVariant) =>
    benchStream(name === 'seedflow' ? 'seedflow' : 'current', prefixOf(name), requestCreated.name);
  const runtime = (name: BusVariant, root: string, ledger: 'mongo' | 'memory' | 'none'): VariantSetup => ({
    name,
    prefix: prefixOf(name),
    stream: streamOf(name),
    group,
    spec: {
      kind: 'runtime',
      config: {
        root,
        redisUrl,
        prefix: prefixOf(name),
        ledger,
        mongoUri: ledger === 'mongo' ? ctx.services.databaseUri(`bench-bus-${stamp}-${workers}`) : null,
        concurrency,
        countRoundTrips: name === 'ours' && workers === 1,
      },
    },
  });
  const variants: VariantSetup[] = [
    runtime('ours', ctx.repoRoot, 'mongo'),
    ...(workers === 1 || ctx.plan.bus.streamOnlyWorkers3
      ? [runtime('streamOnly', ctx.repoRoot, 'memory')]
      : []),
    {
      name: 'bullmq',
      prefix: prefixOf('bullmq'),
      stream: '',
      group: '',
      spec: {
        kind: 'bullmq',
        config: { redisUrl, queue: 'bench-noop', prefix: prefixOf('bullmq'), concurrency, mail: null },
      },
    },
  ];
  if (ctx.seedflowRoot) variants.push(runtime('seedflow', ctx.seedflowRoot, 'none'));
  if (workers === 1) {
    const prefix = prefixOf('bareGroup');
    variants.push({
      name: 'bareGroup',
      prefix,
      stream: streamOf('bareGroup'),
      group: 'bare',
      spec: {
        kind: 'bare',
        config: {
          redisUrl,
          stream: streamOf('bareGroup'),
          group: 'bare',
          batchSize: 100,
        },
      },
    });
  }
  return variants;
}

/** Round r starts with the r-th variant, so no variant always runs first (or right after the heaviest). */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

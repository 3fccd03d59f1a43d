import { hostname } from 'node:os';
import { type StreamKeys, streamKeys } from '../keys.ts';
import { createPublisher } from '../publisher.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { createRedisLease } from '../redis/redis-lease.ts';
import { CronScheduler } from './cron/cron-scheduler.ts';
import type { CronStore } from './cron/cron-store.ts';
import { SlotReleases } from './flow/slot-releases.ts';
import { type FunctionDefinition, valueAtPath } from './function.ts';
import { FunctionConsumer } from './function-consumer.ts';
import { LeaderDuties, type LeaderDutySettings, type LeaderSweep } from './leader-duties.ts';
import type { RunLedger } from './ledger.ts';
import { type RuntimeLogger, silentLogger } from './logger.ts';
import type { Lease, OutboxStore } from './outbox.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { guardedObserver, type RunObserver, silentObserver } from './run-observer.ts';
import type { StepStore } from './steps/step-store.ts';
import { TimerPump } from './timers/timer-pump.ts';

export interface FunctionWorkerOptions {
  redis: RedisConnection;
  /** Key prefix shared with the publisher (see `streamKeys`). */
  prefix: string;
  functions: readonly FunctionDefinition[];
  /** Runs each (event, function) once; see `RunLedger`. */
  ledger: RunLedger;
  /**
   * With a store, this worker also relays owed events and trims streams whenever it holds the relay's lease (in
   * Redis unless given).
   */
  outbox?: { store: OutboxStore; lease?: Lease };
  /**
   * Where schedule ticks are decided; needed (with `outbox`) when a function has a schedule. The lease holder
   * fires the ticks.
   */
  cron?: { store: CronStore };
  /** Where durable steps (`step.run`, `step.sleep`) are recorded; functions that use steps need it. */
  steps?: StepStore;
  /** How often this worker moves sleeping runs whose time has come back into their streams. Default 100 ms. */
  timerIntervalMs?: number;
  /** Consumer name inside each group; unique per process so XPENDING shows who holds what. */
  consumer?: string;
  /** Runs in flight per function. */
  concurrency?: number;
  /** Entries per function held waiting for a retry beyond those in flight; past it reading pauses. */
  retryBuffer?: number;
  /** Most entries fetched by one XREADGROUP. */
  batchSize?: number;
  /** How long one XREADGROUP blocks waiting for new entries. */
  blockMs?: number;
  /** Default retry policy; functions may override parts of it. */
  retries?: Partial<RetryPolicy>;
  /** Default run timeout. */
  timeoutMs?: number;
  /** A run started without a ledger claim (see `isSoleDelivery`) writes one after running this long. */
  claimAfterMs?: number;
  /**
   * A run waiting for a concurrency slot starts as soon as a run of its key announces it gave one back; it also asks
   * again on its own after this long (plus up to as much jitter), in case an announcement was lost or a slot expired.
   */
  slotRecheckMs?: number;
  /** Entries pending this long without a heartbeat (their consumer died) are taken over. */
  reclaimIdleMs?: number;
  reclaimIntervalMs?: number;
  /** How often a consumer renews the entries it holds; default a quarter of `reclaimIdleMs`. */
  heartbeatMs?: number;
  leaderDuties?: Partial<Omit<LeaderDutySettings, 'relay'>> & {
    relay?: Partial<LeaderDutySettings['relay']>;
    /** Started every `sweepIntervalMs` by the lease holder (retention of old records, say). */
    sweep?: LeaderSweep;
  };
  /** How long `close()` waits for in-flight runs before aborting them (they stay pending and are taken over). */
  shutdownTimeoutMs?: number;
  logger?: RuntimeLogger;
  /** Told how runs end (metrics); the runtime itself depends on no metrics library. */
  observer?: RunObserver;
}

/** Runs a set of functions against their streams. */
export interface FunctionWorker {
  readonly consumer: string;
  start(): Promise<void>;
  /** Stops reading, finishes in-flight runs, records and acks them. Safe to call more than once. */
  close(): Promise<void>;
  /** Runs one relay-and-trim pass now (tests; operators use `pnpm ops`). */
  maintain(): Promise<void>;
}

/**
 * Entries idle this long are taken over. Live holders renew theirs four times as often, so only a dead worker's
 * entries go idle: its runs start elsewhere within about 12 s (see docs/architecture.md, "Recovery").
 */
export const defaultReclaimIdleMs = 10_000;

/**
 * How long a run past its timeout (or aborted by a shutdown) may still settle before it is given up: longer than an
 * SMTP client's socket timeout (30 s), so a mail already handed to the server is answered, and recorded as what it
 * was, before anyone could run it again.
 */
export const defaultGraceMs = 35_000;

/** Runs that take longer than this are claimed in the ledger while they run; nearly all mails take far less. */
export const defaultClaimAfterMs = 1_000;

/** Beyond `claimAfterMs`, how long the relay allows a late claim to land (its write retries take 4.2 s). */
const unclaimedConfirmMarginMs = 9_000;

/**
 * Consumers idle this long with nothing pending are removed from their groups: mostly those of processes that
 * are gone; a live one is created again by its next read (see `removeIdleConsumers`).
 */
export const defaultIdleConsumerMs = 60 * 60_000;

export function createFunctionWorker(workerOptions: FunctionWorkerOptions): FunctionWorker {
  const observer = guardedObserver(
    workerOptions.observer ?? silentObserver,
    workerOptions.logger ?? silentLogger,
  );
  const options = { ...workerOptions, functions: withCancellers(workerOptions, observer) };
  const ids = new Set<string>();
  for (const fn of options.functions) {
    if (ids.has(fn.id)) throw new Error(`Two functions share the id "${fn.id}"`);
    ids.add(fn.id);
    if (fn.schedule && !(options.cron && options.outbox)) {
      throw new Error(`Function "${fn.id}" runs on a schedule: the worker needs a cron store and an outbox`);
    }
  }
  const logger = options.logger ?? silentLogger;
  const consumer =
    options.consumer ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const keys = streamKeys(options.prefix);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const reclaimIdleMs = options.reclaimIdleMs ?? defaultReclaimIdleMs;
  const concurrency = options.concurrency ?? 16;
  const settingsOf = (fn: FunctionDefinition) => {
    const fnTimeout = fn.timeoutMs ?? timeoutMs;
    return {
      policy: { ...defaultRetryPolicy, ...options.retries, ...fn.retries },
      timeoutMs: fnTimeout,
      graceMs: defaultGraceMs,
      claimAfterMs: options.claimAfterMs ?? defaultClaimAfterMs,
      slotRecheckMs: options.slotRecheckMs ?? 1_000,
    };
  };
  const slotReleases = options.functions.some((fn) => fn.concurrency)
    ? new SlotReleases({
        redis: options.redis,
        channel: keys.flowReleased,
        connectionName: `fixstream:${consumer}:flow-released`.replace(/\s/g, '_'),
      })
    : null;
  const consumers = options.functions.map(
    (fn) =>
      new FunctionConsumer({
        redis: options.redis,
        fn,
        keys,
        consumer,
        concurrency,
        retryBuffer: options.retryBuffer ?? concurrency * 4,
        batchSize: options.batchSize ?? 100,
        blockMs: options.blockMs ?? 5_000,
        ledger: options.ledger,
        steps: options.steps ?? null,
        settings: settingsOf(fn),
        reclaimIdleMs,
        reclaimIntervalMs: options.reclaimIntervalMs ?? Math.max(100, Math.floor(reclaimIdleMs / 4)),
        heartbeatMs: options.heartbeatMs ?? Math.max(50, Math.floor(reclaimIdleMs / 4)),
        logger,
        observer,
        slotReleases,
      }),
  );
  const longestRunMs = Math.max(
    0,
    ...options.functions.map((fn) => {
      const settings = settingsOf(fn);
      return settings.timeoutMs + settings.graceMs;
    }),
  );
  const timers = new TimerPump({
    redis: options.redis,
    keys,
    eventNames: [...new Set(options.functions.map((fn) => fn.event.name))],
    intervalMs: options.timerIntervalMs ?? 100,
    logger,
  });
  const leaderDuties = options.outbox
    ? createLeaderDuties(options, keys, consumer, logger, longestRunMs + reclaimIdleMs)
    : null;
  let closing: Promise<void> | null = null;
  return {
    consumer,
    async start() {
      if (closing) throw new Error('This worker was closed; create a new one');
      await slotReleases?.start();
      await Promise.all(consumers.map((c) => c.start()));
      leaderDuties?.start();
      if (options.steps) timers.start();
    },
    close() {
      closing ??= (async () => {
        await Promise.all([leaderDuties?.stop(), timers.stop()]);
        await Promise.all(consumers.map((c) => c.stop(options.shutdownTimeoutMs ?? 30_000)));
        slotReleases?.stop();
      })();
      return closing;
    },
    async maintain() {
      await leaderDuties?.tick();
    },
  };
}

function createLeaderDuties(
  options: FunctionWorkerOptions,
  keys: StreamKeys,
  consumer: string,
  logger: RuntimeLogger,
  confirmLostAfterMs: number,
): LeaderDuties | null {
  if (!options.outbox) return null;
  const subscriptions = new Map<string, string[]>();
  for (const fn of options.functions) {
    subscriptions.set(fn.event.name, [...(subscriptions.get(fn.event.name) ?? []), fn.id]);
  }
  const intervalMs = options.leaderDuties?.intervalMs ?? 1_000;
  return new LeaderDuties({
    deps: {
      store: options.outbox.store,
      ledger: options.ledger,
      redis: options.redis,
      keys,
      publisher: createPublisher({ redis: options.redis, prefix: options.prefix }),
      subscriptions,
      logger,
    },
    lease: options.outbox.lease ?? createRedisLease(options.redis, keys.lease('relay')),
    holder: consumer,
    streams: [...subscriptions.keys()].map((name) => keys.stream(name)),
    settings: {
      intervalMs,
      trimIntervalMs: options.leaderDuties?.trimIntervalMs ?? 30_000,
      leaseTtlMs: options.leaderDuties?.leaseTtlMs ?? Math.max(5_000, intervalMs * 5),
      sweepIntervalMs: options.leaderDuties?.sweepIntervalMs ?? 10 * 60_000,
      idleConsumerMs: options.leaderDuties?.idleConsumerMs ?? defaultIdleConsumerMs,
      relay: {
        batchSize: options.leaderDuties?.relay?.batchSize ?? 200,
        confirmLostAfterMs: options.leaderDuties?.relay?.confirmLostAfterMs ?? confirmLostAfterMs,
        confirmUnclaimedAfterMs:
          options.leaderDuties?.relay?.confirmUnclaimedAfterMs ??
          (options.claimAfterMs ?? defaultClaimAfterMs) + unclaimedConfirmMarginMs,
        unknownLagAfterMs: options.leaderDuties?.relay?.unknownLagAfterMs ?? 5 * 60_000,
        wakeGraceMs: options.leaderDuties?.relay?.wakeGraceMs ?? 30_000,
      },
    },
    sweep: options.leaderDuties?.sweep,
    cron: options.cron
      ? new CronScheduler({
          store: options.cron.store,
          functions: options.functions,
          publisher: createPublisher({ redis: options.redis, prefix: options.prefix }),
          logger,
        })
      : undefined,
    logger,
  });
}

/**
 * The functions, and for each `cancelOn` rule a function of the runtime's own on the cancelling event
 * (`<function id>:cancel-<n>`): it cancels the sleeping runs the event matches. Being a function, it has a
 * consumer group, runs once per event, retries, and keeps the event owed until it has run.
 */
function withCancellers(options: FunctionWorkerOptions, observer: RunObserver): FunctionDefinition[] {
  const logger = options.logger ?? silentLogger;
  return options.functions.flatMap((fn) => [
    fn,
    ...(fn.cancelOn ?? []).map(
      (rule, i): FunctionDefinition => ({
        id: `${fn.id}:cancel-${i}`,
        event: rule.event,
        async handler({ event }) {
          if (rule.if && !rule.if(event)) return;
          const key = valueAtPath(event, rule.match);
          if (key === null) return;
          const cancelled = await options.ledger.cancelSleeping(
            fn.id,
            key,
            `cancelled by ${event.name} ${event.id}`,
          );
          if (cancelled > 0) {
            observer.onRunsCancelled(fn.id, cancelled);
            logger.info({ function: fn.id, eventId: event.id, cancelled }, 'cancelled sleeping runs');
          }
        },
      }),
    ),
  ]);
}

import type { StreamKeys } from '../keys.ts';
import { duplicateNamed, type RedisConnection } from '../redis/connection.ts';
import { Batcher } from './batcher.ts';
import { ensureConsumerGroup, isNoGroupError } from './consumer-group.ts';
import type { SlotReleases } from './flow/slot-releases.ts';
import type { FunctionDefinition } from './function.ts';
import type { RunLedger } from './ledger.ts';
import type { RuntimeLogger } from './logger.ts';
import { reclaimIdleEntries } from './reclaim.ts';
import { type Decision, type EntryDelivery, RunExecutor, type RunSettings } from './run-executor.ts';
import type { RunObserver } from './run-observer.ts';
import { type AckRequest, type OwnershipKeys, runOwnership } from './run-ownership.ts';
import type { StepStore } from './steps/step-store.ts';
import { settlesWithin, sleep } from './timing.ts';
import { unblockClient } from './unblock-client.ts';

export interface FunctionConsumerOptions {
  /** Shared connection for acks, claims, heartbeats and group administration; never blocked. */
  redis: RedisConnection;
  fn: FunctionDefinition;
  keys: StreamKeys;
  consumer: string;
  concurrency: number;
  /**
   * Entries held beyond those running: waiting for their retry, or done and being recorded. Past it the consumer
   * stops reading.
   */
  retryBuffer: number;
  batchSize: number;
  blockMs: number;
  ledger: RunLedger;
  /** Where steps are recorded; null when the worker keeps none. */
  steps: StepStore | null;
  settings: RunSettings;
  /** Entries pending this long (their holder stopped renewing them) are taken over. */
  reclaimIdleMs: number;
  reclaimIntervalMs: number;
  /** How often the entries this consumer holds are renewed; well under `reclaimIdleMs`. */
  heartbeatMs: number;
  logger: RuntimeLogger;
  /** Told how each attempt ends (see `RunObserver`); already guarded against throwing. */
  observer: RunObserver;
  /** Where released concurrency slots are announced and waited for; null: waiting runs poll. */
  slotReleases: SlotReleases | null;
}

type Delivery = EntryDelivery;

/**
 * Entries added up to this long before a reconnection are treated as possibly delivered before (see
 * `isSoleDelivery`): covers the gap between Redis' clock and the moment the lost connection was noticed.
 */
const reconnectMarginMs = 1_000;

const readErrorBackoffMs = [100, 250, 500, 1000, 2000, 5000] as const;

/**
 * How long stopping waits for each Redis step (unblocking the read, the last acknowledgements): with Redis gone,
 * the worker's commands wait for it without end.
 */
const redisStepMs = 5_000;

/**
 * Runs one function: reads new entries of its consumer group with a dedicated blocking connection, keeps up to
 * `concurrency` runs in flight, holds failed ones until their retry (they stay pending, so a crash loses nothing),
 * renews everything it holds with a heartbeat, takes over entries whose holder stopped renewing them, and
 * acknowledges in batches. Everything held counts against a bound, so a long outage cannot pull the whole stream
 * into memory.
 */
export class FunctionConsumer {
  private readonly blocking: RedisConnection;
  private readonly ownership: OwnershipKeys;
  private readonly connectionName: string;
  private readonly executor: RunExecutor;
  private readonly acks: Batcher<AckRequest, void>;
  private running = false;
  /** The read loop, which a stop waits for before the runs in flight; the heartbeat loop ends on its own. */
  private reading: Promise<void> = Promise.resolve();
  /** Entries whose run holds a slot: being claimed, or its handler running. */
  private readonly active = new Set<string>();
  /** Entries whose handler is done, their outcome being recorded and acknowledged: held, but not running. */
  private readonly settling = new Set<string>();
  /** Entries held until a retry time, or until a slot they wait for is released (`stopWaiting`). */
  private readonly waiting = new Map<
    string,
    { delivery: Delivery; timer: NodeJS.Timeout; stopWaiting: (() => void) | null }
  >();
  private readonly ready: Delivery[] = [];
  private readonly readyIds = new Set<string>();
  /** Entries being acknowledged: done here, so a heartbeat must not count them as lost once the ack lands. */
  private readonly acking = new Set<string>();
  private wakeReader: (() => void) | null = null;
  private wakeDrain: (() => void) | null = null;
  private readonly sleepers = new Set<() => void>();
  /** Redis' clock when this consumer last (re)connected; new entries added before it are not trusted. */
  private trustedSinceMs = Number.POSITIVE_INFINITY;
  private reconnected = true;

  constructor(private readonly options: FunctionConsumerOptions) {
    const stream = options.keys.stream(options.fn.event.name);
    this.ownership = {
      stream,
      group: options.fn.id,
      runs: options.keys.runs(options.fn.event.name, options.fn.id),
      attempts: options.keys.attempts(options.fn.event.name, options.fn.id),
    };
    this.connectionName = `fixstream:${options.consumer}:${options.fn.id}`.replace(/\s/g, '_');
    this.blocking = duplicateNamed(options.redis, this.connectionName);
    this.blocking.on('error', () => {});
    for (const event of ['close', 'reconnecting', '+node', '-node', 'node error']) {
      this.blocking.on(event, () => {
        this.reconnected = true;
      });
    }
    this.executor = new RunExecutor({ ...options, ownership: this.ownership });
    this.acks = Batcher.forEffect((entries: AckRequest[]) =>
      runOwnership.ack(options.redis, this.ownership, options.consumer, entries),
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    await ensureConsumerGroup(this.options.redis, this.ownership.stream, this.ownership.group);
    this.running = true;
    this.reading = this.readLoop();
    void this.heartbeatLoop();
  }

  /** Stops reading, lets in-flight runs finish (up to `timeoutMs`), flushes acks and closes the connection. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.running) {
      this.running = false;
      this.wakeReader?.();
      for (const wake of this.sleepers) wake();
      for (const { timer, stopWaiting } of this.waiting.values()) {
        clearTimeout(timer);
        stopWaiting?.();
      }
      this.waiting.clear();
      this.ready.length = 0;
      this.readyIds.clear();
      await settlesWithin(unblockClient(this.options.redis, this.connectionName), redisStepMs);
      if (!(await settlesWithin(this.reading, 2_000))) this.blocking.disconnect();
      const heartbeat = this.keepRenewing();
      if (!(await settlesWithin(this.drained(), timeoutMs))) {
        this.options.logger.warn(
          { function: this.options.fn.id, inFlight: this.active.size },
          'runs did not finish in time',
        );
        this.executor.abortRuns();
        // An aborted run may be past its point of no return (a mail handed to the server): it keeps its entries,
        // renewed, until it settles and is recorded, or the grace runs out.
        await settlesWithin(this.drained(), this.options.settings.graceMs);
      }
      heartbeat.stop();
      // Bounded: with Redis gone the acks would wait forever; unacknowledged entries are final in the ledger, and
      // whoever takes them over acknowledges them without running them again.
      await settlesWithin(this.acks.drain(), redisStepMs);
    }
    this.blocking.disconnect();
  }

  /** Entry ids this consumer holds: running, queued behind the runs in flight, or waiting for a retry. */
  private held(): string[] {
    const held = new Set([...this.active, ...this.settling, ...this.readyIds, ...this.waiting.keys()]);
    return [...held].filter((id) => !this.acking.has(id));
  }

  /**
   * Reads new entries and, every `reclaimIntervalMs`, takes over idle ones, one after the other: each sizes its
   * request by the room left, so together they never make this consumer hold more than its bound.
   */
  private async readLoop(): Promise<void> {
    const { batchSize, blockMs, reclaimIntervalMs } = this.options;
    let failures = 0;
    let reclaimAt = Date.now() + reclaimIntervalMs;
    while (this.running) {
      await this.capacity();
      if (!this.running) break;
      if (Date.now() >= reclaimAt) {
        await this.reclaim();
        reclaimAt = Date.now() + reclaimIntervalMs;
        continue;
      }
      const count = Math.min(batchSize, this.freeSlots());
      try {
        await this.readBatch(count, Math.max(1, Math.min(blockMs, reclaimAt - Date.now())));
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        const delay = readErrorBackoffMs[Math.min(failures++, readErrorBackoffMs.length - 1)] ?? 5000;
        this.options.logger.error(
          { function: this.options.fn.id, err: error, retryInMs: delay },
          'reading the stream failed',
        );
        await sleep(delay);
      }
    }
  }

  /** Reads up to `count` new entries, waiting up to `blockMs` for them, and runs them. A failed read throws. */
  private async readBatch(count: number, blockMs: number): Promise<void> {
    const { fn, logger, consumer } = this.options;
    let reply: [string, [string, string[]][]][] | null;
    try {
      reply = (await this.blocking.xreadgroup(
        'GROUP',
        this.ownership.group,
        consumer,
        'COUNT',
        count,
        'BLOCK',
        blockMs,
        'STREAMS',
        this.ownership.stream,
        '>',
      )) as typeof reply;
    } catch (error) {
      if (!this.running) return;
      if (!isNoGroupError(error)) throw error;
      // The group vanished with Redis' data: entries may come again that were delivered before.
      this.reconnected = true;
      logger.warn(
        { function: fn.id, stream: this.ownership.stream },
        'consumer group vanished; recreating it',
      );
      await ensureConsumerGroup(this.options.redis, this.ownership.stream, this.ownership.group).catch(
        () => undefined,
      );
      return;
    }
    if (!reply) return;
    if (this.reconnected) await this.refreshTrust();
    const trustedSinceMs = this.trustedSinceMs;
    for (const [, entries] of reply) {
      for (const [entryId, fields] of entries)
        this.dispatch({ entryId, fields, newToGroup: true, trustedSinceMs });
    }
  }

  /**
   * After the blocking connection was (re)established, only entries added from now on are known never to have been
   * delivered: Redis may have come back without the record of earlier deliveries. Until Redis tells its time,
   * nothing is trusted.
   */
  private async refreshTrust(): Promise<void> {
    this.reconnected = false;
    try {
      const [seconds, micros] = await this.options.redis.time();
      this.trustedSinceMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) + reconnectMarginMs;
    } catch (error) {
      this.trustedSinceMs = Number.POSITIVE_INFINITY;
      this.reconnected = true;
      this.options.logger.warn({ function: this.options.fn.id, err: error }, "reading Redis' clock failed");
    }
  }

  /** Takes over entries whose holder stopped renewing them, as many as there is room for. */
  private async reclaim(): Promise<void> {
    const { fn, logger, consumer, reclaimIdleMs } = this.options;
    const room = this.freeSlots();
    if (room === 0) return;
    try {
      const { entries, deleted } = await reclaimIdleEntries(
        this.options.redis,
        this.ownership.stream,
        this.ownership.group,
        consumer,
        reclaimIdleMs,
        room,
      );
      if (deleted.length > 0) {
        logger.warn({ function: fn.id, count: deleted.length }, 'pending entries were gone from the stream');
      }
      let taken = 0;
      for (const [entryId, fields] of entries) {
        if (this.enqueue({ entryId, fields, newToGroup: false, trustedSinceMs: this.trustedSinceMs }))
          taken++;
      }
      if (taken > 0) logger.info({ function: fn.id, count: taken }, 'took over idle pending entries');
    } catch (error) {
      if (isNoGroupError(error)) return;
      logger.warn({ function: fn.id, err: error }, 'reclaiming idle entries failed');
    }
  }

  private async heartbeatLoop(): Promise<void> {
    while (this.running) {
      await this.pause(this.options.heartbeatMs);
      if (!this.running) break;
      await this.renew();
    }
  }

  /** Renews what this consumer holds; what it no longer holds is dropped, and its run told to stop. */
  private async renew(): Promise<void> {
    const { fn, logger, consumer } = this.options;
    try {
      const reported = await runOwnership.heartbeat(
        this.options.redis,
        this.ownership,
        consumer,
        this.held(),
      );
      const stillHeld = new Set(this.held());
      const lost = reported.filter((entryId) => stillHeld.has(entryId));
      if (lost.length === 0) return;
      logger.warn({ function: fn.id, entries: lost }, 'entries were taken over or lost; letting them go');
      for (const entryId of lost) this.release(entryId);
    } catch (error) {
      logger.warn({ function: fn.id, err: error }, 'renewing held entries failed; will try again');
    }
  }

  /** Keeps renewing while a shutdown waits for runs in flight, so nobody takes them over meanwhile. */
  private keepRenewing(): { stop(): void } {
    let stopped = false;
    const timer = setInterval(() => {
      if (!stopped) void this.renew();
    }, this.options.heartbeatMs);
    return {
      stop() {
        stopped = true;
        clearInterval(timer);
      },
    };
  }

  private release(entryId: string): void {
    const waiting = this.waiting.get(entryId);
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.stopWaiting?.();
      this.waiting.delete(entryId);
    }
    if (this.readyIds.delete(entryId)) {
      const at = this.ready.findIndex((delivery) => delivery.entryId === entryId);
      if (at >= 0) this.ready.splice(at, 1);
    }
    if (this.active.has(entryId)) this.executor.abortRun(entryId);
    this.wakeReader?.();
  }

  /**
   * Runs an entry now or queues it behind the runs in flight. An entry this consumer already holds (running,
   * queued or waiting for its retry) is not taken twice.
   */
  private enqueue(delivery: Delivery): boolean {
    const id = delivery.entryId;
    if (this.active.has(id) || this.waiting.has(id) || this.readyIds.has(id)) return false;
    if (this.active.size < this.options.concurrency) this.dispatch(delivery);
    else {
      this.ready.push(delivery);
      this.readyIds.add(id);
    }
    return true;
  }

  private dispatch(delivery: Delivery): void {
    const id = delivery.entryId;
    this.active.add(id);
    const handlerDone = () => {
      if (!this.active.delete(id)) return;
      this.settling.add(id);
      this.startNext();
    };
    void this.executor
      .process(delivery, handlerDone)
      .then(
        (decision) => this.apply(delivery, decision),
        (error: unknown) => {
          this.options.logger.error(
            { function: this.options.fn.id, entryId: id, err: error },
            'run could not be recorded; the entry stays pending and will be taken over later',
          );
        },
      )
      .finally(() => {
        if (this.active.delete(id)) this.startNext();
        this.settling.delete(id);
        this.wakeReader?.();
        if (this.active.size === 0 && this.settling.size === 0) this.wakeDrain?.();
      });
  }

  /** A slot came free: the next queued entry takes it. */
  private startNext(): void {
    const next = this.running ? this.ready.shift() : undefined;
    if (next) {
      this.readyIds.delete(next.entryId);
      this.dispatch(next);
    }
    this.wakeReader?.();
  }

  private async apply(delivery: Delivery, decision: Decision): Promise<void> {
    if (decision.kind === 'ack') {
      this.acking.add(delivery.entryId);
      await this.acks
        .add({ entryId: delivery.entryId, eventId: decision.eventId, tombstone: decision.tombstone })
        .catch((error: unknown) => {
          this.options.logger.warn(
            { function: this.options.fn.id, err: error },
            'ack failed; the entry will be delivered again',
          );
        })
        .finally(() => this.acking.delete(delivery.entryId));
    } else if (decision.kind === 'retry' && this.running && !this.waiting.has(delivery.entryId)) {
      const id = delivery.entryId;
      const resume = () => {
        const waiting = this.waiting.get(id);
        if (!waiting) return;
        clearTimeout(waiting.timer);
        waiting.stopWaiting?.();
        this.waiting.delete(id);
        if (this.running) this.enqueue({ ...delivery, newToGroup: false });
      };
      const timer = setTimeout(resume, Math.max(0, decision.at.getTime() - Date.now()));
      const { slotReleases } = this.options;
      const stopWaiting = decision.waitOn && slotReleases ? slotReleases.wait(decision.waitOn, resume) : null;
      this.waiting.set(id, { delivery, timer, stopWaiting });
    }
  }

  /**
   * Room for more entries: runs in flight and queued count against `concurrency`, retries against the buffer. The
   * bound is on what Redis counts as pending for this consumer, so entries whose acknowledgement is in flight count
   * too.
   */
  private freeSlots(): number {
    const { concurrency, retryBuffer } = this.options;
    const runnable = concurrency - this.active.size - this.ready.length;
    // held() leaves out the entries being acknowledged, so the two are disjoint
    const pending = this.held().length + this.acking.size;
    return Math.max(0, Math.min(runnable, concurrency + retryBuffer - pending));
  }

  private async capacity(): Promise<void> {
    while (this.running && this.freeSlots() === 0) {
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
      this.wakeReader = null;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async drained(): Promise<void> {
    while (this.active.size > 0 || this.settling.size > 0) {
      await new Promise<void>((resolve) => {
        this.wakeDrain = resolve;
      });
      this.wakeDrain = null;
    }
  }
}

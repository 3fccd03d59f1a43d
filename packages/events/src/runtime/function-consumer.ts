import type { Redis } from 'ioredis';
import type { StreamKeys } from '../keys.ts';
import { Batcher } from './batcher.ts';
import { ensureConsumerGroup, isNoGroupError } from './consumer-group.ts';
import type { FunctionDefinition } from './function.ts';
import type { RunLedger } from './ledger.ts';
import type { RuntimeLogger } from './logger.ts';
import { reclaimIdleEntries } from './reclaim.ts';
import { type Decision, RunExecutor, type RunSettings } from './run-executor.ts';
import { settlesWithin, sleep } from './timing.ts';
import { unblockClient } from './unblock-client.ts';

export interface FunctionConsumerOptions {
  /** Shared connection for acks, claims and group administration; never blocked. */
  redis: Redis;
  fn: FunctionDefinition;
  keys: StreamKeys;
  consumer: string;
  concurrency: number;
  batchSize: number;
  blockMs: number;
  ledger: RunLedger;
  settings: RunSettings;
  /** Entries pending this long are taken over from whichever consumer holds them. */
  reclaimIdleMs: number;
  reclaimIntervalMs: number;
  logger: RuntimeLogger;
}

interface Delivery {
  entryId: string;
  fields: string[];
}

const readErrorBackoffMs = [100, 250, 500, 1000, 2000, 5000] as const;

/**
 * Runs one function: reads new entries of its consumer group with a dedicated blocking connection, takes over
 * idle ones with XAUTOCLAIM, keeps up to `concurrency` runs in flight, waits out retry delays with timers
 * (the entry stays pending meanwhile, so a crash loses nothing), and acknowledges in batches.
 */
export class FunctionConsumer {
  private readonly blocking: Redis;
  private readonly stream: string;
  private readonly group: string;
  private readonly connectionName: string;
  private readonly executor: RunExecutor;
  private readonly acks: Batcher<string, void>;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly active = new Set<string>();
  private readonly waiting = new Map<string, { delivery: Delivery; timer: NodeJS.Timeout }>();
  private readonly ready: Delivery[] = [];
  private readonly readyIds = new Set<string>();
  private wakeReader: (() => void) | null = null;
  private wakeDrain: (() => void) | null = null;
  private wakeReclaimer: (() => void) | null = null;

  constructor(private readonly o: FunctionConsumerOptions) {
    this.stream = o.keys.stream(o.fn.event.name);
    this.group = o.fn.id;
    this.connectionName = `fixstream:${o.consumer}:${o.fn.id}`.replace(/\s/g, '_');
    this.blocking = o.redis.duplicate({ connectionName: this.connectionName, maxRetriesPerRequest: null });
    this.blocking.on('error', () => {});
    this.executor = new RunExecutor({ ...o, stream: this.stream });
    this.acks = Batcher.forEffect((ids: string[]) => o.redis.xack(this.stream, this.group, ...ids));
  }

  async start(): Promise<void> {
    if (this.running) return;
    await ensureConsumerGroup(this.o.redis, this.stream, this.group);
    this.running = true;
    this.loops = [this.readLoop(), this.reclaimLoop()];
  }

  /** Stops reading, lets in-flight runs finish (up to `timeoutMs`), flushes acks and closes the connection. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.running) {
      this.running = false;
      this.wakeReader?.();
      this.wakeReclaimer?.();
      for (const { timer } of this.waiting.values()) clearTimeout(timer);
      this.waiting.clear();
      this.ready.length = 0;
      this.readyIds.clear();
      await unblockClient(this.o.redis, this.connectionName).catch(() => undefined);
      if (!(await settlesWithin(Promise.all(this.loops), 2_000))) this.blocking.disconnect();
      if (!(await settlesWithin(this.drained(), timeoutMs))) {
        this.o.logger.warn(
          { function: this.o.fn.id, inFlight: this.active.size },
          'runs did not finish in time',
        );
        this.executor.abortRuns();
        await settlesWithin(this.drained(), 2_000);
      }
      await this.acks.drain().catch(() => undefined);
    }
    this.blocking.disconnect();
  }

  private async readLoop(): Promise<void> {
    const { fn, logger, consumer, batchSize, blockMs, concurrency } = this.o;
    let failures = 0;
    while (this.running) {
      await this.capacity();
      if (!this.running) break;
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = (await this.blocking.xreadgroup(
          'GROUP',
          this.group,
          consumer,
          'COUNT',
          Math.max(1, Math.min(batchSize, concurrency - this.active.size)),
          'BLOCK',
          blockMs,
          'STREAMS',
          this.stream,
          '>',
        )) as typeof reply;
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        if (isNoGroupError(error)) {
          logger.warn({ function: fn.id, stream: this.stream }, 'consumer group vanished; recreating it');
          await ensureConsumerGroup(this.o.redis, this.stream, this.group).catch(() => undefined);
          continue;
        }
        const delay = readErrorBackoffMs[Math.min(failures++, readErrorBackoffMs.length - 1)] ?? 5000;
        logger.error({ function: fn.id, err: error, retryInMs: delay }, 'reading the stream failed');
        await sleep(delay);
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [entryId, fields] of entries) this.dispatch({ entryId, fields });
      }
    }
  }

  private async reclaimLoop(): Promise<void> {
    const { fn, logger, consumer, reclaimIdleMs, reclaimIntervalMs, concurrency } = this.o;
    while (this.running) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reclaimIntervalMs);
        this.wakeReclaimer = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeReclaimer = null;
      if (!this.running) break;
      try {
        const { entries, deleted } = await reclaimIdleEntries(
          this.o.redis,
          this.stream,
          this.group,
          consumer,
          reclaimIdleMs,
          concurrency * 4,
        );
        if (deleted.length > 0) {
          logger.warn(
            { function: fn.id, count: deleted.length },
            'pending entries were gone from the stream',
          );
        }
        let taken = 0;
        for (const [entryId, fields] of entries) if (this.enqueue({ entryId, fields })) taken++;
        if (taken > 0) logger.info({ function: fn.id, count: taken }, 'took over idle pending entries');
      } catch (error) {
        if (isNoGroupError(error)) continue;
        logger.warn({ function: fn.id, err: error }, 'reclaiming idle entries failed');
      }
    }
  }

  /**
   * Runs an entry now or queues it behind the runs in flight. An entry this consumer already holds (running,
   * queued or waiting for its retry) is not taken twice: the reclaim loop sees those as idle pending entries too.
   */
  private enqueue(delivery: Delivery): boolean {
    const id = delivery.entryId;
    if (this.active.has(id) || this.waiting.has(id) || this.readyIds.has(id)) return false;
    if (this.active.size < this.o.concurrency) this.dispatch(delivery);
    else {
      this.ready.push(delivery);
      this.readyIds.add(id);
    }
    return true;
  }

  private dispatch(delivery: Delivery): void {
    this.active.add(delivery.entryId);
    void this.executor
      .process(delivery.entryId, delivery.fields)
      .then(
        (decision) => this.apply(delivery, decision),
        (error: unknown) => {
          this.o.logger.error(
            { function: this.o.fn.id, entryId: delivery.entryId, err: error },
            'run could not be recorded; the entry stays pending and will be taken over later',
          );
        },
      )
      .finally(() => {
        this.active.delete(delivery.entryId);
        const next = this.running ? this.ready.shift() : undefined;
        if (next) {
          this.readyIds.delete(next.entryId);
          this.dispatch(next);
        }
        this.wakeReader?.();
        if (this.active.size === 0) this.wakeDrain?.();
      });
  }

  private async apply(delivery: Delivery, decision: Decision): Promise<void> {
    if (decision.kind === 'ack') {
      await this.acks.add(delivery.entryId).catch((error: unknown) => {
        this.o.logger.warn(
          { function: this.o.fn.id, err: error },
          'ack failed; the entry will be delivered again',
        );
      });
    } else if (decision.kind === 'retry' && this.running && !this.waiting.has(delivery.entryId)) {
      const delay = Math.max(0, decision.at.getTime() - Date.now());
      const timer = setTimeout(() => {
        this.waiting.delete(delivery.entryId);
        if (this.running) this.enqueue(delivery);
      }, delay);
      this.waiting.set(delivery.entryId, { delivery, timer });
    }
  }

  private async capacity(): Promise<void> {
    while (this.running && this.active.size + this.ready.length >= this.o.concurrency) {
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
      this.wakeReader = null;
    }
  }

  private async drained(): Promise<void> {
    while (this.active.size > 0) {
      await new Promise<void>((resolve) => {
        this.wakeDrain = resolve;
      });
      this.wakeDrain = null;
    }
  }
}

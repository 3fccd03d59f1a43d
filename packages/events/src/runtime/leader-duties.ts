import type { CronScheduler } from './cron/cron-scheduler.ts';
import { removeIdleConsumers } from './idle-consumers.ts';
import type { RuntimeLogger } from './logger.ts';
import type { Lease } from './outbox.ts';
import { type RelayDeps, type RelaySettings, relayOnce } from './relay.ts';
import { settlesWithin } from './timing.ts';
import { sweepTombstones } from './tombstones.ts';
import { trimStream } from './trimmer.ts';

/** How long stopping waits for each step (the pass in progress, the sweep, releasing the lease). */
const stopStepMs = 5_000;

export interface LeaderDutySettings {
  intervalMs: number;
  trimIntervalMs: number;
  leaseTtlMs: number;
  /** How often the lease holder starts `sweep`. */
  sweepIntervalMs: number;
  /** Consumers idle this long with nothing pending are removed from their groups, at each trim. */
  idleConsumerMs: number;
  relay: RelaySettings;
}

/**
 * Periodic clean-up outside the event runtime (retention of old records), run by the lease holder only. It runs
 * beside the relay rather than inside its pass, so a long sweep never delays relaying; `signal` aborts when the
 * lease is lost or the worker stops, and the sweep should stop at its next batch.
 */
export type LeaderSweep = (signal: AbortSignal) => Promise<void>;

/**
 * The work one worker does for all: firing schedule ticks, relaying owed events, trimming streams, removing
 * consumers of gone processes and starting the sweep. Every worker runs this loop, but only the holder of the lease acts, so three replicas do
 * not triple the relay's work.
 */
export class LeaderDuties {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastTrim = 0;
  private leader = false;
  private lastSweep = 0;
  private sweeping: { done: Promise<void>; abort: AbortController } | null = null;

  constructor(
    private readonly options: {
      deps: Omit<RelayDeps, 'settings'>;
      lease: Lease;
      holder: string;
      streams: readonly string[];
      settings: LeaderDutySettings;
      sweep?: LeaderSweep;
      /** Fires the ticks of scheduled functions, before each relay pass publishes them. */
      cron?: CronScheduler;
      logger: RuntimeLogger;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    // Bounded: with Redis or MongoDB gone, a pass or the release could wait forever; the lease then simply expires.
    await settlesWithin(this.loop, stopStepMs);
    this.sweeping?.abort.abort();
    await settlesWithin(this.sweeping?.done ?? null, stopStepMs);
    if (this.leader) await settlesWithin(this.options.lease.release(this.options.holder), stopStepMs);
  }

  /** One pass, for tests and for the loop. */
  async tick(now = new Date()): Promise<void> {
    const { lease, holder, settings, logger, deps } = this.options;
    const wasLeader = this.leader;
    this.leader = await lease.acquire(holder, settings.leaseTtlMs);
    if (this.leader !== wasLeader) logger.info({ holder, leader: this.leader }, 'leader lease changed hands');
    if (!this.leader) {
      this.sweeping?.abort.abort();
      this.options.cron?.resign();
      return;
    }
    // A tick's cursor moves only once the tick is owed: a failed pass is taken up by the next one.
    await this.options.cron?.fire(now).catch((error: unknown) => {
      logger.warn({ err: error }, 'firing schedule ticks failed; will try again');
    });
    let pass = await relayOnce({ ...deps, settings: settings.relay }, now);
    for (let extra = 0; extra < 2 && this.running && pass.events === settings.relay.batchSize; extra++) {
      pass = await relayOnce({ ...deps, settings: settings.relay }, new Date());
    }
    if (now.getTime() - this.lastTrim >= settings.trimIntervalMs) {
      this.lastTrim = now.getTime();
      for (const stream of this.options.streams) {
        const removed = await trimStream(deps.redis, stream);
        // Every pass, also one that removed nothing: the log then shows which worker trims, and how often.
        logger.debug({ stream, removed }, 'trimmed acknowledged entries');
        const eventName = deps.keys.eventNameOf(stream);
        for (const functionId of eventName ? (deps.subscriptions.get(eventName) ?? []) : []) {
          await sweepTombstones(deps.redis, stream, deps.keys.runs(eventName as string, functionId));
        }
        const idle = await removeIdleConsumers(deps.redis, stream, settings.idleConsumerMs);
        for (const { group, consumers } of idle)
          logger.info({ stream, group, consumers }, 'removed idle consumers');
      }
    }
    this.startSweep(now);
  }

  private startSweep(now: Date): void {
    const { sweep, settings, logger } = this.options;
    if (!sweep || this.sweeping || now.getTime() - this.lastSweep < settings.sweepIntervalMs) return;
    this.lastSweep = now.getTime();
    const abort = new AbortController();
    const done = sweep(abort.signal)
      .catch((error: unknown) => logger.warn({ err: error }, 'sweep failed; will try again'))
      .finally(() => {
        this.sweeping = null;
      });
    this.sweeping = { done, abort };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'leader duties pass failed; will try again');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.settings.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

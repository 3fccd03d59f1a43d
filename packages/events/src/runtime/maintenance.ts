import type { RuntimeLogger } from './logger.ts';
import type { Lease } from './outbox.ts';
import { type RelayDeps, type RelaySettings, relayOnce } from './relay.ts';
import { trimStream } from './trimmer.ts';

export interface MaintenanceSettings {
  intervalMs: number;
  trimIntervalMs: number;
  leaseTtlMs: number;
  relay: RelaySettings;
}

/**
 * The work one worker does for all: relaying owed events and trimming streams. Every worker runs this loop, but
 * only the holder of the lease acts, so three replicas do not triple the relay's work.
 */
export class Maintenance {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastTrim = 0;
  private leader = false;

  constructor(
    private readonly o: {
      deps: Omit<RelayDeps, 'settings'>;
      lease: Lease;
      holder: string;
      streams: readonly string[];
      settings: MaintenanceSettings;
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
    await this.loop;
    if (this.leader) await this.o.lease.release(this.o.holder).catch(() => undefined);
  }

  /** One pass, for tests and for the loop. */
  async tick(now = new Date()): Promise<void> {
    const { lease, holder, settings, logger, deps } = this.o;
    const wasLeader = this.leader;
    this.leader = await lease.acquire(holder, settings.leaseTtlMs);
    if (this.leader !== wasLeader)
      logger.info({ holder, leader: this.leader }, 'maintenance lease changed hands');
    if (!this.leader) return;
    let pass = await relayOnce({ ...deps, settings: settings.relay }, now);
    for (let extra = 0; extra < 2 && this.running && pass.events === settings.relay.batchSize; extra++) {
      pass = await relayOnce({ ...deps, settings: settings.relay }, new Date());
    }
    if (now.getTime() - this.lastTrim >= settings.trimIntervalMs) {
      this.lastTrim = now.getTime();
      for (const stream of this.o.streams) {
        const removed = await trimStream(deps.redis, stream);
        if (removed > 0) logger.debug({ stream, removed }, 'trimmed acknowledged entries');
      }
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        this.o.logger.warn({ err: error }, 'maintenance pass failed; will try again');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.settings.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

import type { StreamKeys } from '../../keys.ts';
import type { RedisConnection } from '../../redis/connection.ts';
import type { RuntimeLogger } from '../logger.ts';
import { settlesWithin } from '../timing.ts';
import { publishDueWakeUps } from './sleep-timers.ts';

/** Wake-ups moved per script call: enough to drain a burst quickly, small enough to keep Redis responsive. */
const batchSize = 500;

/**
 * Wakes sleeping runs on time: every worker moves the wake-ups due in Redis into their streams, every
 * `intervalMs` and at once again while a batch comes back full. The move is atomic, so pumps on several workers
 * never wake a run twice; a worker that stops pumping delays nothing while another one pumps.
 */
export class TimerPump {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly options: {
      redis: RedisConnection;
      keys: StreamKeys;
      eventNames: readonly string[];
      intervalMs: number;
      logger: RuntimeLogger;
    },
  ) {}

  start(): void {
    if (this.running || this.options.eventNames.length === 0) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await settlesWithin(this.loop, 5_000);
  }

  /** One pass over every event's wake-ups; returns how many it published. */
  async pump(now = new Date()): Promise<number> {
    let total = 0;
    for (const eventName of this.options.eventNames) {
      for (;;) {
        const moved = await publishDueWakeUps(
          this.options.redis,
          this.options.keys,
          eventName,
          now,
          batchSize,
        );
        total += moved;
        if (moved < batchSize) break;
      }
    }
    return total;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pump();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'waking sleeping runs failed; will try again');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

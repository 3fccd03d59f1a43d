import type { EventPublisher } from '../../publisher.ts';
import type { FunctionDefinition } from '../function.ts';
import type { RuntimeLogger } from '../logger.ts';
import { type CronTick, cronTick } from './cron-function.ts';
import { type CompiledSchedule, compileSchedule } from './cron-schedule.ts';
import type { CronStore } from './cron-store.ts';

/**
 * Fires the ticks of scheduled functions, from the lease holder's loop. While this process holds the lease, every
 * tick fires, in order, however late a pass comes. Ticks that came due while no process held the lease (every
 * worker down, or the seconds a lease takes to change hands) collapse into one: on taking the lease, only the
 * latest due tick of each schedule fires. Firing twice is harmless (the store owes each tick once, and the ledger
 * runs each event once per function), so a lease changing hands doubles nothing; the cursors are read again from
 * the store whenever this process takes the lease. A tick this process owed is published at once; should that
 * fail, the relay publishes it, as it does any owed event.
 */
export class CronScheduler {
  private readonly schedules: { functionId: string; schedule: CompiledSchedule }[];
  private cursors: Map<string, Date> | null = null;
  /** The first pass after taking the lease fires only the latest due tick of each schedule. */
  private catchingUp = true;

  constructor(
    private readonly options: {
      store: CronStore;
      functions: readonly FunctionDefinition[];
      publisher: Pick<EventPublisher, 'publishMany'>;
      logger: RuntimeLogger;
    },
  ) {
    this.schedules = options.functions.flatMap((fn) =>
      fn.schedule ? [{ functionId: fn.id, schedule: compileSchedule(fn.schedule) }] : [],
    );
  }

  /** Whether any function has a schedule. */
  get active(): boolean {
    return this.schedules.length > 0;
  }

  /** Forgets the cursors: another process may fire meanwhile. */
  resign(): void {
    this.cursors = null;
    this.catchingUp = true;
  }

  /** Fires every tick due by `now`; returns how many this call owed. */
  async fire(now: Date): Promise<number> {
    if (!this.active) return 0;
    this.cursors ??= await this.options.store.cursors(
      this.schedules.map(({ functionId, schedule }) => ({
        functionId,
        cron: schedule.cron,
        timezone: schedule.timezone,
      })),
      now,
    );
    const owed: CronTick[] = [];
    for (const { functionId, schedule } of this.schedules) {
      const after = this.cursors.get(functionId) ?? now;
      for (const tick of this.catchingUp ? [schedule.latest(after, now)] : dueTicks(schedule, after, now)) {
        if (!tick) continue;
        const event = cronTick(functionId, tick);
        const fresh = await this.options.store.fire(functionId, event);
        this.cursors.set(functionId, tick);
        if (fresh) owed.push(event);
        this.options.logger.info(
          { function: functionId, scheduledAt: tick.toISOString(), fresh },
          fresh ? 'schedule tick owed' : 'schedule tick was owed already',
        );
      }
    }
    this.catchingUp = false;
    if (owed.length > 0) {
      await this.options.publisher.publishMany(owed).catch((error: unknown) => {
        this.options.logger.warn(
          { err: error },
          'publishing schedule ticks failed; the relay publishes them',
        );
      });
    }
    return owed.length;
  }
}

/** Most ticks one pass fires per schedule: a pass can only be this late after a stall of the whole process. */
const maxTicksPerPass = 100;

/** The ticks in `(after, now]`, in order, at most `maxTicksPerPass`. */
function dueTicks(schedule: CompiledSchedule, after: Date, now: Date): Date[] {
  const ticks: Date[] = [];
  for (let tick = schedule.next(after); tick && tick <= now && ticks.length < maxTicksPerPass; ) {
    ticks.push(tick);
    tick = schedule.next(tick);
  }
  return ticks;
}

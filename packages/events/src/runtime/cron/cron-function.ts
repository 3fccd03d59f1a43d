import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineEvent, type EventDefinition, type EventEnvelope } from '../../event.ts';
import { defineFunction, type FunctionContext, type FunctionDefinition } from '../function.ts';
import type { RetryPolicy } from '../retry-policy.ts';
import { type CronSchedule, compileSchedule } from './cron-schedule.ts';

const tickData = z.object({
  /** The tick this run is for (not when it started): a late run still knows which period it covers. */
  scheduledAt: z.iso.datetime(),
});

/** The event of one tick of a scheduled function. */
export type CronTick = EventEnvelope<`cron/${string}`, z.output<typeof tickData>>;

/** Every scheduled function has its own tick event, and so its own stream: `cron/<function id>`. */
export function cronTickEvent(functionId: string): EventDefinition<`cron/${string}`, typeof tickData> {
  return defineEvent({ name: `cron/${functionId}`, version: 1, data: tickData });
}

/**
 * The id of a tick's event: the same for every process that computes it, so a tick owed twice is one event (and
 * one run per function, the ledger's key). Event ids are at most 64 characters; a function id may be 63, so it is
 * hashed.
 */
export function cronTickId(functionId: string, scheduledAt: Date): string {
  const fn = createHash('sha256').update(functionId).digest('hex').slice(0, 16);
  return `tick-${scheduledAt.getTime()}-${fn}`;
}

/** The event of a function's tick at `scheduledAt`. */
export function cronTick(functionId: string, scheduledAt: Date): CronTick {
  return cronTickEvent(functionId).create(
    { scheduledAt: scheduledAt.toISOString() },
    { id: cronTickId(functionId, scheduledAt), occurredAt: scheduledAt },
  );
}

/**
 * Declares a function that runs on a schedule rather than on an event. Each tick becomes an event owed in
 * MongoDB (exactly one per tick, whatever the number of workers), so a run has everything an event's run has:
 * retries, dead letters, replay, and survival of Redis losing its data. The schedule is checked here.
 */
export function defineCronFunction(spec: {
  id: string;
  cron: string;
  timezone?: string;
  handler(context: FunctionContext<CronTick>): Promise<void>;
  retries?: Partial<RetryPolicy>;
  timeoutMs?: number;
}): FunctionDefinition {
  const schedule: CronSchedule = { cron: spec.cron, timezone: spec.timezone ?? 'UTC' };
  compileSchedule(schedule);
  return defineFunction({
    id: spec.id,
    event: cronTickEvent(spec.id),
    handler: spec.handler as FunctionDefinition['handler'],
    retries: spec.retries,
    timeoutMs: spec.timeoutMs,
    schedule,
  });
}

import { resultStatuses } from '@fixstream/run-storage';
import { z } from 'zod';
import { isoDateTime, isoString } from '../shared/schemas.ts';

/** A function id as the worker names them: `send-request-notification`, `remind-technician:cancel-0`. */
export const functionId = z
  .string()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9:-]*$/, 'must be a function id (lowercase letters, digits, - and :)');

/** A run key: `<event id>.<function id>`. */
export const runKey = z
  .string()
  .max(200)
  .regex(/^[\w-]+\.[a-z0-9][a-z0-9:-]*$/, 'must be a run key: <event id>.<function id>');

/** How a finished run ended. */
export const finalStatus = z.enum(resultStatuses);

/** The `nextCursor` of the previous page: `<finishedAt in ms>:<run key>`, opaque to clients. */
const runCursor = z
  .string()
  .max(220)
  .regex(/^\d{1,15}:[\w-]+\.[a-z0-9][a-z0-9:-]*$/, 'must be a cursor from the previous page');

/** Runs pages hold at most 50: each page reads up to that many results per function and outcome. */
const runsLimit = z.number().int().min(1).max(50).default(20);

export const functionsInput = z
  .strictObject({
    /** The window: the last `windowMinutes` minutes, up to now. */
    windowMinutes: z.number().int().min(1).max(1440).default(60),
  })
  .default({ windowMinutes: 60 });

export const runsInput = z
  .strictObject({
    functionId: functionId.optional(),
    status: finalStatus.optional(),
    /** Runs finished at or after `from` and before `until`. */
    from: isoDateTime.optional(),
    until: isoDateTime.optional(),
    cursor: runCursor.optional(),
    limit: runsLimit,
  })
  .refine((input) => !input.from || !input.until || input.from < input.until, {
    message: 'from must be before until',
    path: ['from'],
  })
  .default({ limit: 20 });

export const deadLettersInput = z
  .strictObject({ functionId: functionId.optional(), cursor: runCursor.optional(), limit: runsLimit })
  .default({ limit: 20 });

export const runInput = z.strictObject({ id: runKey });
export const redriveInput = z.strictObject({ functionId });

const consumerOutput = z.object({ name: z.string(), pending: z.number(), idleMs: z.number() });

export const streamsOutput = z.object({
  streams: z.array(
    z.object({
      stream: z.string(),
      event: z.string(),
      length: z.number(),
      /** Wake-ups of sleeping runs Redis holds for the stream's functions. */
      wakeUps: z.number(),
      groups: z.array(
        z.object({
          function: z.string(),
          /** Entries not yet delivered; null when Redis cannot tell. */
          lag: z.number().nullable(),
          /** Delivered, not acknowledged. */
          pending: z.number(),
          oldestPendingAgeMs: z.number().nullable(),
          consumers: z.array(consumerOutput),
        }),
      ),
    }),
  ),
});
export type StreamsOutput = z.output<typeof streamsOutput>;

export const functionsOutput = z.object({
  from: isoString,
  until: isoString,
  /** At most this many durations per function and outcome feed the percentiles. */
  sampleCap: z.number(),
  functions: z.array(
    z.object({
      functionId: z.string(),
      succeeded: z.number(),
      dead: z.number(),
      cancelled: z.number(),
      runsPerMinute: z.number(),
      failureRate: z.number().nullable(),
      p50DurationMs: z.number().nullable(),
      p99DurationMs: z.number().nullable(),
      sampled: z.number(),
    }),
  ),
});
export type FunctionsOutput = z.output<typeof functionsOutput>;

export const runSummaryOutput = z.object({
  id: z.string(),
  functionId: z.string(),
  eventId: z.string(),
  eventName: z.string(),
  status: finalStatus,
  attempts: z.number(),
  /** Of the last attempt. */
  durationMs: z.number(),
  error: z.string().nullable(),
  finishedAt: isoString,
  requestId: z.string().nullable(),
});
export type RunSummaryOutput = z.output<typeof runSummaryOutput>;

export const runPageOutput = z.object({
  items: z.array(runSummaryOutput),
  nextCursor: z.string().nullable(),
});
export type RunPageOutput = z.output<typeof runPageOutput>;

export const runDetailOutput = z.object({
  id: z.string(),
  functionId: z.string(),
  eventId: z.string(),
  eventName: z.string(),
  /** Final (`succeeded`, `dead`, `cancelled`) or not yet (`running`, `failed` awaiting a retry, `sleeping`). */
  status: z.enum(['succeeded', 'dead', 'cancelled', 'running', 'failed', 'sleeping']),
  requestId: z.string().nullable(),
  /**
   * The event as published, with the value of every field naming a secret replaced by `[redacted: secret]`; kept
   * with every result. Null only for a result recorded before results kept events, once its event was settled.
   */
  event: z
    .object({
      id: z.string(),
      name: z.string(),
      version: z.number(),
      occurredAt: z.string(),
      data: z.unknown(),
    })
    .nullable(),
  /** Each attempt the ledger recorded, oldest first: the retried failures, then the final outcome. */
  attempts: z.array(
    z.object({
      attempt: z.number(),
      outcome: z.enum(['failed', 'succeeded', 'dead', 'cancelled']),
      error: z.string().nullable(),
      durationMs: z.number(),
      finishedAt: isoString,
    }),
  ),
  /** For a run not final: when it is due again (its retry, or the end of its sleep). */
  nextAttemptAt: isoString.nullable(),
  /** Its durable steps and sleeps (`step.run`, `step.sleep`), in the order they were recorded. */
  steps: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['done', 'sleep']),
      recordedAt: isoString,
      until: isoString.nullable(),
    }),
  ),
  /**
   * The Message-IDs of the mails the run sent, as the SMTP server was handed them (one per recipient: a report
   * mails several people), whichever attempt sent them; empty when it sent none or finished before they were kept.
   */
  messageIds: z.array(z.string()),
  /** How many more mails an attempt sent than `messageIds` holds (at most 100 are kept per attempt). */
  messageIdsOmitted: z.number(),
});
export type RunDetailOutput = z.output<typeof runDetailOutput>;

const publishFields = {
  /** Whether the events were published to Redis now; if not, they stay owed and the worker's relay publishes them. */
  published: z.boolean(),
  publishError: z.string().nullable(),
};

export const replayOutput = z.object({
  id: z.string(),
  replayed: z.boolean(),
  /** Why it was not replayed: still in progress, succeeded, or its event is gone. */
  reason: z.string().nullable(),
  ...publishFields,
});
export type ReplayOutput = z.output<typeof replayOutput>;

export const redriveOutput = z.object({
  functionId: z.string(),
  replayed: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  /** More dead runs remain than one call replays: call again. */
  more: z.boolean(),
  ...publishFields,
});
export type RedriveOutput = z.output<typeof redriveOutput>;

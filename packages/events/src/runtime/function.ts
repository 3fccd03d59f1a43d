import type { EventDefinition, EventEnvelope, EventOf } from '../event.ts';
import type { CronSchedule } from './cron/cron-schedule.ts';
import type { Debounce } from './flow/debounce.ts';
import type { ConcurrencyLimit, RateLimit } from './flow/flow-gate.ts';
import type { RuntimeLogger } from './logger.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { StepTools } from './steps/step-tools.ts';

/** What a handler receives for one run of one event. */
export interface FunctionContext<E> {
  event: E;
  /** 1 on the first attempt; counts every attempt the ledger saw, including ones a crashed worker never finished. */
  attempt: number;
  logger: RuntimeLogger;
  /** `<event id>.<function id>`: stable across attempts; effects derive their idempotency keys from it. */
  runKey: string;
  /**
   * Aborted when the run exceeds its timeout, when the worker is forced to stop, or when the worker finds it no
   * longer holds the run (another worker took it over). An effect past its point of no return should finish and
   * report what happened; the run keeps its entry meanwhile, up to the worker's grace period.
   */
  signal: AbortSignal;
  /**
   * Waits for `pending` (a connection from a shared pool, say) without counting the wait against the run's timeout:
   * the timeout measures the run's own work, so runs queued behind a busy pool do not fail for the queue. The
   * signal still aborts for every other reason, and the wait should end with it.
   */
  outsideTimeout<T>(pending: Promise<T>): Promise<T>;
  /** Durable steps: results recorded once per run, and sleeps that survive crashes and Redis losing its data. */
  step: StepTools;
  /**
   * Records the Message-ID of a mail this attempt handed to the SMTP server, or found sent by an earlier attempt:
   * the ledger keeps it with the attempt's outcome, so an operator can find the mail the run sent. An attempt that
   * skips a mail sent before (a recorded step, a send the mailer answers as already sent) records it again, so
   * the final result names every mail whichever attempt sent it.
   */
  recordMessageId(messageId: string): void;
}

/** A background function: runs once per event of one type, in the consumer group named by its id. */
export interface FunctionDefinition<D extends EventDefinition = EventDefinition> {
  id: string;
  event: D;
  handler(context: FunctionContext<EventOf<D>>): Promise<void>;
  /** Overrides of the worker's retry policy for this function. */
  retries?: Partial<RetryPolicy>;
  /** A run taking longer fails (and is retried). Default: the worker's `timeoutMs`. */
  timeoutMs?: number;
  /** For a function on a schedule (`defineCronFunction`): the schedule its tick events follow. */
  schedule?: CronSchedule;
  /**
   * Events that cancel a sleeping run of this function (see `CancelRule`). A run cancelled while asleep never
   * resumes; it is recorded `cancelled`, final.
   */
  cancelOn?: readonly CancelRule[];
  /** Runs in flight at once per key, across every worker (see `ConcurrencyLimit`). */
  concurrency?: ConcurrencyLimit;
  /** Runs started per period per key, across every worker (see `RateLimit`). */
  rateLimit?: RateLimit;
  /** One run per burst of events of a key, with the last event, once the key goes quiet (see `Debounce`). */
  debounce?: Debounce;
}

/**
 * An event that cancels sleeping runs: those whose triggering event has, at the path `match` (`data.requestId`),
 * the value the cancelling event has at the same path, and for which `if` (when given) holds. Every rule of a
 * function names the same `match`.
 */
export interface CancelRule {
  event: EventDefinition;
  match: string;
  if?(event: EventEnvelope): boolean;
}

/** The value at a dotted path of an event (`data.requestId`), as a string; null when missing or not a scalar. */
export function valueAtPath(event: unknown, path: string): string | null {
  let value: unknown = event;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : null;
}

const functionIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Declares a function. The id names the consumer group, the dead-letter stream and the ledger's run keys, so
 * it must stay stable across deploys: renaming it starts a new group that reads the stream from its beginning.
 */
export function defineFunction<D extends EventDefinition>(
  spec: FunctionDefinition<D>,
): FunctionDefinition<D> {
  if (!functionIdPattern.test(spec.id)) {
    throw new Error(
      `Function id "${spec.id}" must be lowercase letters, digits and dashes (max 63 characters)`,
    );
  }
  if (spec.concurrency && !(Number.isInteger(spec.concurrency.limit) && spec.concurrency.limit >= 1)) {
    throw new Error(`Function "${spec.id}": concurrency.limit must be a whole number of at least 1`);
  }
  if (spec.rateLimit && !(spec.rateLimit.limit >= 1 && spec.rateLimit.periodMs > 0)) {
    throw new Error(`Function "${spec.id}": rateLimit needs a limit of at least 1 and a period above 0 ms`);
  }
  if (spec.debounce && !(spec.debounce.periodMs > 0 && (spec.debounce.maxWaitMs ?? 1) > 0)) {
    throw new Error(
      `Function "${spec.id}": debounce needs a period above 0 ms (and a maximum wait above 0 ms)`,
    );
  }
  const matches = new Set(spec.cancelOn?.map((rule) => rule.match));
  if (matches.size > 1) {
    throw new Error(
      `Function "${spec.id}": every cancelOn rule must name the same match (got ${[...matches].join(', ')})`,
    );
  }
  return spec;
}

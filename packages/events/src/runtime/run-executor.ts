import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { decodeEntry } from '../codec.ts';
import type { EventEnvelope } from '../event.ts';
import type { StreamKeys } from '../keys.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { Batcher } from './batcher.ts';
import { type DeadLetter, writeDeadLetters } from './dead-letters.ts';
import { describeError, isPermanent, RunTimeoutError } from './errors.ts';
import type { FunctionDefinition } from './function.ts';
import {
  type ClaimRequest,
  type ClaimResult,
  type DeadRecord,
  type RunLedger,
  type RunOutcome,
  runKey,
} from './ledger.ts';
import type { RuntimeLogger } from './logger.ts';
import { maxAttempts, type RetryPolicy, retryDelayMs } from './retry-policy.ts';
import { type AttemptRequest, type AttemptStart, type OwnershipKeys, runOwnership } from './run-ownership.ts';

export interface RunSettings {
  policy: RetryPolicy;
  timeoutMs: number;
  /**
   * How long a run past its timeout may still finish (and count as done) before it is recorded as failed: a
   * handler that ignores its aborted signal may still be completing its effect, and retrying it then would
   * repeat the effect. The run keeps its entry (heartbeats) all that time, so nobody else starts it.
   */
  graceMs: number;
}

/** What to do with a stream entry once its run is decided. */
export type Decision =
  /** Done here: acknowledge the entry. */
  | { kind: 'ack'; eventId: string }
  /** This consumer no longer holds the entry: forget it without acknowledging; its holder decides. */
  | { kind: 'drop' }
  /** Keep holding the entry and process it again at `at`. */
  | { kind: 'retry'; at: Date };

const drop: Decision = { kind: 'drop' };
const ledgerWriteDelaysMs = [200, 1_000, 3_000] as const;

type Parsed =
  | { ok: true; event: EventEnvelope }
  | { ok: false; eventId: string | null; raw: unknown; reason: string };

/**
 * Turns one stream entry into at most one effect: validates it, claims its run, runs the handler with a timeout,
 * records the outcome, and dead-letters what cannot succeed. Who may run is decided atomically: the first claim of
 * a run by an insert on its unique key in the ledger, every later attempt by a script on the consumer group in
 * Redis (`runOwnership`). Ledger, Redis and dead-letter writes go through batchers, so a read batch of N entries
 * costs a handful of round trips, not N.
 */
export class RunExecutor {
  private readonly claims: Batcher<ClaimRequest, ClaimResult>;
  private readonly begins: Batcher<AttemptRequest, AttemptStart>;
  private readonly finishes: Batcher<RunOutcome, void>;
  private readonly deadRecords: Batcher<DeadRecord, void>;
  private readonly deadLetters: Batcher<DeadLetter, void>;
  private readonly forced = new AbortController();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly o: {
      redis: RedisConnection;
      fn: FunctionDefinition;
      keys: StreamKeys;
      ownership: OwnershipKeys;
      consumer: string;
      ledger: RunLedger;
      settings: RunSettings;
      logger: RuntimeLogger;
    },
  ) {
    setMaxListeners(0, this.forced.signal);
    this.claims = new Batcher((requests) => o.ledger.claim(requests));
    this.begins = new Batcher((requests) => runOwnership.begin(o.redis, o.ownership, o.consumer, requests));
    this.finishes = Batcher.forEffect((outcomes: RunOutcome[]) => o.ledger.finish(outcomes));
    this.deadRecords = Batcher.forEffect((records: DeadRecord[]) => o.ledger.recordDead(records));
    this.deadLetters = Batcher.forEffect((letters: DeadLetter[]) =>
      writeDeadLetters(o.redis, o.keys, letters),
    );
  }

  /** Aborts the signal of every run still going: used when a shutdown runs out of time. */
  abortRuns(): void {
    this.forced.abort(new Error('worker is stopping'));
  }

  /** Aborts the run of an entry this consumer no longer holds (its heartbeat found it taken over or gone). */
  abortRun(entryId: string): void {
    this.running
      .get(entryId)
      ?.abort(new Error('this worker no longer holds the run; another one may take it'));
  }

  async process(entryId: string, fields: string[]): Promise<Decision> {
    const parsed = this.parse(fields);
    if (!parsed.ok) {
      await this.deadLetterInvalid(entryId, parsed);
      return { kind: 'ack', eventId: parsed.eventId ?? '' };
    }
    const { fn, consumer } = this.o;
    const event = parsed.event;
    const key = runKey(event.id, fn.id);
    const now = new Date();
    const claim = await this.claims.add({ key, functionId: fn.id, event, entryId, consumer, now });
    if (claim.kind === 'fresh') return this.run(entryId, event, key, 1);
    if (claim.kind === 'finished') return { kind: 'ack', eventId: event.id };
    if (claim.nextAttemptAt > now) return { kind: 'retry', at: claim.nextAttemptAt };
    const start = await this.begins.add({
      eventId: event.id,
      entryId,
      firstEntryId: claim.firstEntryId,
      attemptsRecorded: claim.attempts,
    });
    if (start.kind === 'lost') return drop;
    if (start.kind === 'duplicate') {
      this.o.logger.info(
        { function: fn.id, eventId: event.id, entryId },
        'another entry of this event carries its run; acknowledging the duplicate',
      );
      return { kind: 'ack', eventId: event.id };
    }
    return this.run(entryId, event, key, start.attempt);
  }

  private async run(entryId: string, event: EventEnvelope, key: string, attempt: number): Promise<Decision> {
    const { fn, settings, logger } = this.o;
    const started = Date.now();
    const attemptsAllowed = maxAttempts(settings.policy);
    let error: unknown = null;
    if (attempt > attemptsAllowed) {
      error = new Error(
        `no attempts left: ${attempt - 1} attempts started and none finished (a worker died mid-run?)`,
      );
    } else {
      try {
        await this.invoke(entryId, event, key, attempt);
      } catch (caught) {
        error = caught;
      }
    }
    const finishedAt = new Date();
    const attemptsMade = Math.min(attempt, attemptsAllowed);
    const base = {
      key,
      functionId: fn.id,
      attempt: attemptsMade,
      finishedAt,
      durationMs: finishedAt.getTime() - started,
    };
    const ack: Decision = { kind: 'ack', eventId: event.id };
    if (error === null) {
      await this.record({ ...base, status: 'succeeded', error: null, nextAttemptAt: null });
      return ack;
    }
    const message = describeError(error);
    const retryable = !isPermanent(error) && attempt < attemptsAllowed;
    if (retryable) {
      const at = new Date(finishedAt.getTime() + retryDelayMs(settings.policy, attempt));
      logger.warn(
        { function: fn.id, eventId: event.id, attempt, retryAt: at, error: message },
        'run failed; will retry',
      );
      await this.record({ ...base, status: 'failed', error: message, nextAttemptAt: at });
      return { kind: 'retry', at };
    }
    logger.error(
      { function: fn.id, eventId: event.id, attempt, error: message },
      'run failed for good; dead-lettered',
    );
    await this.record({ ...base, status: 'dead', error: message, nextAttemptAt: null });
    await this.writeDeadLetter({
      functionId: fn.id,
      eventId: event.id,
      eventName: event.name,
      attempts: attemptsMade,
      error: message,
      failedAt: finishedAt.toISOString(),
      stream: this.o.ownership.stream,
      entryId,
      event: JSON.stringify(event),
    });
    return ack;
  }

  /**
   * Runs the handler with its timeout. At the timeout the run's signal is aborted, but the run is not given up at
   * once: a handler that ignores the signal may still be completing its effect (an SMTP server slowly accepting a
   * mail), and retrying it now would repeat that effect. It gets `graceMs` more; finishing late counts as success.
   */
  private async invoke(entryId: string, event: EventEnvelope, key: string, attempt: number): Promise<void> {
    const { fn, settings, logger } = this.o;
    const { timeoutMs, graceMs } = settings;
    const controller = new AbortController();
    const onForced = () => controller.abort(this.forced.signal.reason);
    this.forced.signal.addEventListener('abort', onForced, { once: true });
    this.running.set(entryId, controller);
    try {
      const context = { event, attempt, logger, runKey: key, signal: controller.signal };
      const settled = fn.handler(context as Parameters<typeof fn.handler>[0]).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      let result = await within(settled, timeoutMs);
      if (!result) {
        const timeout = new RunTimeoutError(`run took longer than ${timeoutMs} ms`);
        controller.abort(timeout);
        result = (await within(settled, graceMs)) ?? { ok: false, error: timeout };
        if (result.ok)
          logger.warn({ function: fn.id, eventId: event.id, timeoutMs }, 'run finished after its timeout');
        else if (!(result.error instanceof RunTimeoutError)) result = { ok: false, error: timeout };
      }
      if (!result.ok) throw result.error;
    } finally {
      this.running.delete(entryId);
      this.forced.signal.removeEventListener('abort', onForced);
    }
  }

  /** Ledger writes after a run are retried briefly: losing one would make the run happen again. */
  private async record(outcome: RunOutcome): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.finishes.add(outcome);
        return;
      } catch (error) {
        const delay = ledgerWriteDelaysMs[attempt];
        if (delay === undefined) throw error;
        this.o.logger.warn(
          { function: this.o.fn.id, key: outcome.key, err: error },
          'recording a run failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async writeDeadLetter(letter: DeadLetter): Promise<void> {
    try {
      await this.deadLetters.add(letter);
    } catch (error) {
      this.o.logger.warn(
        { function: letter.functionId, eventId: letter.eventId, err: error },
        'writing the dead-letter stream failed; the run stays dead in the ledger',
      );
    }
  }

  private async deadLetterInvalid(entryId: string, parsed: Extract<Parsed, { ok: false }>): Promise<void> {
    const { fn, logger } = this.o;
    logger.error(
      { function: fn.id, entryId, reason: parsed.reason },
      'event does not match its schema; dead-lettered',
    );
    const at = new Date();
    const raw = (parsed.raw ?? {}) as Record<string, unknown>;
    if (parsed.eventId) {
      await this.deadRecords.add({
        key: runKey(parsed.eventId, fn.id),
        functionId: fn.id,
        eventId: parsed.eventId,
        event: raw,
        error: parsed.reason,
        attempts: 0,
        at,
      });
    }
    await this.writeDeadLetter({
      functionId: fn.id,
      eventId: parsed.eventId ?? '',
      eventName: typeof raw.name === 'string' ? raw.name : '',
      attempts: 0,
      error: parsed.reason,
      failedAt: at.toISOString(),
      stream: this.o.ownership.stream,
      entryId,
      event: JSON.stringify(raw),
    });
  }

  private parse(fields: string[]): Parsed {
    const decoded = decodeEntry(fields);
    if (!decoded.ok) return { ok: false, eventId: null, raw: { fields }, reason: decoded.error };
    const result = this.o.fn.event.envelope.safeParse(decoded.event);
    if (result.success) return { ok: true, event: result.data };
    const id = decoded.event.id;
    const eventId = typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : null;
    return {
      ok: false,
      eventId,
      raw: decoded.event,
      reason: `invalid event: ${z.prettifyError(result.error)}`,
    };
  }
}

/** The promise's value if it settles within `ms`, else undefined. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

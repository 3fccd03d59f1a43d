import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { decodeEntry, encodeEvent } from '../codec.ts';
import type { EventEnvelope } from '../event.ts';
import type { StreamKeys } from '../keys.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { Batcher } from './batcher.ts';
import { type DeadLetter, writeDeadLetters } from './dead-letters.ts';
import { describeError, isPermanent, RunTimeoutError } from './errors.ts';
import { Debouncer } from './flow/debounce.ts';
import { FlowGate } from './flow/flow-gate.ts';
import type { SlotReleases } from './flow/slot-releases.ts';
import { type FunctionDefinition, valueAtPath } from './function.ts';
import {
  type ClaimRequest,
  type ClaimResult,
  type DeadRecord,
  type RunLedger,
  type RunOutcome,
  runKey,
} from './ledger.ts';
import { LedgerHealth } from './ledger-health.ts';
import { type RuntimeLogger, withLogFields } from './logger.ts';
import { MessageIdLog } from './message-id-log.ts';
import { maxAttempts, type RetryPolicy, retryDelayMs } from './retry-policy.ts';
import { RunClock } from './run-clock.ts';
import type { RunObserver } from './run-observer.ts';
import { runOriginOf } from './run-origin.ts';
import { type AttemptRequest, type AttemptStart, type OwnershipKeys, runOwnership } from './run-ownership.ts';
import { inRunSpan } from './run-span.ts';
import { isSoleDelivery } from './sole-delivery.ts';
import { isRunSleeping } from './steps/run-sleeping.ts';
import type { StepRecord, StepStore } from './steps/step-store.ts';
import { createStepTools } from './steps/step-tools.ts';
import { scheduleWakeUps, type WakeUp } from './timers/sleep-timers.ts';

export interface RunSettings {
  policy: RetryPolicy;
  timeoutMs: number;
  /**
   * How long a run past its timeout may still finish (and count as done) before it is recorded as failed: a
   * handler that ignores its aborted signal may still be completing its effect, and retrying it then would
   * repeat the effect. The run keeps its entry (heartbeats) all that time, so nobody else starts it.
   */
  graceMs: number;
  /**
   * A run started without a ledger claim (its delivery was the only one possible, see `isSoleDelivery`) records
   * one once it has been running this long, so the relay sees it as claimed and never publishes a copy of a
   * long run; runs that finish sooner, nearly all of them, cost the ledger only their result.
   */
  claimAfterMs: number;
  /** How long a run waiting for a concurrency slot waits at most (plus jitter) for the slot's release to be announced. */
  slotRecheckMs: number;
}

/** An entry as the consumer hands it over. */
export interface EntryDelivery {
  entryId: string;
  fields: string[];
  /** Handed over by XREADGROUP `>` since a connection that saw no data loss (see `isSoleDelivery`). */
  newToGroup: boolean;
  trustedSinceMs: number;
}

/** What to do with a stream entry once its run is decided. */
export type Decision =
  /** Done here: acknowledge the entry; `tombstone` when its run finished through the ledger's path. */
  | { kind: 'ack'; eventId: string; tombstone: boolean }
  /** This consumer no longer holds the entry: forget it without acknowledging; its holder decides. */
  | { kind: 'drop' }
  /** Keep holding the entry and process it again at `at`, or as soon as a slot of `waitOn` is released. */
  | { kind: 'retry'; at: Date; waitOn?: string };

const drop: Decision = { kind: 'drop' };
/** A ledger write waiting this long means MongoDB is away: the driver queues writes rather than failing them. */
const ledgerStallMs = 1_000;

/** Pauses between tries of a ledger write after a run; the last one repeats until the write lands. */
const ledgerWriteDelaysMs = [200, 1_000, 3_000, 5_000] as const;

type Parsed =
  | { ok: true; event: EventEnvelope; republished: boolean; wake: string | null }
  | { ok: false; eventId: string | null; raw: unknown; reason: string };

/**
 * Turns one stream entry into at most one effect: validates it, decides who may run it, runs the handler with a
 * timeout, records the outcome, and dead-letters what cannot succeed. Who may run is decided atomically: a run on
 * its only possible delivery (`isSoleDelivery`) by Redis, which handed the entry to this consumer alone; any
 * other first attempt by an insert on the run's unique key in the ledger; every later attempt by a script on the
 * consumer group (`runOwnership`). Ledger, Redis and dead-letter writes go through batchers, so a read batch of N
 * entries costs a handful of round trips, not N.
 */
export class RunExecutor {
  private readonly claims: Batcher<ClaimRequest, ClaimResult>;
  private readonly begins: Batcher<AttemptRequest, AttemptStart>;
  private readonly marks: Batcher<{ eventId: string; entryId: string }, boolean>;
  private readonly finals: Batcher<string, boolean>;
  private readonly finishes: Batcher<RunOutcome, void>;
  private readonly deadRecords: Batcher<DeadRecord, void>;
  private readonly deadLetters: Batcher<DeadLetter, void>;
  private readonly wakeUps: Batcher<WakeUp, void>;
  /** The steps of the runs starting together, read at once; null on a worker that keeps no steps. */
  private readonly steps: StepStore | null;
  private readonly gate: FlowGate;
  private readonly debouncer: Debouncer | null;
  private readonly forced = new AbortController();
  private readonly running = new Map<string, AbortController>();
  /**
   * While the ledger does not answer, no run starts on its only delivery (its result could not be recorded); every
   * entry claims first, which waits or fails while MongoDB is away, so nothing runs.
   */
  private readonly ledger: LedgerHealth;

  constructor(
    private readonly options: {
      redis: RedisConnection;
      fn: FunctionDefinition;
      keys: StreamKeys;
      ownership: OwnershipKeys;
      consumer: string;
      ledger: RunLedger;
      /** Where steps are recorded; null on a worker whose functions use none. */
      steps: StepStore | null;
      settings: RunSettings;
      logger: RuntimeLogger;
      /** Told how each attempt ends; guarded, so it never throws here. */
      observer: RunObserver;
      /** Where released concurrency slots are announced and waited for (`SlotReleases`). */
      slotReleases: SlotReleases | null;
    },
  ) {
    setMaxListeners(0, this.forced.signal);
    this.ledger = new LedgerHealth(ledgerStallMs, (answering) => {
      if (answering) options.logger.info({ function: options.fn.id }, 'the ledger answers again');
      else
        options.logger.warn(
          { function: options.fn.id },
          'the ledger does not answer; runs claim before they start',
        );
    });
    this.claims = new Batcher((requests) => this.ledger.track(() => options.ledger.claim(requests)));
    this.begins = new Batcher((requests) =>
      runOwnership.begin(options.redis, options.ownership, options.consumer, requests),
    );
    this.marks = new Batcher((runs) => runOwnership.mark(options.redis, options.ownership, runs));
    this.finals = new Batcher(async (keys) => {
      const finished = await this.ledger.track(() => options.ledger.finished(keys));
      return keys.map((key) => finished.has(key));
    });
    this.finishes = Batcher.forEffect((outcomes: RunOutcome[]) =>
      this.ledger.track(() => options.ledger.finish(outcomes)),
    );
    this.deadRecords = Batcher.forEffect((records: DeadRecord[]) => options.ledger.recordDead(records));
    this.deadLetters = Batcher.forEffect((letters: DeadLetter[]) =>
      writeDeadLetters(options.redis, options.keys, letters),
    );
    this.wakeUps = Batcher.forEffect((wakeUps: WakeUp[]) =>
      scheduleWakeUps(options.redis, options.keys, wakeUps),
    );
    const { steps } = options;
    if (steps) {
      const loads = new Batcher(async (runKeys: string[]) => {
        const byRun = await steps.loadMany(runKeys);
        return runKeys.map((key) => byRun.get(key) ?? new Map<string, StepRecord>());
      });
      this.steps = { load: (runKey) => loads.add(runKey), loadMany: steps.loadMany, save: steps.save };
    } else this.steps = null;
    this.gate = new FlowGate({
      redis: options.redis,
      keys: options.keys,
      fn: options.fn,
      // Past a run's timeout and grace, and the minute its outcome may take to be recorded.
      slotTtlMs: options.settings.timeoutMs + options.settings.graceMs + 60_000,
      releases: options.slotReleases,
      recheckMs: options.settings.slotRecheckMs,
    });
    this.debouncer = options.fn.debounce
      ? new Debouncer({
          redis: options.redis,
          keys: options.keys,
          functionId: options.fn.id,
          debounce: options.fn.debounce,
        })
      : null;
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

  /**
   * Decides an entry. `handlerDone` is called as soon as no handler of it is running any more (at once when none
   * ran): recording the outcome and acknowledging go on after it, so the consumer can start the next run while this
   * one's records are written in the next group commit instead of keeping a slot idle for two round trips.
   */
  async process(delivery: EntryDelivery, handlerDone: () => void = () => {}): Promise<Decision> {
    try {
      return await this.decide(delivery, handlerDone);
    } finally {
      handlerDone();
    }
  }

  private async decide(delivery: EntryDelivery, handlerDone: () => void): Promise<Decision> {
    const { entryId } = delivery;
    const parsed = this.parse(delivery.fields);
    if (!parsed.ok) {
      await this.deadLetterInvalid(entryId, parsed);
      return { kind: 'ack', eventId: parsed.eventId ?? '', tombstone: false };
    }
    const { fn } = this.options;
    const event = parsed.event;
    // An entry that wakes another function's sleeping run is nothing to this one.
    if (parsed.wake !== null && parsed.wake !== fn.id)
      return { kind: 'ack', eventId: event.id, tombstone: false };
    const key = runKey(event.id, fn.id);
    if (!this.gate.active) return this.admitted(delivery, parsed, key, handlerDone);
    // Flow control before the claim: a run waiting for its turn costs no attempt and writes nothing.
    const answer = await this.gate.enter(event, key);
    if (!answer.open) return { kind: 'retry', at: answer.retryAt, waitOn: answer.waitOn };
    // The slot goes back as soon as the handler is done, so the key's next run starts while this one's outcome is
    // recorded: the limit is on handlers running, and recording is no part of one.
    let left: Promise<void> | null = null;
    const leave = () => {
      left ??= this.gate.leave(event, key).catch((error: unknown) => {
        this.options.logger.warn(
          { function: fn.id, key, err: error },
          'could not give back a concurrency slot; it expires',
        );
      });
      return left;
    };
    try {
      return await this.admitted(delivery, parsed, key, () => {
        void leave();
        handlerDone();
      });
    } finally {
      await leave();
    }
  }

  /** Decides an entry whose run may start now (flow control let it through). */
  private async admitted(
    delivery: EntryDelivery,
    parsed: Extract<Parsed, { ok: true }>,
    key: string,
    handlerDone: () => void,
  ): Promise<Decision> {
    const { entryId } = delivery;
    const { fn, consumer } = this.options;
    const event = parsed.event;
    const now = new Date();
    const request: ClaimRequest = {
      key,
      functionId: fn.id,
      event,
      entryId,
      consumer,
      now,
      expectRecorded: parsed.wake === fn.id,
    };
    // A debounced run never starts on its delivery: it waits for its key to go quiet.
    const sole =
      !this.debouncer &&
      this.ledger.answering() &&
      isSoleDelivery({ ...delivery, republished: parsed.republished, occurredAt: event.occurredAt }) &&
      (await this.marks.add({ eventId: event.id, entryId }));
    if (sole) return this.run(entryId, event, key, 1, handlerDone, request);
    const claim = await this.claims.add(request);
    if (claim.kind === 'finished') return { kind: 'ack', eventId: event.id, tombstone: true };
    if (this.debouncer && claim.kind === 'fresh') return this.debounce(this.debouncer, event, key, now);
    if (claim.kind === 'recorded' && claim.nextAttemptAt > now) {
      if (!claim.sleeping) return { kind: 'retry', at: claim.nextAttemptAt };
      // Asleep (this entry is a copy, or came early): the wake-up is set again, never held here for days.
      await this.scheduleWakeUp(event, key, claim.nextAttemptAt);
      return { kind: 'ack', eventId: event.id, tombstone: false };
    }
    // Even a first claim asks Redis: a run started on its only delivery claims nothing in its first second, but
    // Redis maps its event to the entry carrying it, and this entry then stands down.
    const start = await this.begins.add(
      claim.kind === 'fresh'
        ? { eventId: event.id, entryId, firstEntryId: entryId, attemptsRecorded: 0 }
        : { eventId: event.id, entryId, firstEntryId: claim.firstEntryId, attemptsRecorded: claim.attempts },
    );
    if (start.kind === 'lost') return drop;
    if (start.kind === 'duplicate') {
      this.options.logger.info(
        { function: fn.id, eventId: event.id, entryId },
        'another entry of this event carries its run; acknowledging the duplicate',
      );
      return { kind: 'ack', eventId: event.id, tombstone: false };
    }
    // Read after `begin` mapped the run to this entry: a run that finished through another entry wrote its result
    // before acknowledging, so it is seen here (see docs/architecture.md, "A run's life").
    if (await this.finals.add(key)) return { kind: 'ack', eventId: event.id, tombstone: true };
    await this.debouncer?.release(event, key);
    return this.run(entryId, event, key, start.attempt, handlerDone, null);
  }

  /**
   * A debounced event's run waits, asleep, until its key goes quiet, and replaces the key's waiting run, which is
   * cancelled: the ledger first (the sleep, the event owed meanwhile), then the wake-up, then the cancel.
   */
  private async debounce(
    debouncer: Debouncer,
    event: EventEnvelope,
    key: string,
    now: Date,
  ): Promise<Decision> {
    const { fn, logger } = this.options;
    const { replaced, dueInMs } = await debouncer.replace(event, key);
    const until = new Date(now.getTime() + dueInMs);
    await this.record({
      key,
      functionId: fn.id,
      attempt: 1,
      status: 'sleeping',
      error: null,
      nextAttemptAt: until,
      event,
      finishedAt: now,
      durationMs: 0,
    });
    await this.scheduleWakeUp(event, key, until);
    if (replaced) {
      await this.withRetries(replaced, 'cancelling a debounced run', async () => {
        const cancelled = await this.options.ledger.cancelRuns(
          [replaced],
          `debounced: replaced by ${event.id}`,
        );
        if (cancelled > 0) {
          this.options.observer.onRunsCancelled(fn.id, cancelled);
          logger.info({ function: fn.id, replaced, by: event.id }, 'debounced run replaced');
        }
      });
    }
    return { kind: 'ack', eventId: event.id, tombstone: false };
  }

  /** `unclaimed`: the claim of a run started without one, written if it runs long or does not succeed. */
  private async run(
    entryId: string,
    event: EventEnvelope,
    key: string,
    attempt: number,
    handlerDone: () => void,
    unclaimed: ClaimRequest | null,
  ): Promise<Decision> {
    const { fn, settings, logger } = this.options;
    const started = Date.now();
    const attemptsAllowed = maxAttempts(settings.policy);
    const lateClaim = unclaimed ? this.claimLater(unclaimed) : null;
    const messageIds = new MessageIdLog();
    let error: unknown = null;
    if (attempt > attemptsAllowed) {
      error = new Error(
        `no attempts left: ${attempt - 1} attempts started and none finished (a worker died mid-run?)`,
      );
    } else {
      try {
        await this.invoke(entryId, event, key, attempt, messageIds);
      } catch (caught) {
        error = caught;
      }
    }
    handlerDone();
    // A failure is recorded on the run's claim (attempts, error, next attempt): it must exist first.
    if (lateClaim) await (error === null ? lateClaim.cancel() : lateClaim.now());
    const finishedAt = new Date();
    const attemptsMade = Math.min(attempt, attemptsAllowed);
    const base = {
      key,
      functionId: fn.id,
      attempt: attemptsMade,
      finishedAt,
      durationMs: finishedAt.getTime() - started,
      origin: runOriginOf(event),
      event,
      ...messageIds.outcomeFields(),
    };
    const ack: Decision = { kind: 'ack', eventId: event.id, tombstone: unclaimed === null };
    if (isRunSleeping(error)) {
      this.options.observer.onAttemptFinished(fn.id, 'sleeping', base.durationMs);
      // The ledger first (the sleep, and the event owed while it lasts), then the wake-up; the entry is done.
      const match = fn.cancelOn?.[0]?.match;
      const cancelKey = match ? (valueAtPath(event, match) ?? undefined) : undefined;
      await this.record({
        ...base,
        status: 'sleeping',
        error: null,
        nextAttemptAt: error.until,
        cancelKey,
      });
      await this.scheduleWakeUp(event, key, error.until);
      return { kind: 'ack', eventId: event.id, tombstone: false };
    }
    if (error === null) {
      this.options.observer.onAttemptFinished(fn.id, 'succeeded', base.durationMs);
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
      this.options.observer.onAttemptFinished(fn.id, 'failed', base.durationMs);
      await this.record({ ...base, status: 'failed', error: message, nextAttemptAt: at });
      return { kind: 'retry', at };
    }
    logger.error(
      { function: fn.id, eventId: event.id, attempt, error: message },
      'run failed for good; dead-lettered',
    );
    this.options.observer.onAttemptFinished(fn.id, 'dead', base.durationMs);
    this.options.observer.onDeadLettered(fn.id, 'failed');
    await this.record({ ...base, status: 'dead', error: message, nextAttemptAt: null });
    await this.writeDeadLetter({
      functionId: fn.id,
      eventId: event.id,
      eventName: event.name,
      attempts: attemptsMade,
      error: message,
      failedAt: finishedAt.toISOString(),
      stream: this.options.ownership.stream,
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
  private async invoke(
    entryId: string,
    event: EventEnvelope,
    key: string,
    attempt: number,
    messageIds: MessageIdLog,
  ): Promise<void> {
    const { fn, settings, logger } = this.options;
    const { timeoutMs, graceMs } = settings;
    const controller = new AbortController();
    const onForced = () => controller.abort(this.forced.signal.reason);
    this.forced.signal.addEventListener('abort', onForced, { once: true });
    this.running.set(entryId, controller);
    const clock = new RunClock(timeoutMs);
    try {
      const context = {
        event,
        attempt,
        logger: withLogFields(logger, { function: fn.id, eventId: event.id, runKey: key }),
        runKey: key,
        signal: controller.signal,
        outsideTimeout: <T>(pending: Promise<T>) => clock.outside(pending),
        step: createStepTools({ runKey: key, store: this.steps }),
        recordMessageId: (messageId: string) => messageIds.record(messageId),
      };
      const handle = () => fn.handler(context as Parameters<typeof fn.handler>[0]);
      const settled = inRunSpan({ functionId: fn.id, event, runKey: key, attempt }, handle).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      let result = await Promise.race([settled, clock.expired.then(() => undefined)]);
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
      clock.stop();
      this.running.delete(entryId);
      this.forced.signal.removeEventListener('abort', onForced);
    }
  }

  /**
   * Claims a run that started without a claim once it has run `claimAfterMs`, or at once through `now()`. The
   * claim normally finds nothing (the delivery was the only one); should it find another claim, that is logged,
   * since it means a copy of the event was published while this run could not be seen.
   */
  private claimLater(request: ClaimRequest): { now(): Promise<void>; cancel(): void } {
    let claimed: Promise<void> | null = null;
    const now = () => {
      clearTimeout(timer);
      claimed ??= this.withRetries(request.key, 'claiming a long run', async () => {
        const claim = await this.claims.add(request);
        if (claim.kind !== 'fresh') {
          this.options.logger.warn(
            {
              function: this.options.fn.id,
              eventId: request.event.id,
              entryId: request.entryId,
              found: claim.kind,
            },
            'a run started on its only delivery was already claimed by another entry',
          );
        }
      });
      return claimed;
    };
    const timer = setTimeout(() => {
      now().catch((error: unknown) => {
        this.options.logger.warn(
          { function: this.options.fn.id, key: request.key, err: error },
          'could not claim a long run; it goes on',
        );
      });
    }, this.options.settings.claimAfterMs);
    return { now, cancel: () => clearTimeout(timer) };
  }

  /**
   * Ledger writes after a run are retried until they land, however long MongoDB is away: the entry stays held (and
   * renewed) meanwhile, so nobody runs it again, and losing the write would make the run happen again. Only a
   * shutdown past its grace gives up, leaving the entry pending for a takeover.
   */
  private record(outcome: RunOutcome): Promise<void> {
    return this.withRetries(outcome.key, 'recording a run', () => this.finishes.add(outcome));
  }

  private async withRetries(key: string, what: string, write: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (this.forced.signal.aborted) throw error;
        const delay = ledgerWriteDelaysMs[Math.min(attempt, ledgerWriteDelaysMs.length - 1)];
        this.options.logger.warn(
          { function: this.options.fn.id, key, err: error },
          `${what} failed; retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Sets a sleeping run's wake-up in Redis. A failure is only logged: the ledger holds the sleep and keeps the
   * event owed, so the relay publishes it once the sleep is over and the run resumes then.
   */
  private async scheduleWakeUp(event: EventEnvelope, key: string, until: Date): Promise<void> {
    const { fn, logger } = this.options;
    try {
      await this.wakeUps.add({
        eventName: event.name,
        runKey: key,
        until,
        fields: encodeEvent(event, { republished: true, wake: fn.id }),
      });
    } catch (error) {
      logger.warn(
        { function: fn.id, eventId: event.id, until, err: error },
        'could not set the wake-up in Redis; the relay wakes the run after its sleep',
      );
    }
  }

  private async writeDeadLetter(letter: DeadLetter): Promise<void> {
    try {
      await this.deadLetters.add(letter);
    } catch (error) {
      this.options.logger.warn(
        { function: letter.functionId, eventId: letter.eventId, err: error },
        'writing the dead-letter stream failed; the run stays dead in the ledger',
      );
    }
  }

  private async deadLetterInvalid(entryId: string, parsed: Extract<Parsed, { ok: false }>): Promise<void> {
    const { fn, logger } = this.options;
    logger.error(
      { function: fn.id, entryId, reason: parsed.reason },
      'event does not match its schema; dead-lettered',
    );
    this.options.observer.onDeadLettered(fn.id, 'invalid-event');
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
      stream: this.options.ownership.stream,
      entryId,
      event: JSON.stringify(raw),
    });
  }

  private parse(fields: string[]): Parsed {
    const decoded = decodeEntry(fields);
    if (!decoded.ok) return { ok: false, eventId: null, raw: { fields }, reason: decoded.error };
    const result = this.options.fn.event.envelope.safeParse(decoded.event);
    if (result.success)
      return { ok: true, event: result.data, republished: decoded.republished, wake: decoded.wake };
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

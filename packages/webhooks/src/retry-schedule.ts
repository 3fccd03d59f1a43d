export interface RetrySchedule {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** How much the ceiling grows per attempt (>= 1). */
  factor: number;
  /** The largest ceiling, however many attempts came before. */
  capMs: number;
  /** Attempts in all, the first included: after this many, the message is given up. */
  maxAttempts: number;
}

/** A number in [0, 1), like Math.random: injected so that tests and simulations can fix it. */
export type RandomSource = () => number;

/** Checks a schedule once, where it is configured, so a bad setting fails at start-up rather than mid-retry. */
export function defineRetrySchedule(schedule: RetrySchedule): Readonly<RetrySchedule> {
  const { baseMs, factor, capMs, maxAttempts } = schedule;
  if (!Number.isFinite(baseMs) || baseMs <= 0) throw new RangeError(`baseMs must be > 0, got ${baseMs}`);
  if (!Number.isFinite(factor) || factor < 1) throw new RangeError(`factor must be >= 1, got ${factor}`);
  if (!Number.isFinite(capMs) || capMs < baseMs) {
    throw new RangeError(`capMs must be >= baseMs (${baseMs}), got ${capMs}`);
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`);
  }
  return Object.freeze({ baseMs, factor, capMs, maxAttempts });
}

/**
 * How long to wait before the next attempt, after `attemptsMade` attempts failed retryably, or null when the
 * schedule allows no more. Exponential backoff with full jitter: a whole number of milliseconds drawn uniformly
 * below min(cap, base * factor^(attemptsMade - 1)). The spread keeps the retries of many messages that failed
 * together (a receiver's outage) from arriving together again.
 */
export function nextRetryDelayMs(
  schedule: Readonly<RetrySchedule>,
  attemptsMade: number,
  random: RandomSource = Math.random,
): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) {
    throw new RangeError(`attemptsMade must be an integer >= 1, got ${attemptsMade}`);
  }
  if (attemptsMade >= schedule.maxAttempts) return null;
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * schedule.factor ** (attemptsMade - 1));
  const draw = random();
  if (!(draw >= 0 && draw < 1)) throw new RangeError(`The random source must return [0, 1), got ${draw}`);
  return Math.floor(draw * ceiling);
}

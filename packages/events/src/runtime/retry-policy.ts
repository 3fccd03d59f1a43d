/** How a function retries failed runs. Defaults follow Inngest: four retries after the first try. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 means one try only. */
  retries: number;
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** Each further retry waits this many times longer. */
  factor: number;
  /** No single delay exceeds this. */
  maxDelayMs: number;
  /** Share of each delay that is randomised (0 to 1), so failed runs do not all come back at once. */
  jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 4,
  initialDelayMs: 2_000,
  factor: 4,
  maxDelayMs: 10 * 60_000,
  jitter: 0.25,
};

/** Attempts a run may take in all: the first try plus the retries. */
export function maxAttempts(policy: RetryPolicy): number {
  return policy.retries + 1;
}

/**
 * The wait before the next attempt after `attempt` failed (1-based): exponential, capped, with "equal jitter"
 * (a random part of at most `jitter` of the delay is taken off) so it never exceeds the cap.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

export type MailCapacity = {
  /** Runs in flight per function: the runtime's `concurrency`. */
  runsPerFunction: number;
  /**
   * Entries per function held waiting for a retry: the runtime's `retryBuffer`, sized from WORKER_CONCURRENCY as
   * before the cap (four times it). Those runs hold no connection, and during an SMTP outage they are what lets a
   * worker keep taking events instead of stopping at the few it is running.
   */
  retryBuffer: number;
  /** The startup log line saying how the pool and the runs were sized. */
  message: string;
  fields: { mailPoolSize: number; runsPerFunction: number; functions: number; workerConcurrency: number };
};

/**
 * Sizes the runs against the SMTP pool. Every function of this worker ends in a send, and the runtime times the
 * whole handler, so a run started beyond the pool would spend its timeout waiting for a connection (and, with a
 * slow server, fail for it). Runs per function are therefore capped at MAIL_POOL_SIZE: one busy function never
 * waits for a connection. Several functions busy at once share the pool; the message says how many runs can then
 * wait, and what pool size would avoid it.
 */
export function mailCapacity(o: { concurrency: number; poolSize: number; functions: number }): MailCapacity {
  const runsPerFunction = Math.min(o.concurrency, o.poolSize);
  const mostRuns = runsPerFunction * o.functions;
  const capped =
    o.concurrency > o.poolSize
      ? ` (WORKER_CONCURRENCY=${o.concurrency} capped at MAIL_POOL_SIZE: runs beyond the pool would only wait for a connection while their timeout runs)`
      : '';
  const shared =
    mostRuns > o.poolSize
      ? `; with all ${o.functions} functions busy, up to ${mostRuns - o.poolSize} runs wait for a connection (MAIL_POOL_SIZE=${mostRuns} avoids that)`
      : '';
  return {
    runsPerFunction,
    retryBuffer: o.concurrency * 4,
    message: `mail capacity: ${o.poolSize} SMTP connections, ${runsPerFunction} runs per function${capped}${shared}`,
    fields: {
      mailPoolSize: o.poolSize,
      runsPerFunction,
      functions: o.functions,
      workerConcurrency: o.concurrency,
    },
  };
}

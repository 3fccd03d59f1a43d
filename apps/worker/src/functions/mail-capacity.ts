export type MailCapacity = {
  /** Runs in flight per function: the runtime's `concurrency`. */
  runsPerFunction: number;
  /**
   * Entries per function held beyond those running (waiting for a retry, or done and being recorded): the runtime's
   * `retryBuffer`, four times WORKER_CONCURRENCY. During an SMTP outage they are what lets a worker keep taking
   * events instead of stopping at the few it is running, without pulling the whole stream into memory.
   */
  retryBuffer: number;
  /** The startup log line saying how the pool and the runs were sized. */
  message: string;
  fields: { mailPoolSize: number; runsPerFunction: number; functions: number; workerConcurrency: number };
};

/**
 * Sizes the runs against the SMTP pool. A run waits for a pooled connection outside its timeout
 * (`outsideTimeout`), so runs beyond the pool are not at risk: they load and render their mail while others send,
 * and queue only for the send itself. The message says how many runs can queue for a connection at most.
 */
export function mailCapacity(sizes: {
  concurrency: number;
  poolSize: number;
  functions: number;
}): MailCapacity {
  const { concurrency, poolSize, functions } = sizes;
  const mostRuns = concurrency * functions;
  const queued =
    mostRuns > poolSize
      ? `; with all ${functions} functions busy, up to ${mostRuns - poolSize} runs queue for a connection, outside their timeout`
      : '';
  return {
    runsPerFunction: concurrency,
    retryBuffer: concurrency * 4,
    message: `mail capacity: ${poolSize} SMTP connections, ${concurrency} runs per function${queued}`,
    fields: {
      mailPoolSize: poolSize,
      runsPerFunction: concurrency,
      functions,
      workerConcurrency: concurrency,
    },
  };
}

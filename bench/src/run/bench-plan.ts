import type { SinkDelays } from '../services/mail-sink.child.ts';

/** Sizes of every measurement: the full run gives figures worth reading, `--quick` only proves the harness works. */
export interface BenchPlan {
  api: { connections: number; warmupSec: number; durationSec: number };
  bus: {
    events: number;
    xaddEvents: number;
    concurrency: number;
    workerCounts: readonly number[];
    /** Also run the stream-only runtime with 3 processes (context; the quick run skips it). */
    streamOnlyWorkers3: boolean;
  };
  email: { mails: number; warmupMails: number; concurrency: number; poolSize: number };
  e2e: {
    rates: readonly number[];
    durationSec: number;
    warmupRequests: number;
    /** The closed-loop burst that finds the API and worker's capacity (see `measureCapacity`). */
    capacity: { clients: number; durationSec: number; steadyAfterSec: number };
  };
  recovery: {
    requests: number;
    /** Requests/s at which they are created, before the kill. */
    createRate: number;
    /** The worker is killed once this many of the round's mails have arrived. */
    killAfterMails: number;
    /**
     * The sink holds its replies to RCPT TO and to the body this long, so when the kill comes some of the worker's
     * mails are not yet with the sink (sent again by whoever takes the run over) and some are (mailed twice).
     */
    sinkDelays: SinkDelays;
  };
}

/**
 * Concurrency is the same on both sides of every comparison: 50 runs in flight for the no-op bus (the
 * concurrency BullMQ was calibrated at), the worker's own tuning for mails.
 */
export function benchPlan(quick: boolean): BenchPlan {
  return quick
    ? {
        api: { connections: 16, warmupSec: 0.5, durationSec: 1 },
        bus: {
          events: 2_000,
          xaddEvents: 10_000,
          concurrency: 50,
          workerCounts: [1, 3],
          streamOnlyWorkers3: false,
        },
        email: { mails: 40, warmupMails: 10, concurrency: 16, poolSize: 5 },
        e2e: {
          rates: [50, 200],
          durationSec: 0.5,
          warmupRequests: 10,
          capacity: { clients: 8, durationSec: 2, steadyAfterSec: 0.5 },
        },
        recovery: {
          requests: 40,
          createRate: 100,
          killAfterMails: 10,
          sinkDelays: { recipientMs: 50, dataMs: 50 },
        },
      }
    : {
        api: { connections: 16, warmupSec: 3, durationSec: 10 },
        bus: {
          events: 20_000,
          xaddEvents: 100_000,
          concurrency: 50,
          workerCounts: [1, 3],
          streamOnlyWorkers3: true,
        },
        email: { mails: 500, warmupMails: 200, concurrency: 16, poolSize: 5 },
        e2e: {
          rates: [50, 200],
          durationSec: 10,
          warmupRequests: 100,
          capacity: { clients: 16, durationSec: 6, steadyAfterSec: 2 },
        },
        recovery: {
          requests: 200,
          createRate: 100,
          killAfterMails: 50,
          sinkDelays: { recipientMs: 50, dataMs: 50 },
        },
      };
}

import type { SampleOptions } from '../reads/sample-in-turn.ts';
import type { SinkDelays } from '../services/mail-sink.child.ts';

/** Sizes of every measurement: the full run gives figures worth reading, `--quick` only proves the harness works. */
export interface BenchPlan {
  /**
   * `scrapeIntervalMs`: how often the observed API's `/metrics` is read during its load runs;
   * `noopTracingIterations`: calls per round of the no-op tracing loop (`noopTracingCostUs`); `rounds`: rounds
   * of the sides at least (more with `--rounds`). The full run's rounds are short and many: with 10-second rounds
   * a side's throughput moved ±20 % from one round to the next on the shared 2 cores, more than the effects the
   * section compares (observability's 5 %), and a ratio of neighbouring rounds pairs the drift away only when
   * there are enough pairs for a median.
   */
  api: {
    connections: number;
    warmupSec: number;
    durationSec: number;
    rounds: number;
    scrapeIntervalMs: number;
    noopTracingIterations: number;
  };
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
  /** Deliveries per round at each endpoint count (events × endpoints), and rounds of each side. */
  webhooks: { endpointCounts: readonly number[]; deliveries: number; rounds: number };
  reads: {
    /**
     * Requests of the measured company at each step (filled up from the step before), and how many other
     * companies of as many requests each share its collection at that step.
     */
    steps: readonly { requests: number; otherCompanies: number }[];
    /** Samples per shape through the API on the bench's own database server (FerretDB with the index pushdown). */
    benchDb: SampleOptions;
    /**
     * The same on FerretDB built without the index-pushdown patch (as this project ran before it), at the steps up to `upTo` requests: its calls
     * take up to seconds each at 10,000, so fewer samples and a time budget per shape. Searches only up to
     * `searchUpTo`: one call reads every search term, a minute or more at 10,000.
     */
    unpatched: SampleOptions & { upTo: number; searchUpTo: number };
  };
  /**
   * Runs sleeping until times spread over `windowMs`, which starts `leadMs` after the first publish (time enough
   * for every run to be asleep), on `workers` processes. Getting runs asleep went at 100–260 runs/s on the shared
   * 2 cores (each first attempt writes the ledger and a step on FerretDB), hence 10 minutes for 100,000.
   */
  /** `concurrency`: runs in flight per worker process (the runtime's `concurrency` option; its default is 16). */
  timers: { runs: number; windowMs: number; leadMs: number; workers: number; concurrency: number };
  /** An every-second schedule over `ticks` ticks on `workers` processes. */
  cron: { ticks: number; workers: number };
  /**
   * Requests added to the demo company for the board (issue 13: 1,000), and whether one round stands for the
   * run's rounds (the quick run: each round launches a browser).
   */
  web: { requests: number; oneRound: boolean };
}

/**
 * Concurrency is the same on both sides of every comparison: 50 runs in flight for the no-op bus (the
 * concurrency BullMQ was calibrated at), the worker's own tuning for mails.
 */
export function benchPlan(quick: boolean): BenchPlan {
  return quick
    ? {
        api: {
          connections: 16,
          warmupSec: 0.5,
          durationSec: 1,
          rounds: 3,
          scrapeIntervalMs: 1_000,
          noopTracingIterations: 50_000,
        },
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
        webhooks: { endpointCounts: [1, 10], deliveries: 60, rounds: 1 },
        reads: {
          steps: [
            { requests: 1_000, otherCompanies: 0 },
            { requests: 10_000, otherCompanies: 1 },
          ],
          benchDb: { warmup: 3, samples: 20 },
          // Without pushdown a call at 10,000 takes seconds: the quick run compares at 1,000 only.
          unpatched: {
            upTo: 1_000,
            searchUpTo: 1_000,
            warmup: 0,
            samples: 5,
            budgetMs: 2_000,
            minSamples: 1,
          },
        },
        timers: { runs: 1_000, windowMs: 5_000, leadMs: 15_000, workers: 3, concurrency: 100 },
        cron: { ticks: 5, workers: 3 },
        web: { requests: 200, oneRound: true },
      }
    : {
        api: {
          connections: 16,
          warmupSec: 3,
          durationSec: 4,
          rounds: 15,
          scrapeIntervalMs: 1_000,
          noopTracingIterations: 200_000,
        },
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
        webhooks: { endpointCounts: [1, 10], deliveries: 1_000, rounds: 3 },
        reads: {
          // About 20 minutes of inserts: FerretDB takes 1–1.3 ms per request with the model's indexes; the measured
          // company's search terms (about 18 a request, 8,000 a second) add about 4.
          steps: [
            { requests: 1_000, otherCompanies: 0 },
            { requests: 10_000, otherCompanies: 0 },
            { requests: 100_000, otherCompanies: 9 },
          ],
          benchDb: { warmup: 20, samples: 200 },
          // Stats counted afresh took 9 s a call at 1,000 without pushdown, and grow with the collection.
          unpatched: {
            upTo: 10_000,
            searchUpTo: 1_000,
            warmup: 0,
            samples: 30,
            budgetMs: 10_000,
            minSamples: 1,
          },
        },
        // 100 in flight per process: a resumed sleeper mostly waits on the ledger, and the runs resumed together share
        // its reads and writes (at the default 16, 30,000 over 20 s lagged p99 33 s here; at 100, 0.8 s).
        timers: { runs: 100_000, windowMs: 60_000, leadMs: 600_000, workers: 3, concurrency: 100 },
        cron: { ticks: 30, workers: 3 },
        web: { requests: 1_000, oneRound: false },
      };
}

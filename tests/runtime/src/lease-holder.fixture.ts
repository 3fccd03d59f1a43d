import type { FunctionWorkerOptions, OutboxStore, RuntimeLogger } from '@fixstream/events';
import { pingFunction } from './events.fixture.ts';

/**
 * What one worker was seen doing, from the surfaces the runtime offers to anyone: its outbox store (only a relay
 * pass asks it for due events), its logger (lease changes, each trim pass) and its function's handler.
 */
export type Observation =
  | { kind: 'leader'; leader: boolean }
  | { kind: 'relay' }
  | { kind: 'trim'; stream: string; removed: number }
  | { kind: 'ran'; n: number };

/** A worker run in a child process (`lease-holder.process.ts`), configured through one environment variable. */
export interface LeaseWorkerConfig {
  redis: { url: string } | { clusterNodes: { host: string; port: number }[] };
  mongoUri: string;
  prefix: string;
  consumer: string;
  /** Timings and leader duty settings: JSON only. */
  timings: Partial<FunctionWorkerOptions>;
}
export const leaseWorkerConfigVariable = 'FIXSTREAM_LEASE_WORKER';

/** The parts of a worker's options that report what it does to `observe`: its function, store and logger. */
export function observedWorker(
  store: OutboxStore,
  observe: (observation: Observation) => void,
): Required<Pick<FunctionWorkerOptions, 'functions' | 'logger'>> & { outbox: { store: OutboxStore } } {
  const logger: RuntimeLogger = {
    debug(fields, message) {
      if (message !== 'trimmed acknowledged entries') return;
      const { stream, removed } = fields as { stream: string; removed: number };
      observe({ kind: 'trim', stream, removed });
    },
    info(fields, message) {
      if (message === 'leader lease changed hands')
        observe({ kind: 'leader', leader: (fields as { leader: boolean }).leader });
    },
    warn() {},
    error() {},
  };
  return {
    functions: [pingFunction(async ({ event }) => observe({ kind: 'ran', n: event.data.n }))],
    outbox: {
      store: {
        ...store,
        due(now, limit) {
          observe({ kind: 'relay' });
          return store.due(now, limit);
        },
      },
    },
    logger,
  };
}

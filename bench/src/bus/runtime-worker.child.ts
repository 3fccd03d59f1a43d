import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { childConfig, fromParent, isMessage, toParent } from '../proc/child-ipc.ts';
import { createMemoryLedger } from './memory-ledger.ts';
import { countMongoRoundTrips, countRedisRoundTrips } from './round-trip-counters.ts';

/** How a runtime worker for the bus figures is set up. */
export interface RuntimeWorkerConfig {
  /** Checkout whose runtime (packages/events, with db and run-storage) runs: this one, or the seed-flow worktree. */
  root: string;
  redisUrl: string;
  prefix: string;
  /** `mongo`: the real ledger and relay; `memory`: same runtime, no durable ledger; `none`: seed-flow's API. */
  ledger: 'mongo' | 'memory' | 'none';
  mongoUri: string | null;
  concurrency: number;
  /** Count this process's MongoDB and Redis round trips and report them when asked (`roundTrips` message). */
  countRoundTrips?: boolean;
}

type EventsModule = typeof import('@fixstream/events');
type DbModule = typeof import('@fixstream/db');
type StorageModule = typeof import('@fixstream/run-storage');

const config = childConfig<RuntimeWorkerConfig>();
const load = <T>(path: string): Promise<T> =>
  import(pathToFileURL(join(config.root, path)).href) as Promise<T>;
const events = await load<EventsModule>('packages/events/src/index.ts');

const redisTrips = config.countRoundTrips ? countRedisRoundTrips() : () => 0;
let mongoTrips = () => 0;
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
// A no-op handler on the catalog's own event type, which both runtimes know: what is measured is the runtime.
const noop = events.defineFunction({
  id: 'bench-noop',
  event: events.requestCreated,
  handler: async () => {},
});
let closeDb = async () => {};
let durable: Pick<Parameters<EventsModule['createFunctionWorker']>[0], 'ledger' | 'outbox'> | object = {};
if (config.ledger === 'mongo') {
  if (!config.mongoUri) throw new Error('the mongo ledger needs mongoUri');
  const dbModule = await load<DbModule>('packages/db/src/index.ts');
  const storageModule = await load<StorageModule>('packages/run-storage/src/index.ts');
  const db = await dbModule.connectDatabase(config.mongoUri, { monitorCommands: config.countRoundTrips });
  if (config.countRoundTrips) mongoTrips = countMongoRoundTrips(db.connection.getClient());
  closeDb = () => db.close();
  durable = {
    ledger: storageModule.createRunLedger(db.storage),
    outbox: { store: storageModule.createOutbox(db.storage) },
  };
} else if (config.ledger === 'memory') {
  durable = { ledger: createMemoryLedger() };
}
// Options the seed-flow runtime does not know (ledger) are simply not passed to it.
const worker = events.createFunctionWorker({
  redis,
  prefix: config.prefix,
  functions: [noop],
  concurrency: config.concurrency,
  ...durable,
} as Parameters<EventsModule['createFunctionWorker']>[0]);
await worker.start();
fromParent((message) => {
  if (isMessage('roundTrips')(message))
    toParent({ type: 'roundTrips', mongo: mongoTrips(), redis: redisTrips() });
});
toParent({ type: 'ready' });

process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await closeDb();
    redis.disconnect();
    process.exit(0);
  })();
});

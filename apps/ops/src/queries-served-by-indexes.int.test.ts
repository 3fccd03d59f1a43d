import { captureQueries, type UnservedByDesign, unservedQueries } from '@fixstream/dev-services';
import { createRedisLease, defineCronFunction, type EventEnvelope, streamKeys } from '@fixstream/events';
import { createCronStore, createRetentionSweeper, replayLeaseName } from '@fixstream/run-storage';
import { waitFor, writeOwingRequests } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlledFunction, pinged } from './testing/events.fixture.ts';
import { createOpsHarness, type OpsHarness, pendingCount } from './testing/ops-harness.ts';

/**
 * Reads no index serves, each for its reason. Everything else the runtime (ledger, relay, outbox, retention) and
 * `pnpm ops` send must be served by an index.
 */
const unservedByDesign: UnservedByDesign[] = [
  { collection: 'ledger_functions', reason: 'one document per function ever run, read whole' },
  { collection: 'cron_schedules', reason: 'one document per scheduled function, read whole' },
  {
    collection: 'maintenance_requests',
    field: 'outbox.id',
    reason:
      "findEvent's last resort, only for an event nothing owes and no run of which was claimed; MongoDB serves " +
      'it from the multikey index {outbox.id: 1}, FerretDB cannot index inside arrays',
  },
  { collection: 'password_reset_requests', field: 'outbox.id', reason: 'the same last resort' },
];

let h: OpsHarness;
const flaky = controlledFunction('flaky-fn');
const steady = controlledFunction('steady-fn');
const ticking = defineCronFunction({ id: 'ticking-fn', cron: '* * * * * *', handler: async () => {} });
const capture = { queries: () => [] as ReturnType<ReturnType<typeof captureQueries>['queries']> };

beforeAll(async () => {
  h = await createOpsHarness({ monitorCommands: true });
  const watching = captureQueries(h.watched.connection.getClient());
  capture.queries = () => watching.queries();
});
afterAll(() => h.close());

async function resultsOf(event: EventEnvelope): Promise<number> {
  return h.db.storage.results.countDocuments({
    _id: { $in: [`${event.id}.flaky-fn`, `${event.id}.steady-fn`] },
  });
}

/** Runs what the runtime does (claims, retries, dead runs, relay, retention) and every `pnpm ops` command. */
async function exerciseRuntimeAndOps(): Promise<void> {
  flaky.broken = true;
  await h.startWorker([flaky.fn, steady.fn, ticking], {
    cron: { store: createCronStore(h.watched.storage) },
  });
  await waitFor(
    async () => (await h.db.storage.results.countDocuments({ functionId: 'ticking-fn' })) > 0,
    'a scheduled tick ran',
  );
  const published = [pinged.create({ n: 1 }), pinged.create({ n: 2 })];
  await h.publisher.publishMany(published);
  const owing = [pinged.create({ n: 3 })];
  await writeOwingRequests(h.db, owing);
  for (const event of [...published, ...owing])
    await waitFor(async () => (await resultsOf(event)) === 2, 'both functions finished the event');
  const release = steady.hold(4);
  const held = pinged.create({ n: 4 });
  await h.publisher.publish(held);
  await waitFor(() => steady.callsOf(held.id) > 0, 'a run in progress');

  const [first, second] = published as [EventEnvelope, EventEnvelope];
  const commands = [
    ['status', '--json'],
    ['dead', 'list', '--json'],
    ['dead', 'list', '--function', 'flaky-fn', '--json'],
    ['redrive', first.id, '--json'],
    ['redrive', (owing[0] as EventEnvelope).id, '--json'],
    ['replay', first.id, '--json'],
    ['replay', second.id, '--function', 'flaky-fn', '--json'],
    ['replay', '--all', '--json'],
    ['replay', '--all', '--function', 'flaky-fn', '--json'],
    ['replay', '--all', '--force', '--function', 'steady-fn', '--json'],
    ['search-terms', 'rebuild', '--json'],
    ['search-terms', 'rebuild', '--company', '0123456789abcdef01234567', '--json'],
  ];
  for (const args of commands) {
    const run = await h.cliInProcess(...args);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  }
  release();
  const stream = h.keys.stream(pinged.name);
  await waitFor(
    async () =>
      (await pendingCount(h.redis, stream, 'flaky-fn')) === 0 &&
      (await pendingCount(h.redis, stream, 'steady-fn')) === 0 &&
      (await h.db.storage.owedRows.countDocuments({ ref: { $not: /^cron:/ } })) === 0,
    'every entry acked and every owed event but the ticks settled',
  );

  const sweeper = createRetentionSweeper(h.watched.storage, {
    windows: { runsMs: 0, deadRunsMs: 0, orphanReplaysMs: 0 },
    functions: [flaky.fn, steady.fn],
    replayLease: createRedisLease(h.redis, streamKeys(h.prefix).lease(replayLeaseName)),
  });
  const swept = await sweeper.sweep({ now: new Date(Date.now() + 60_000) });
  expect(swept.runs).toBeGreaterThan(0);
}

describe('every query the runtime and pnpm ops send', { timeout: 120_000 }, () => {
  it('is served by an index, or is a read that is unserved by design', async () => {
    await exerciseRuntimeAndOps();
    const queries = capture.queries();
    const collections = new Set(queries.map((q) => q.collection));
    for (const name of [
      'function_runs',
      'function_run_results',
      'outbox_owed',
      'replay_outboxes',
      'cron_ticks',
    ])
      expect(collections, name).toContain(name);
    expect(await unservedQueries(h.watched.storage.db, queries, unservedByDesign)).toEqual([]);
  });
});

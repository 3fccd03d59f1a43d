import { createRedisLease, type EventEnvelope, writeDeadLetters } from '@fixstream/events';
import { createRunLedger, replayLeaseName } from '@fixstream/run-storage';
import { waitFor, writeOwingRequests } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusReport } from './status/collect-status.ts';
import { controlledFunction, pinged } from './testing/events.fixture.ts';
import { createOpsHarness, type OpsHarness, owedReplays, pendingCount } from './testing/ops-harness.ts';

interface DeadListJson {
  dead: {
    key: string;
    function: string;
    eventId: string;
    eventName: string;
    attempts: number;
    error: string;
    finishedAt: string;
  }[];
}

let h: OpsHarness;
let flaky: ReturnType<typeof controlledFunction>;
let steady: ReturnType<typeof controlledFunction>;

beforeEach(async () => {
  h = await createOpsHarness();
  flaky = controlledFunction('flaky-fn');
  steady = controlledFunction('steady-fn');
  flaky.broken = true;
  await h.startWorker([flaky.fn, steady.fn]);
});
afterEach(() => h.close());

const key = (event: EventEnvelope, fnId: string) => `${event.id}.${fnId}`;

async function resultOf(event: EventEnvelope, fnId: string) {
  return h.db.storage.results.findOne({ _id: key(event, fnId) });
}

/** Publishes events and waits until the broken function has dead-lettered them and every entry is acked. */
async function deadEvents(...ns: number[]): Promise<EventEnvelope[]> {
  const events = ns.map((n) => pinged.create({ n }));
  await h.publisher.publishMany(events);
  await waitFor(
    async () => (await h.db.storage.results.countDocuments()) === events.length * 2,
    'dead and succeeded results',
  );
  await settled();
  return events;
}

/** Every stream entry acked and every owed (replayed) event settled by the relay. */
async function settled(): Promise<void> {
  const stream = h.keys.stream(pinged.name);
  await waitFor(
    async () =>
      (await pendingCount(h.redis, stream, 'flaky-fn')) === 0 &&
      (await pendingCount(h.redis, stream, 'steady-fn')) === 0 &&
      (await owedReplays(h.db)) === 0,
    'entries acked and owed events settled',
  );
}

// Each test starts the ops CLI several times (a Node process with tsx each): seconds apiece on a loaded machine.
describe('ops status and dead list', { timeout: 120_000 }, () => {
  it('show the dead runs: counts and dead letters per function, and each run with its error', async () => {
    const events = await deadEvents(1, 2, 3);

    const status = await h.cli('status', '--json');
    expect(status.code, status.stderr).toBe(0);
    const report = status.json<StatusReport>();
    expect(report.streams).toHaveLength(1);
    const [stream] = report.streams;
    expect(stream).toMatchObject({
      stream: h.keys.stream(pinged.name),
      event: pinged.name,
      exists: true,
      length: 3,
    });
    expect(stream?.groups).toEqual([
      {
        function: 'flaky-fn',
        groupExists: true,
        consumers: 1,
        lag: 0,
        pending: 0,
        oldestPendingAgeMs: null,
        deadLetters: 3,
        runs: { succeeded: 0, dead: 3, cancelled: 0, inProgress: 0, sleeping: 0 },
      },
      {
        function: 'steady-fn',
        groupExists: true,
        consumers: 1,
        lag: 0,
        pending: 0,
        oldestPendingAgeMs: null,
        deadLetters: 0,
        runs: { succeeded: 3, dead: 0, cancelled: 0, inProgress: 0, sleeping: 0 },
      },
    ]);

    const table = await h.cli('status');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^STREAM\s+EVENT\s+LENGTH\s+FUNCTION\s+CONSUMERS\s+LAG\s+PENDING\s+OLDEST PENDING/,
    );
    // … DEAD LETTERS, SUCCEEDED, DEAD, CANCELLED, IN PROGRESS, SLEEPING
    expect(lines[2]).toMatch(
      /^ops:\S+\s+ops-test\/pinged\s+3\s+flaky-fn\s+1\s+0\s+0\s+-\s+3\s+0\s+3\s+0\s+0\s+0$/,
    );
    expect(lines[3]).toMatch(/^\s+steady-fn\s+1\s+0\s+0\s+-\s+0\s+3\s+0\s+0\s+0\s+0$/);
    expect(report.outbox).toEqual({ owedEvents: 0, oldestOwedAgeMs: null });
    expect(lines.at(-1)).toBe('Owed in MongoDB: nothing; every written event is finished.');

    const listed = await h.cli('dead', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const { dead } = listed.json<DeadListJson>();
    expect(dead).toHaveLength(3);
    expect(new Set(dead.map((run) => run.eventId))).toEqual(new Set(events.map((event) => event.id)));
    for (const run of dead) {
      expect(run).toMatchObject({
        key: `${run.eventId}.flaky-fn`,
        function: 'flaky-fn',
        eventName: pinged.name,
        attempts: 2,
        error: 'Error: flaky-fn is broken',
      });
    }
    const finished = dead.map((run) => run.finishedAt);
    expect(finished).toEqual([...finished].sort().reverse());

    // Runs that died in the same millisecond are equally newest: --limit 1 may show any of them.
    const newest = (await h.cli('dead', 'list', '--limit', '1', '--json')).json<DeadListJson>().dead;
    expect(newest).toHaveLength(1);
    expect(dead).toContainEqual(newest[0]);
    expect(newest[0]?.finishedAt).toBe(dead[0]?.finishedAt);
    const none = await h.cli('dead', 'list', '--function', 'steady-fn', '--json');
    expect(none.json<DeadListJson>().dead).toEqual([]);
  });

  it('reports a run in progress with the age of its oldest pending entry, and functions Redis has no group of', async () => {
    flaky.broken = false;
    const release = flaky.hold(7);
    const event = pinged.create({ n: 7 });
    await h.publisher.publish(event);
    await waitFor(() => flaky.callsOf(event.id) === 1, 'the run started');
    // A function known only from its dead letters, and one known only from the ledger (its stream is gone).
    await writeDeadLetters(h.redis, h.keys, [
      {
        functionId: 'ghost-fn',
        eventId: event.id,
        eventName: pinged.name,
        attempts: 1,
        error: 'Error: gone',
        failedAt: new Date().toISOString(),
        stream: h.keys.stream(pinged.name),
        entryId: '1-0',
        event: JSON.stringify(event),
      },
    ]);
    const other = { ...event, id: 'other-event', name: 'ops-test/other' };
    await createRunLedger(h.db.storage).claim([
      {
        key: 'other-event.ledger-only-fn',
        functionId: 'ledger-only-fn',
        event: other,
        entryId: '1-0',
        consumer: 'gone',
        now: new Date(),
      },
    ]);

    const report = (await h.cli('status', '--json')).json<StatusReport>();
    const [otherStream, pingStream] = report.streams;
    expect(otherStream).toEqual({
      stream: h.keys.stream('ops-test/other'),
      event: 'ops-test/other',
      exists: false,
      length: 0,
      wakeUps: 0,
      groups: [
        {
          function: 'ledger-only-fn',
          groupExists: false,
          consumers: 0,
          lag: null,
          pending: 0,
          oldestPendingAgeMs: null,
          deadLetters: 0,
          runs: { succeeded: 0, dead: 0, cancelled: 0, inProgress: 1, sleeping: 0 },
        },
      ],
    });
    expect(pingStream?.groups.map((g) => [g.function, g.groupExists, g.deadLetters])).toEqual([
      ['flaky-fn', true, 0],
      ['ghost-fn', false, 1],
      ['steady-fn', true, 0],
    ]);
    const group = pingStream?.groups.find((g) => g.function === 'flaky-fn');
    expect(group).toMatchObject({
      pending: 1,
      runs: { succeeded: 0, dead: 0, cancelled: 0, inProgress: 1, sleeping: 0 },
    });
    expect(group?.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    release();
    await waitFor(
      async () => (await resultOf(event, 'flaky-fn'))?.status === 'succeeded',
      'the run finished',
    );
  });
});

interface ReplayJson {
  replayed: { key: string; function: string; eventId: string; eventName: string; previous: string }[];
  skipped: { key: string; function: string; reason: string }[];
  succeededLeftAlone: number;
  events: { id: string; name: string }[];
  published: boolean;
  publishError: string | null;
}

describe('ops replay', { timeout: 120_000 }, () => {
  it('runs a fixed function once more for one event; it succeeds exactly once, and the other function is not rerun', async () => {
    const [first, second] = (await deadEvents(1, 2)) as [EventEnvelope, EventEnvelope];
    flaky.broken = false;

    const run = await h.cli('replay', first.id, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<ReplayJson>()).toEqual({
      replayed: [
        {
          key: key(first, 'flaky-fn'),
          function: 'flaky-fn',
          eventId: first.id,
          eventName: pinged.name,
          previous: 'dead',
        },
      ],
      skipped: [
        {
          key: key(first, 'steady-fn'),
          function: 'steady-fn',
          reason: 'succeeded; add --force to run it again',
        },
      ],
      succeededLeftAlone: 0,
      events: [{ id: first.id, name: pinged.name }],
      published: true,
      publishError: null,
    });
    await waitFor(
      async () => (await resultOf(first, 'flaky-fn'))?.status === 'succeeded',
      'the replay succeeded',
    );
    await settled();
    expect(flaky.callsOf(first.id)).toBe(3);
    expect(steady.callsOf(first.id)).toBe(1);
    expect(await resultOf(first, 'flaky-fn')).toMatchObject({ status: 'succeeded', attempts: 1 });
    const runDoc = await h.db.storage.runs.findOne({ _id: key(first, 'flaky-fn') });
    expect(runDoc?.lastError).toBe('replayed; before: Error: flaky-fn is broken');
    expect(await resultOf(second, 'flaky-fn')).toMatchObject({ status: 'dead' });
    expect(flaky.callsOf(second.id)).toBe(2);

    const again = await h.cli('replay', first.id);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Nothing replayed\./);
    expect(again.stdout).toMatch(/flaky-fn\s+succeeded; add --force to run it again/);
  });

  it('--all replays every dead run but skips runs in progress and succeeded ones; --force reruns a succeeded run once', async () => {
    const [first, second] = (await deadEvents(1, 2)) as [EventEnvelope, EventEnvelope];
    flaky.broken = false;
    const release = flaky.hold(3);
    const third = pinged.create({ n: 3 });
    await h.publisher.publish(third);
    await waitFor(
      async () =>
        flaky.callsOf(third.id) === 1 && (await resultOf(third, 'steady-fn'))?.status === 'succeeded',
      'the third event in progress for flaky-fn, done for steady-fn',
    );

    const all = await h.cli('replay', '--all', '--json');
    expect(all.code, all.stderr).toBe(0);
    const outcome = all.json<ReplayJson>();
    expect(outcome.replayed.map((r) => r.key).sort()).toEqual(
      [key(first, 'flaky-fn'), key(second, 'flaky-fn')].sort(),
    );
    expect(outcome.skipped).toEqual([
      {
        key: key(third, 'flaky-fn'),
        function: 'flaky-fn',
        reason: expect.stringMatching(/^in progress \(attempt 1, running\)/),
      },
    ]);
    expect(outcome.succeededLeftAlone).toBe(3);
    expect(outcome.published).toBe(true);
    await waitFor(
      async () =>
        (await resultOf(first, 'flaky-fn'))?.status === 'succeeded' &&
        (await resultOf(second, 'flaky-fn'))?.status === 'succeeded',
      'both replays succeeded',
    );
    release();
    await waitFor(
      async () => (await resultOf(third, 'flaky-fn'))?.status === 'succeeded',
      'the held run finished',
    );
    await settled();
    expect([first, second, third].map((e) => [flaky.callsOf(e.id), steady.callsOf(e.id)])).toEqual([
      [3, 1],
      [3, 1],
      [1, 1],
    ]);

    const refused = await h.cli('replay', '--all', '--force');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/name the function with --function/);

    const forced = await h.cli('replay', third.id, '--function', 'steady-fn', '--force', '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json<ReplayJson>()).toMatchObject({
      replayed: [{ key: key(third, 'steady-fn'), previous: 'succeeded' }],
      skipped: [],
      published: true,
    });
    await waitFor(() => steady.callsOf(third.id) === 2, 'the forced rerun');
    await waitFor(async () => (await resultOf(third, 'steady-fn'))?.status === 'succeeded', 'its result');
    await settled();
    expect(steady.callsOf(third.id)).toBe(2);
    expect(flaky.callsOf(third.id)).toBe(1);
  });

  it('refuses to replay while Redis does not answer (replays take turns there), and changes nothing', async () => {
    const [event] = (await deadEvents(1)) as [EventEnvelope];
    const run = await h.cliWithEnv({ REDIS_URL: 'redis://127.0.0.1:1' }, 'replay', event.id);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(
      /^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/,
    );
    expect((await resultOf(event, 'flaky-fn'))?.status).toBe('dead');
    expect(await owedReplays(h.db)).toBe(0);
  });

  it('counts the events MongoDB still owes, with the age of the oldest', async () => {
    const owed = [pinged.create({ n: 1 }), pinged.create({ n: 2 })];
    await writeOwingRequests(h.db, owed, { dueAt: new Date(Date.now() + 3_600_000) });
    await h.db.storage.owedRows.updateOne(
      { eventId: owed[0]?.id },
      { $set: { createdAt: new Date(Date.now() - 95_000) } },
    );

    const report = (await h.cli('status', '--json')).json<StatusReport>();
    expect(report.outbox.owedEvents).toBe(2);
    expect(report.outbox.oldestOwedAgeMs).toBeGreaterThanOrEqual(95_000);
    const table = await h.cli('status');
    expect(table.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Owed in MongoDB: 2 events not yet finished by every function, the oldest written 1m\d+s ago\.$/,
    );
  });

  it('waits its turn: a replay fails while another one holds the replay lease', async () => {
    await deadEvents(1);
    flaky.broken = false;
    const lease = createRedisLease(h.redis, h.keys.lease(replayLeaseName));
    expect(await lease.acquire('another-operator', 60_000)).toBe(true);
    const busy = await h.cli('replay', '--all');
    expect(busy).toMatchObject({ code: 1, stdout: '' });
    expect(busy.stderr).toBe('error: another replay is running; try again when it has finished\n');
    await lease.release('another-operator');
    const run = await h.cli('replay', '--all', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<ReplayJson>().replayed).toHaveLength(1);
  });

  it('fails with a message for an event the ledger does not know', async () => {
    const run = await h.cli('replay', 'no-such-event');
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      'error: unknown event no-such-event: no run, request outbox or replay holds it\n',
    );
  });
});

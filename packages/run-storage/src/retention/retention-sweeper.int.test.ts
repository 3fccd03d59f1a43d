import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import {
  type CronTick,
  cronTick,
  type EventEnvelope,
  type Lease,
  type RunLedger,
  runKey,
} from '@fixstream/events';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createCronStore } from '../cron/cron-store.ts';
import { createRunLedger } from '../ledger/run-ledger.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { outboxRef, owedRowId } from '../outbox/owed-rows.ts';
import { openRunStorage, type RunStorage, replayAggregateName } from '../run-storage.ts';
import { createRetentionSweeper, type RetentionSweeperOptions } from './retention-sweeper.ts';

const dayMs = 24 * 60 * 60_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * dayMs);

let client: MongoClient;
let storage: RunStorage;
let ledger: RunLedger;

beforeAll(async () => {
  client = await MongoClient.connect(mongoUriFor(inject('services').mongoUri, `retention-${randomUUID()}`));
  storage = await openRunStorage(client.db(), []);
  ledger = createRunLedger(storage);
});
afterAll(async () => {
  await client
    ?.db()
    .dropDatabase()
    .catch(() => undefined);
  await client?.close();
});
beforeEach(async () => {
  await Promise.all(
    [storage.runs, storage.results, storage.owedRows, storage.replays, storage.ticks].map((collection) =>
      collection.deleteMany({}),
    ),
  );
});

/** A lease in memory, held by whoever took it last until released. */
function memoryLease(): Lease & { holder: string | null } {
  return {
    holder: null,
    async acquire(holder) {
      if (this.holder !== null && this.holder !== holder) return false;
      this.holder = holder;
      return true;
    },
    async release(holder) {
      if (this.holder === holder) this.holder = null;
    },
  };
}

function sweeper(overrides: Partial<RetentionSweeperOptions> = {}) {
  return createRetentionSweeper(storage, {
    windows: { runsMs: 30 * dayMs, deadRunsMs: 90 * dayMs },
    functions: [
      { id: 'notify', event: { name: 'test/created' } },
      { id: 'audit', event: { name: 'test/created' } },
      { id: 'alone', event: { name: 'test/other' } },
    ],
    replayLease: memoryLease(),
    ...overrides,
  });
}

function event(name = 'test/created'): EventEnvelope {
  return { id: randomUUID(), name, version: 1, occurredAt: now.toISOString(), data: {} };
}

async function claim(e: EventEnvelope, functionId: string, at: Date): Promise<string> {
  const key = runKey(e.id, functionId);
  await ledger.claim([{ key, functionId, event: e, entryId: '1-0', consumer: 'test', now: at }]);
  return key;
}

/** A run claimed and finished `days` ago, as the ledger records it. */
async function finishedRun(
  e: EventEnvelope,
  functionId: string,
  days: number,
  status: 'succeeded' | 'dead' = 'succeeded',
): Promise<string> {
  const at = daysAgo(days);
  const key = await claim(e, functionId, at);
  await ledger.finish([
    {
      key,
      functionId,
      attempt: 1,
      status,
      error: status === 'dead' ? 'boom' : null,
      nextAttemptAt: null,
      finishedAt: at,
      durationMs: 5,
    },
  ]);
  return key;
}

async function stored(key: string): Promise<{ run: boolean; result: boolean }> {
  const [run, result] = await Promise.all([
    storage.runs.findOne({ _id: key }),
    storage.results.findOne({ _id: key }),
  ]);
  return { run: run !== null, result: result !== null };
}

const gone = { run: false, result: false };
const kept = { run: true, result: true };

describe('the retention sweeper: runs', () => {
  it('deletes a succeeded run and its result past RETENTION_RUNS_DAYS and keeps a younger one', async () => {
    const old = await finishedRun(event('test/other'), 'alone', 31);
    const young = await finishedRun(event('test/other'), 'alone', 29);
    const pass = await sweeper().sweep({ now });
    expect([await stored(old), await stored(young)]).toEqual([gone, kept]);
    expect(pass).toMatchObject({ runs: 1, runsKept: 0, replayRunning: false, aborted: false });
  });

  it('never deletes a run without a final result, however old', async () => {
    const running = await claim(event('test/other'), 'alone', daysAgo(400));
    const waiting = await claim(event('test/other'), 'alone', daysAgo(400));
    await ledger.finish([
      {
        key: waiting,
        functionId: 'alone',
        attempt: 1,
        status: 'failed',
        error: 'try again',
        nextAttemptAt: daysAgo(399),
        finishedAt: daysAgo(400),
        durationMs: 5,
      },
    ]);
    await sweeper().sweep({ now });
    expect([await stored(running), await stored(waiting)]).toEqual([
      { run: true, result: false },
      { run: true, result: false },
    ]);
  });

  it('keeps a dead run until RETENTION_DEAD_RUNS_DAYS, then deletes it', async () => {
    const deadYoung = await finishedRun(event('test/other'), 'alone', 60, 'dead');
    const deadOld = await finishedRun(event('test/other'), 'alone', 91, 'dead');
    await sweeper().sweep({ now });
    expect([await stored(deadYoung), await stored(deadOld)]).toEqual([kept, gone]);
  });

  it('keeps the runs of an event while another function of it is kept: dead and young, or unfinished', async () => {
    const withDead = event();
    const succeeded = await finishedRun(withDead, 'notify', 60);
    const dead = await finishedRun(withDead, 'audit', 60, 'dead');
    const withRunning = event();
    const done = await finishedRun(withRunning, 'notify', 60);
    const running = await claim(withRunning, 'audit', daysAgo(60));
    const allOld = event();
    const both = [await finishedRun(allOld, 'notify', 100), await finishedRun(allOld, 'audit', 95, 'dead')];
    const pass = await sweeper().sweep({ now });
    expect(await Promise.all([succeeded, dead, done].map(stored))).toEqual([kept, kept, kept]);
    expect(await stored(running)).toEqual({ run: true, result: false });
    expect(await Promise.all(both.map(stored))).toEqual([gone, gone]);
    expect(pass).toMatchObject({ runs: 2, runsKept: 2 });
  });

  it('keeps the runs of an event still owed, and never deletes owed-event rows however old', async () => {
    const owed = event('test/other');
    const key = await finishedRun(owed, 'alone', 100);
    const ref = outboxRef(replayAggregateName, 'replay-1');
    await storage.owedRows.insertOne({
      _id: owedRowId(ref, owed.id),
      eventId: owed.id,
      eventName: owed.name,
      occurredAt: new Date(owed.occurredAt),
      ref,
      dueAt: daysAgo(400),
      createdAt: daysAgo(400),
    });
    await sweeper({
      windows: { runsMs: dayMs, deadRunsMs: dayMs, orphanReplaysMs: dayMs },
    }).sweep({ now });
    expect(await stored(key)).toEqual(kept);
    expect(await storage.owedRows.countDocuments({})).toBe(1);
  });

  it('works through more than one batch, past the runs it keeps', async () => {
    const keptKeys: string[] = [];
    for (let i = 0; i < 4; i++) {
      const e = event();
      keptKeys.push(await finishedRun(e, 'notify', 60), await finishedRun(e, 'audit', 60, 'dead'));
    }
    const swept: string[] = [];
    for (let i = 0; i < 11; i++) swept.push(await finishedRun(event('test/other'), 'alone', 40));
    const pass = await sweeper({ batchSize: 3 }).sweep({ now });
    expect(pass).toMatchObject({ runs: 11, runsKept: 4 });
    expect(await Promise.all(swept.map(stored))).toEqual(swept.map(() => gone));
    expect(await Promise.all(keptKeys.map(stored))).toEqual(keptKeys.map(() => kept));
  });

  it('leaves runs alone while a replay holds its lease, and sweeps them at the next pass', async () => {
    const replayLease = memoryLease();
    await replayLease.acquire('a replay', 60_000);
    const key = await finishedRun(event('test/other'), 'alone', 40);
    const busy = await sweeper({ replayLease }).sweep({ now });
    expect(busy).toMatchObject({ runs: 0, replayRunning: true });
    expect(await stored(key)).toEqual(kept);
    await replayLease.release('a replay');
    expect(await sweeper({ replayLease }).sweep({ now })).toMatchObject({ runs: 1, replayRunning: false });
    expect(replayLease.holder).toBeNull();
  });

  it('stops at the next batch once aborted', async () => {
    for (let i = 0; i < 4; i++) await finishedRun(event('test/other'), 'alone', 40);
    const abort = new AbortController();
    abort.abort();
    const pass = await sweeper({ batchSize: 2 }).sweep({ now, signal: abort.signal });
    expect(pass).toMatchObject({ runs: 0, aborted: true });
    expect(await storage.results.countDocuments({})).toBe(4);
  });
});

describe('the retention sweeper: replay documents', () => {
  it('deletes replay documents nothing owes any more once a day old; keeps owed and young ones', async () => {
    await createOutbox(storage).oweAgain([event(), event(), event()], 'replay');
    const docs = await storage.replays.find({}).toArray();
    const [settled, owed, young] = docs.map((doc) => ({
      id: String(doc._id),
      eventId: String(doc.outbox[0]?.id),
    })) as [
      { id: string; eventId: string },
      { id: string; eventId: string },
      { id: string; eventId: string },
    ];
    for (const doc of [settled, owed]) {
      await storage.replays.updateOne({ _id: doc.id }, { $set: { createdAt: daysAgo(2) } });
    }
    for (const doc of [settled, young]) {
      await storage.owedRows.deleteOne({
        _id: owedRowId(outboxRef(replayAggregateName, doc.id), doc.eventId),
      });
    }
    const pass = await sweeper().sweep({ now });
    expect(pass.replays).toBe(1);
    const left = await storage.replays.find({}, { projection: { _id: 1 } }).toArray();
    expect(left.map((doc) => String(doc._id)).sort()).toEqual([owed.id, young.id].sort());
    expect(await storage.owedRows.countDocuments({})).toBe(1);
  });
});

describe('the retention sweeper: schedule ticks', () => {
  it('deletes ticks older than RETENTION_RUNS_DAYS that nothing owes; keeps owed and young ones', async () => {
    const store = createCronStore(storage);
    await store.cursors([{ functionId: 'nightly', cron: '0 3 * * *', timezone: 'UTC' }], now);
    const [settled, owed, young] = [daysAgo(40), daysAgo(35), daysAgo(2)].map((at) =>
      cronTick('nightly', at),
    ) as [CronTick, CronTick, CronTick];
    for (const tick of [settled, owed, young]) expect(await store.fire('nightly', tick)).toBe(true);
    expect(await store.fire('nightly', settled)).toBe(false);
    await storage.owedRows.deleteMany({ eventId: { $in: [settled.id, young.id] } });

    const pass = await sweeper().sweep({ now });
    expect(pass.ticks).toBe(1);
    const left = await storage.ticks.find({}, { projection: { _id: 1 } }).toArray();
    expect(left.map((doc) => doc._id).sort()).toEqual([owed.id, young.id].sort());
  });
});

import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { type EventEnvelope, type Lease, type RunLedger, runKey } from '@fixstream/events';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import { oweEvents } from '../outbox.store.ts';
import { outboxRef, owedRowId, recordOwedEvents } from '../owed-events.ts';
import { createRunLedger } from '../run-ledger.ts';
import { createRetentionSweeper, type RetentionSweeperOptions } from './retention-sweeper.ts';

const dayMs = 24 * 60 * 60_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * dayMs);

let db: Database;
let ledger: RunLedger;

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `retention-${randomUUID()}`));
  ledger = createRunLedger(db);
});
afterAll(async () => {
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
});
beforeEach(async () => {
  await Promise.all(
    [
      db.models.Run,
      db.models.RunResult,
      db.models.OwedEvent,
      db.models.PendingEvent,
      db.models.RequestRevision,
    ].map((model) => model.collection.deleteMany({})),
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
  return createRetentionSweeper(db, {
    windows: { runsMs: 30 * dayMs, deadRunsMs: 90 * dayMs, revisionClaimsMs: 24 * 60 * 60_000 },
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
    db.models.Run.collection.findOne({ _id: key as never }),
    db.models.RunResult.collection.findOne({ _id: key as never }),
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
    const ref = outboxRef('pending', 'replay-1');
    await recordOwedEvents(db, [{ ref, event: owed }], daysAgo(400));
    await db.models.OwedEvent.collection.updateOne(
      { _id: owedRowId(ref, owed.id) as never },
      { $set: { createdAt: daysAgo(400) } },
    );
    await sweeper({
      windows: { runsMs: dayMs, deadRunsMs: dayMs, revisionClaimsMs: 60 * 60_000, orphanReplaysMs: dayMs },
    }).sweep({ now });
    expect(await stored(key)).toEqual(kept);
    expect(await db.models.OwedEvent.countDocuments({})).toBe(1);
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
    expect(await db.models.RunResult.countDocuments({})).toBe(4);
  });
});

describe('the retention sweeper: revision claims and replay documents', () => {
  async function claimAt(request: string, revision: number, createdAt: Date): Promise<string> {
    const _id = `${request}@${revision}`;
    await db.models.RequestRevision.collection.insertOne({ _id: _id as never, request, revision, createdAt });
    return _id;
  }

  it('deletes revision claims older than RETENTION_REVISION_CLAIMS_HOURS and keeps recent ones', async () => {
    const old = [await claimAt('r1', 3, daysAgo(2)), await claimAt('r2', 1, daysAgo(30))];
    const recent = [await claimAt('r1', 4, daysAgo(0.5)), await claimAt('r3', 1, now)];
    const pass = await sweeper({ batchSize: 1 }).sweep({ now });
    expect(pass.revisionClaims).toBe(2);
    const left = await db.models.RequestRevision.collection.find({}, { projection: { _id: 1 } }).toArray();
    expect(left.map((claim) => claim._id).sort()).toEqual([...recent].sort());
    expect(left.map((claim) => claim._id)).not.toContain(old[0]);
  });

  it('deletes replay documents nothing owes any more once a day old; keeps owed and young ones', async () => {
    await oweEvents(db, [event(), event(), event()], 'replay');
    const docs = await db.models.PendingEvent.collection.find({}).toArray();
    const [settled, owed, young] = docs.map((doc) => ({
      id: String(doc._id),
      eventId: String((doc.outbox as EventEnvelope[])[0]?.id),
    })) as [
      { id: string; eventId: string },
      { id: string; eventId: string },
      { id: string; eventId: string },
    ];
    for (const doc of [settled, owed]) {
      await db.models.PendingEvent.collection.updateOne(
        { _id: doc.id as never },
        { $set: { createdAt: daysAgo(2) } },
      );
    }
    for (const doc of [settled, young]) {
      await db.models.OwedEvent.collection.deleteOne({
        _id: owedRowId(outboxRef('pending', doc.id), doc.eventId) as never,
      });
    }
    const pass = await sweeper().sweep({ now });
    expect(pass.pendingEvents).toBe(1);
    const left = await db.models.PendingEvent.collection.find({}, { projection: { _id: 1 } }).toArray();
    expect(left.map((doc) => String(doc._id)).sort()).toEqual([owed.id, young.id].sort());
    expect(await db.models.OwedEvent.countDocuments({})).toBe(1);
  });
});

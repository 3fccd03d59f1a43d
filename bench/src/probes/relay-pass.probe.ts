/**
 * How long one relay pass takes to find what is owed, as the requests on file grow: the query the relay used
 * before `outbox_owed` (a filter on the requests collection, which FerretDB answers by decoding every document)
 * against the index of owed events now: `OutboxStore.due` (a scan of the owed rows only) with nothing owed, and
 * `due` + `finish` of 200 finished events (one compare-and-set by `_id` per event, one delete of the rows).
 * Prints a Markdown table.
 *
 *   node --import tsx bench/src/probes/relay-pass.probe.ts [historySizes, default 1000,10000,30000]
 */
import { connectDatabase, requestOutboxRef } from '@fixstream/db';
import { mongoUriFor, startMongo } from '@fixstream/dev-services';
import { requestCreated } from '@fixstream/events';
import { createOutbox, owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';

const sizes = (process.argv[2] ?? '1000,10000,30000').split(',').map(Number);
const owedCount = 200;
const passes = 5;

const mongo = await startMongo({ quiet: true });
const db = await connectDatabase(mongoUriFor(mongo.uri, 'relay-probe'));
try {
  const store = createOutbox(db.storage);
  const rows: string[] = [];
  let onFile = 0;
  for (const size of sizes) {
    await addRequests(size - onFile, false);
    onFile = size;
    const before = await median(() =>
      db.models.Request.collection
        .find({ outboxDueAt: { $lte: new Date() } })
        .sort({ outboxDueAt: 1 })
        .limit(200)
        .toArray(),
    );
    const nothingOwed = await median(() => store.due(new Date(), 200));
    const finishing: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      await addRequests(owedCount, true);
      onFile += owedCount;
      const started = performance.now();
      await store.settle(await store.due(new Date(), owedCount));
      finishing.push(performance.now() - started);
    }
    const someOwed = medianOf(finishing);
    rows.push(`| ${size} | ${before.toFixed(1)} | ${nothingOwed.toFixed(1)} | ${someOwed.toFixed(1)} |`);
    console.error(rows.at(-1));
  }
  console.log(
    [
      `| requests on file | old query (scan of requests), ms | due(): nothing owed, ms | due() + settle() of ${owedCount} events, ms |`,
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
} finally {
  await db.connection.dropDatabase();
  await db.close();
  await mongo.stop();
}

async function addRequests(count: number, owed: boolean): Promise<void> {
  for (let done = 0; done < count; done += 500) {
    const docs = Array.from({ length: Math.min(500, count - done) }, (_, i) => {
      const _id = new Types.ObjectId();
      const event = requestCreated.create({
        requestId: _id.toString(),
        companyId: new Types.ObjectId().toString(),
        type: 'corrective',
        assignedTechnicianId: new Types.ObjectId().toString(),
        requestedById: new Types.ObjectId().toString(),
      });
      return {
        event,
        doc: {
          _id,
          subject: `History request ${done + i}`,
          description: 'A request from the past: closed long ago, its events all finished.',
          type: 'corrective',
          status: 'repaired',
          priority: 1,
          equipment: new Types.ObjectId(),
          maintenanceTeam: new Types.ObjectId(),
          assignedTechnician: new Types.ObjectId(),
          requestedBy: new Types.ObjectId(),
          company: new Types.ObjectId(),
          outbox: owed ? [event] : [],
          revision: 1,
        },
      };
    });
    await createOutbox(db.storage).write(
      owed ? docs.flatMap(({ doc, event }) => owedBy(requestOutboxRef(doc._id.toString()), [event])) : [],
      () => db.models.Request.collection.insertMany(docs.map(({ doc }) => doc)),
      { publish: false, dueAt: new Date(Date.now() - 1) },
    );
  }
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return medianOf(times);
}

function medianOf(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushdownServers, startPushdownServers } from './pushdown-servers.test-util.ts';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;
const { ObjectId } = mongoose.mongo;

const COLLECTION = 'requests';
const day = 86_400_000;
const byTeamAndStage = { company: 1, team: 1, status: 1, _id: -1 } as const;
const byClose = { company: 1, closedAt: 1, _id: 1 } as const;
const statuses = ['new', 'in_progress', 'repaired', 'scrap'] as const;

/** The data, made so that every path the patch takes (and every one it leaves to the handler) has rows. */
function fixture() {
  const now = Date.UTC(2026, 10, 30, 12);
  const plain = new ObjectId();
  const nullTeams = new ObjectId();
  const missingTeams = new ObjectId();
  const mixedTypes = new ObjectId();
  const teams = [new ObjectId(), new ObjectId(), new ObjectId()];
  const docs: Document[] = [];
  for (let i = 0; i < 600; i++) {
    const company = [plain, plain, plain, nullTeams, missingTeams, mixedTypes][
      i % 6
    ] as mongoose.Types.ObjectId;
    const created = now - ((i * 37) % 60) * day - (i % 17) * 3_600_000;
    const round = Math.floor(i / 6);
    const status = statuses[Math.floor(round / 3) % 4] as string;
    const closed = status === 'repaired' || status === 'scrap';
    const team = teams[round % 3] as mongoose.Types.ObjectId;
    const doc: Document = {
      _id: new ObjectId(
        Math.floor(created / 1000)
          .toString(16)
          .padStart(8, '0') + i.toString(16).padStart(16, '0'),
      ),
      company,
      status,
      closedAt: closed ? new Date(created + ((i % 9) + 1) * 3_600_000 + (i % 1000)) : null,
      team,
    };
    if (company.equals(nullTeams) && round % 5 === 0) doc.team = null;
    if (company.equals(missingTeams) && round % 5 === 0) delete doc.team;
    // the same hex digits as a string: breaks the hinted index's promise of one type per field
    if (company.equals(mixedTypes) && round % 5 === 0) doc.team = team.toHexString();
    docs.push(doc);
  }
  return { now, plain, nullTeams, missingTeams, mixedTypes, teams, docs };
}

const data = fixture();

/** The groups of an aggregation, in one order whatever order the server answered them in. */
function sorted(groups: Document[]): string {
  return JSON.stringify(groups.map((g) => mongoose.mongo.BSON.EJSON.stringify(g, { relaxed: false })).sort());
}

function teamStagePipeline(company: mongoose.Types.ObjectId): Document[] {
  return [
    { $match: { company } },
    { $group: { _id: { team: '$team', status: '$status' }, requests: { $sum: 1 } } },
  ];
}

function closesPipeline(match: Document): Document[] {
  return [
    { $match: match },
    {
      $group: {
        _id: null,
        closed: { $sum: 1 },
        repairMs: { $sum: { $subtract: ['$closedAt', { $toDate: '$_id' }] } },
      },
    },
  ];
}

/** What MongoDB answers for closesPipeline over `docs`, computed here. */
function expectedCloses(docs: Document[]): Document[] {
  if (docs.length === 0) return [];
  const repairMs = docs.reduce(
    (sum, doc) =>
      sum + (doc.closedAt as Date).getTime() - (doc._id as mongoose.Types.ObjectId).getTimestamp().getTime(),
    0,
  );
  return [{ _id: null, closed: docs.length, repairMs: mongoose.mongo.Long.fromNumber(repairMs) }];
}

async function aggregate(db: Db, pipeline: Document[], hint?: Document): Promise<Document[]> {
  return db
    .collection(COLLECTION)
    .aggregate(pipeline, { ...(hint ? { hint } : {}), promoteLongs: false })
    .toArray();
}

// The patch answers an aggregation that counts per group from a hinted index: it must answer as FerretDB's own
// stages do (the reference runs with `--test-disable-pushdown`), and where it cannot, leave the work to them.
describe('FerretDB group pushdown (SQLite)', () => {
  let servers: PushdownServers;
  let withPushdown: Db;
  let withoutPushdown: Db;

  beforeAll(async () => {
    servers = await startPushdownServers('groups', async (db) => {
      await db.collection(COLLECTION).insertMany(data.docs);
      await db.collection(COLLECTION).createIndexes([{ key: byTeamAndStage }, { key: byClose }]);
    });
    ({ withPushdown, withoutPushdown } = servers);
  }, 60_000);

  afterAll(async () => {
    await servers?.stop();
  });

  it('counts per team and stage from the hinted index as the reference counts the documents', async () => {
    for (const company of [data.plain, data.nullTeams, data.missingTeams]) {
      const pipeline = teamStagePipeline(company);
      const [hinted, unhinted, expected] = await Promise.all([
        aggregate(withPushdown, pipeline, byTeamAndStage),
        aggregate(withPushdown, pipeline),
        aggregate(withoutPushdown, pipeline),
      ]);
      expect(expected.length).toBeGreaterThan(4);
      expect(sorted(hinted)).toBe(sorted(expected));
      expect(sorted(unhinted)).toBe(sorted(expected));
    }
  });

  it('reads the groups from the index, where the data breaks the promise of one type per field', async () => {
    // An ObjectId and a string of its hex digits have one text in the index: counted from the index, they are
    // one group (of the first row's type); counted from the documents, two. So the hinted answer comes from the
    // index, and the answer without a hint from the documents.
    const pipeline = teamStagePipeline(data.mixedTypes);
    const [hinted, unhinted, expected] = await Promise.all([
      aggregate(withPushdown, pipeline, byTeamAndStage),
      aggregate(withPushdown, pipeline),
      aggregate(withoutPushdown, pipeline),
    ]);
    expect(sorted(unhinted)).toBe(sorted(expected));
    expect(hinted.length).toBeLessThan(expected.length);
    const total = (groups: Document[]) => groups.reduce((sum, g) => sum + (g.requests as number), 0);
    expect(total(hinted)).toBe(total(expected));
  });

  it("counts a period's closes and sums each one's time since its _id's creation", async () => {
    const from = new Date(data.now - 20 * day);
    const to = new Date(data.now - 2 * day);
    const inPeriod = (doc: Document) =>
      doc.company.equals(data.plain) && doc.closedAt && doc.closedAt >= from && doc.closedAt < to;
    const expected = expectedCloses(data.docs.filter(inPeriod));
    expect(expected[0]?.closed).toBeGreaterThan(10);
    const match = { company: data.plain, closedAt: { $gte: from, $lt: to } };
    // with the hint from the index; without it, and with a condition the index does not hold, from the documents
    const [hinted, unhinted, inexact] = await Promise.all([
      aggregate(withPushdown, closesPipeline(match), byClose),
      aggregate(withPushdown, closesPipeline(match)),
      aggregate(withPushdown, closesPipeline({ ...match, status: { $in: ['repaired', 'scrap'] } }), byClose),
    ]);
    expect(sorted(hinted)).toBe(sorted(expected));
    expect(sorted(unhinted)).toBe(sorted(expected));
    expect(sorted(inexact)).toBe(sorted(expected));
  });

  it('answers no group when no document matches, as MongoDB does', async () => {
    const nobody = new ObjectId();
    const match = { company: nobody, closedAt: { $gte: new Date(0), $lt: new Date(data.now) } };
    expect(await aggregate(withPushdown, closesPipeline(match), byClose)).toEqual([]);
    expect(await aggregate(withPushdown, teamStagePipeline(nobody), byTeamAndStage)).toEqual([]);
    expect(await aggregate(withoutPushdown, teamStagePipeline(nobody))).toEqual([]);
  });

  it('leaves any other pipeline to the stages', async () => {
    const pipelines: Document[][] = [
      [{ $match: { company: data.plain } }, { $group: { _id: '$status', n: { $sum: '$missing' } } }],
      [{ $match: { company: data.plain } }, { $group: { _id: '$team.x', n: { $sum: 1 } } }],
      [{ $match: { company: data.plain } }, { $group: { _id: '$status', n: { $sum: 2 } } }],
      [{ $match: { company: data.plain } }, { $sort: { _id: 1 } }, { $limit: 3 }],
    ];
    for (const pipeline of pipelines) {
      const [patched, expected] = await Promise.all([
        aggregate(withPushdown, pipeline, byTeamAndStage),
        aggregate(withoutPushdown, pipeline),
      ]);
      expect(sorted(patched)).toBe(sorted(expected));
    }
  });
});

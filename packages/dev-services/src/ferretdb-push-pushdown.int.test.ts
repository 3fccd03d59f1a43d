import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateJson,
  answersOf,
  expectAnswersAsReference,
  type PushdownServers,
} from './pushdown-servers.test-util.ts';
import { byTermAndRequest, startTermServers, TERMS } from './term-servers.test-util.ts';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;
type ObjectId = mongoose.Types.ObjectId;
const { ObjectId } = mongoose.mongo;

/** Search terms, made so that every path the patch takes (and every one it leaves to the stages) has rows. */
function fixture() {
  const plain = new ObjectId();
  const arrayTeams = new ObjectId();
  const missingRequests = new ObjectId();
  const mixedTypes = new ObjectId();
  const teams = [new ObjectId(), new ObjectId(), new ObjectId()];
  const requests = Array.from(
    { length: 400 },
    (_, i) => new ObjectId((0x60000000 + i * 977).toString(16) + '0'.repeat(16)),
  );
  const docs: Document[] = [];
  for (let i = 0; i < 1_200; i++) {
    const company = [plain, plain, arrayTeams, missingRequests, mixedTypes][i % 5] as ObjectId;
    const request = requests[(i * 7) % requests.length] as ObjectId;
    const doc: Document = {
      _id: new ObjectId(),
      company,
      term: ['pump', 'leak', 'generator'][i % 3],
      request,
      team: teams[i % 3],
      revision: i % 4,
    };
    if (company.equals(arrayTeams) && i % 11 === 0) doc.team = [teams[0], teams[1]];
    if (company.equals(missingRequests) && i % 13 === 0) delete doc.request;
    // the same hex digits as a string: breaks the hinted index's promise of one type per field
    if (company.equals(mixedTypes) && i % 7 === 0) doc.request = request.toHexString();
    docs.push(doc);
  }
  // a request holding a term twice (under two revisions), as a change that went no further leaves it
  docs.push({ ...docs[0], _id: new ObjectId(), revision: 9 });
  return { plain, arrayTeams, missingRequests, mixedTypes, teams, requests, docs };
}

const data = fixture();

function pushPipeline(match: Document, order: 1 | -1, limit: number | null): Document[] {
  return [
    { $match: match },
    { $sort: { request: order } },
    ...(limit === null ? [] : [{ $limit: limit }]),
    { $group: { _id: null, requests: { $push: '$request' } } },
  ];
}

// The patch answers a list of one field of the first matches from a hinted index: it must answer as FerretDB's
// own stages do (the reference runs with `--test-disable-pushdown`), and where it cannot, leave the work to them.
describe('FerretDB push pushdown (SQLite)', () => {
  let servers: PushdownServers;
  let withPushdown: Db;

  beforeAll(async () => {
    servers = await startTermServers('pushes', data.docs);
    ({ withPushdown } = servers);
  }, 60_000);

  afterAll(async () => {
    await servers?.stop();
  });

  /** Every pipeline is answered as the reference answers it, hinted and not; answers the hinted ones. */
  const expectSameAnswers = (pipelines: Document[][]) =>
    expectAnswersAsReference(servers, TERMS, byTermAndRequest, pipelines);

  it("lists a term's requests in either order, after a cursor, within teams, with or without a limit", async () => {
    const cursor = data.requests[200] as ObjectId;
    const term = { company: data.plain, term: 'pump' };
    const [first, second] = data.teams as [ObjectId, ObjectId];
    const pipelines = [
      pushPipeline(term, -1, 20),
      pushPipeline(term, 1, 20),
      pushPipeline({ ...term, request: { $lt: cursor } }, -1, 50),
      pushPipeline({ ...term, request: { $gt: cursor } }, 1, 50),
      pushPipeline({ ...term, request: { $lte: cursor }, team: { $in: [first, second] } }, -1, 30),
      pushPipeline({ ...term, team: first }, -1, null),
      pushPipeline(term, -1, null),
      pushPipeline(term, -1, 10_000),
    ];
    await expectSameAnswers(pipelines);
    const all = JSON.parse(
      await aggregateJson(withPushdown, TERMS, pushPipeline(term, -1, null), byTermAndRequest),
    );
    expect(all[0].requests.length).toBeGreaterThan(100);
  });

  it('answers no document when nothing matches, as MongoDB does', async () => {
    const nobody = new ObjectId();
    await expectSameAnswers([pushPipeline({ company: nobody, term: 'pump' }, -1, 20)]);
    expect(
      await aggregateJson(withPushdown, TERMS, pushPipeline({ company: nobody, term: 'pump' }, -1, 20)),
    ).toBe('[]');
  });

  it('leaves to the stages a team that holds an array, a missing request, and a condition the index does not hold', async () => {
    await expectSameAnswers([
      pushPipeline({ company: data.arrayTeams, term: 'pump', team: data.teams[0] }, -1, 40),
      pushPipeline(
        { company: data.arrayTeams, term: 'leak', team: { $in: data.teams.slice(0, 2) } },
        1,
        null,
      ),
      pushPipeline({ company: data.missingRequests, term: 'generator' }, -1, 40),
      pushPipeline({ company: data.plain, term: 'pump', revision: 2 }, -1, 20),
      pushPipeline({ company: data.plain, term: 'pump', team: { $nin: [data.teams[0]] } }, -1, 20),
    ]);
  });

  it('reads the list from the index, where the data breaks the promise of one type per field', async () => {
    // An ObjectId and a string of its hex digits have one text in the index: read from the index, both come back
    // as the first row's type; read from the documents, each keeps its own. So the hinted answer comes from the
    // index, and the answer without a hint from the documents.
    const strings = (answer: string) =>
      (mongoose.mongo.BSON.EJSON.parse(answer) as [{ requests: unknown[] }])[0].requests.filter(
        (request) => typeof request === 'string',
      ).length;
    const within = { company: data.mixedTypes, term: 'leak', team: { $in: data.teams.slice(1) } };
    const pipelines = [
      pushPipeline({ company: data.mixedTypes, term: 'pump' }, -1, null),
      pushPipeline(within, 1, 100),
    ];
    for (const pipeline of pipelines) {
      const { hinted, unhinted, expected } = await answersOf(servers, TERMS, pipeline, byTermAndRequest);
      expect(unhinted).toBe(expected);
      expect(strings(expected)).toBeGreaterThan(0);
      expect(strings(hinted)).toBe(0);
      expect(JSON.parse(hinted)[0].requests).toHaveLength(JSON.parse(expected)[0].requests.length);
    }
  });

  it('leaves any other pipeline to the stages', async () => {
    const match = { $match: { company: data.plain, term: 'pump' } };
    await expectSameAnswers([
      [
        match,
        { $sort: { request: -1 } },
        { $limit: 5 },
        { $group: { _id: null, teams: { $push: '$team' } } },
      ],
      [
        match,
        { $sort: { request: -1 } },
        { $limit: 5 },
        { $group: { _id: '$team', rs: { $push: '$request' } } },
      ],
      [match, { $sort: { request: -1 } }, { $skip: 5 }, { $group: { _id: null, rs: { $push: '$request' } } }],
      [match, { $sort: { request: -1, team: 1 } }, { $group: { _id: null, rs: { $push: '$request' } } }],
      [
        match,
        { $sort: { request: -1 } },
        { $limit: 5 },
        { $group: { _id: null, rs: { $push: '$request' }, n: { $sum: 1 } } },
      ],
    ]);
  });
});

import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersOf, expectAnswersAsReference, type PushdownServers } from './pushdown-servers.test-util.ts';
import { byTermAndRequest, startTermServers, TERMS } from './term-servers.test-util.ts';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;
type ObjectId = mongoose.Types.ObjectId;
const { ObjectId } = mongoose.mongo;

const WORDS = ['pump', 'leak', 'generator'] as const;

/** The words request number `r` has: each word a different share of the requests, so that they meet in part. */
function wordsOf(r: number): string[] {
  return WORDS.filter((_, w) => r % (w + 2) === 0);
}

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
  for (const company of [plain, arrayTeams, missingRequests, mixedTypes]) {
    requests.forEach((request, r) => {
      for (const term of wordsOf(r)) {
        const doc: Document = { _id: new ObjectId(), company, term, request, team: teams[r % 3] };
        if (company.equals(arrayTeams) && r % 11 === 0) doc.team = [teams[0], teams[1]];
        // the same hex digits as a string, on every term of the request: breaks the hinted index's promise of
        // one type per field, though the stages and the index still group the request's terms together
        if (company.equals(mixedTypes) && r % 7 === 3) doc.request = request.toHexString();
        docs.push(doc);
        // a request holding a term twice (under two revisions), as a change that went no further leaves it
        if (r % 5 === 1) docs.push({ ...doc, _id: new ObjectId(), revision: 2 });
      }
    });
    // terms of no request at all, of both words, which MongoDB groups together under a null _id
    if (company.equals(missingRequests)) {
      for (const term of ['pump', 'leak']) docs.push({ _id: new ObjectId(), company, term, team: teams[0] });
    }
  }
  return { plain, arrayTeams, missingRequests, mixedTypes, teams, requests, docs };
}

const data = fixture();

function intersectPipeline(
  match: Document,
  terms: readonly string[],
  order: 1 | -1,
  limit: number | null,
): Document[] {
  return [
    { $match: { ...match, term: { $in: terms } } },
    { $group: { _id: '$request', terms: { $addToSet: '$term' } } },
    { $match: { terms: { $size: terms.length } } },
    { $sort: { _id: order } },
    ...(limit === null ? [] : [{ $limit: limit }]),
    { $group: { _id: null, requests: { $push: '$_id' } } },
  ];
}

/** The requests (as hex) of `data.requests` that have every term, in `order`, within `teams` if given. */
function oracle(terms: readonly string[], order: 1 | -1, teams?: readonly ObjectId[]): string[] {
  const ids = data.requests
    .filter(
      (_, r) =>
        terms.every((term) => wordsOf(r).includes(term)) &&
        (!teams || teams.some((team) => team.equals(data.teams[r % 3] as ObjectId))),
    )
    .map((id) => id.toHexString())
    .sort();
  return order === 1 ? ids : ids.reverse();
}

// The patch answers the requests that have every one of several terms by intersecting the hinted index's ranges:
// it must answer as FerretDB's own stages do (the reference runs with `--test-disable-pushdown`), and where it
// cannot, leave the work to them.
describe('FerretDB intersect pushdown (SQLite)', () => {
  let servers: PushdownServers;
  let withPushdown: Db;

  beforeAll(async () => {
    servers = await startTermServers('intersects', data.docs);
    ({ withPushdown } = servers);
  }, 60_000);

  afterAll(async () => {
    await servers?.stop();
  });

  /** Every pipeline is answered as the reference answers it, hinted and not; answers the hinted ones. */
  const expectSameAnswers = (pipelines: Document[][]) =>
    expectAnswersAsReference(servers, TERMS, byTermAndRequest, pipelines);

  const requestsOf = (answer: string): string[] =>
    (JSON.parse(answer) as { requests: { $oid: string }[] }[]).flatMap((doc) =>
      doc.requests.map((id) => id.$oid),
    );

  it('lists the requests that have every term, in either order, after a cursor, within teams', async () => {
    const cursor = data.requests[200] as ObjectId;
    const company = { company: data.plain };
    const [first, second] = data.teams as [ObjectId, ObjectId];
    const two = ['pump', 'leak'];
    const answers = await expectSameAnswers([
      intersectPipeline(company, two, -1, 20),
      intersectPipeline(company, two, 1, 20),
      intersectPipeline(company, WORDS, -1, null),
      intersectPipeline(company, ['generator', 'pump'], 1, null),
      intersectPipeline({ ...company, request: { $lt: cursor } }, two, -1, 10),
      intersectPipeline({ ...company, request: { $gt: cursor } }, two, 1, 1_000),
      intersectPipeline({ ...company, team: { $in: [first, second] } }, two, -1, null),
      intersectPipeline({ ...company, team: first }, WORDS, 1, 5),
    ]);
    expect(requestsOf(answers[0] as string)).toEqual(oracle(two, -1).slice(0, 20));
    expect(requestsOf(answers[2] as string)).toEqual(oracle(WORDS, -1));
    expect(requestsOf(answers[3] as string)).toEqual(oracle(['generator', 'pump'], 1));
    expect(requestsOf(answers[6] as string)).toEqual(oracle(two, -1, [first, second]));
    expect(oracle(WORDS, -1).length).toBeGreaterThan(10);
  });

  it('answers no document when no request has every term, as MongoDB does', async () => {
    const answers = await expectSameAnswers([
      intersectPipeline({ company: data.plain }, ['pump', 'nobody'], -1, 20),
      intersectPipeline({ company: new ObjectId() }, ['pump', 'leak'], -1, 20),
    ]);
    expect(answers).toEqual(['[]', '[]']);
  });

  it('leaves to the stages a team that holds an array and requests that are missing', async () => {
    await expectSameAnswers([
      intersectPipeline({ company: data.arrayTeams, team: data.teams[0] }, ['pump', 'leak'], -1, 40),
      intersectPipeline({ company: data.arrayTeams, team: { $in: data.teams.slice(0, 2) } }, WORDS, 1, null),
      intersectPipeline({ company: data.missingRequests }, ['pump', 'leak'], 1, 5),
      intersectPipeline({ company: data.missingRequests }, ['pump', 'leak'], -1, null),
    ]);
  });

  it('reads the list from the index, where the data breaks the promise of one type per field', async () => {
    // An ObjectId and a string of its hex digits have one text in the index: read from the index, both come back
    // as the first value's type (an ObjectId here); read from the documents, each keeps its own.
    const strings = (answer: string) =>
      (mongoose.mongo.BSON.EJSON.parse(answer) as [{ requests: unknown[] }])[0].requests.filter(
        (request) => typeof request === 'string',
      ).length;
    for (const order of [1, -1] as const) {
      const pipeline = intersectPipeline({ company: data.mixedTypes }, ['pump', 'leak'], order, null);
      const { hinted, unhinted, expected } = await answersOf(servers, TERMS, pipeline, byTermAndRequest);
      expect(unhinted).toBe(expected);
      expect(strings(expected)).toBeGreaterThan(0);
      expect(strings(hinted)).toBe(0);
      expect(JSON.parse(hinted)[0].requests).toHaveLength(JSON.parse(expected)[0].requests.length);
    }
  });

  it('gathers each distinct value once with $addToSet, which the stages now have', async () => {
    const docs = await withPushdown
      .collection(TERMS)
      .aggregate([
        { $match: { company: data.plain } },
        { $group: { _id: '$request', terms: { $addToSet: '$term' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    const expected = data.requests
      .map((request, r) => ({ request: request.toHexString(), terms: wordsOf(r).sort() }))
      .filter((entry) => entry.terms.length > 0);
    expect(
      docs.map((doc) => ({
        request: (doc._id as ObjectId).toHexString(),
        terms: [...(doc.terms as string[])].sort(),
      })),
    ).toEqual(expected);
  });

  it('leaves any other pipeline to the stages', async () => {
    const company = { company: data.plain };
    const [match, group, size, sort, limit, push] = intersectPipeline(company, ['pump', 'leak'], -1, 10);
    await expectSameAnswers([
      // one term, a set of another size, a term twice, a value that is not a string
      intersectPipeline(company, ['pump'], -1, 10),
      [match, group, { $match: { terms: { $size: 3 } } }, sort, limit, push] as Document[],
      intersectPipeline(company, ['pump', 'pump'], -1, 10).map((stage, i) =>
        i === 2 ? { $match: { terms: { $size: 2 } } } : stage,
      ),
      intersectPipeline(company, ['pump', 7] as string[], -1, 10),
      // grouped by another field, sorted by another key, skipped, ending with the groups themselves
      [
        match,
        { $group: { _id: '$team', terms: { $addToSet: '$term' } } },
        size,
        sort,
        limit,
        push,
      ] as Document[],
      [match, group, size, { $sort: { terms: 1 } }, limit, push] as Document[],
      [match, group, size, sort, { $skip: 3 }, push] as Document[],
      [match, group, size, sort, limit] as Document[],
    ]);
  });
});

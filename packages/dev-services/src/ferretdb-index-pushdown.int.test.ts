import type mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invalidCountFilters,
  pushdownFilters,
  pushdownFindCases,
  pushdownWrites,
} from './pushdown-cases.test-util.ts';
import {
  collectionContents,
  describeFind,
  ejson,
  expectedFrom,
  type FindCase,
  type FindOutcome,
  findDifference,
  hintFor,
  referenceQuery,
  runFind,
} from './pushdown-compare.test-util.ts';
import { buildPushdownFixture, type FixtureDoc } from './pushdown-fixture.test-util.ts';
import { type PushdownServers, startPushdownServers } from './pushdown-servers.test-util.ts';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;

const COLLECTION = 'requests';
const fixture = buildPushdownFixture();

/** Runs `fn` over `items`, `limit` at a time: both servers get work while the other decodes. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

async function count(db: Db, filter: Document, hint?: Document): Promise<string> {
  try {
    return `n=${(await db.command({ count: COLLECTION, query: filter, ...(hint ? { hint } : {}) })).n}`;
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
}

type Explained = { filterPushdown: boolean; sortPushdown: boolean; plan: string[] };

async function explainFind(db: Db, find: Document): Promise<Explained> {
  const res = await db.command({ explain: { find: COLLECTION, ...find } });
  return { filterPushdown: res.filterPushdown, sortPushdown: res.sortPushdown, plan: res.queryPlanner.Plan };
}

/** SQLite reads the rows in index order: a SEARCH or SCAN with an index, and no sort of its own. */
function servedByIndex(explained: Explained): boolean {
  const { plan } = explained;
  return (
    plan.some((line) => / USING (COVERING )?INDEX /.test(line)) &&
    !plan.some((line) => line.includes('USE TEMP B-TREE'))
  );
}

/** How many index columns the SEARCH pins with `=` or `IN`. */
function equalityColumns(explained: Explained): number {
  const search = explained.plan.find((line) => line.includes(' USING '));
  return search?.match(/<expr>(=|IN \()/g)?.length ?? 0;
}

// The server with pushdown must answer exactly as the reference, FerretDB with `--test-disable-pushdown` whose
// handler filters, sorts and counts in memory, on data made to trip an index over JSON text: arrays (an equality
// matches an element), values of other types with the same JSON text, strings whose JSON text sorts differently.
describe('FerretDB index pushdown (SQLite) against FerretDB without pushdown', () => {
  let servers: PushdownServers;
  let withPushdown: Db;
  let withoutPushdown: Db;

  beforeAll(async () => {
    servers = await startPushdownServers('pushdown', async (db) => {
      const requests = db.collection<FixtureDoc>(COLLECTION);
      for (let i = 0; i < fixture.docs.length; i += 500)
        await requests.insertMany(fixture.docs.slice(i, i + 500));
      await requests.createIndexes(fixture.indexes.map((key) => ({ key })));
    });
    ({ withPushdown, withoutPushdown } = servers);
  }, 60_000);

  // The reference decodes every document for every query: each whole answer is asked once and cut into pages.
  const wholeAnswers = new Map<string, Promise<FindOutcome>>();
  function referenceAnswer(c: FindCase): Promise<FindOutcome> {
    const query = referenceQuery(c);
    const key = ejson([query.filter, query.sort, query.projection]);
    let answer = wholeAnswers.get(key);
    if (!answer) {
      answer = runFind(withoutPushdown, COLLECTION, query);
      wholeAnswers.set(key, answer);
    }
    return answer;
  }

  afterAll(async () => {
    await servers?.stop();
  });

  it('asks a reference that filters and sorts in memory only', async () => {
    const { filter, sort } = referenceQuery({
      label: 'reference',
      filter: { company: fixture.plain, status: 'open' },
    });
    const explained = await explainFind(withoutPushdown, { filter, sort, limit: 20 });
    expect(explained, ejson(explained)).toMatchObject({ filterPushdown: false, sortPushdown: false });
    expect(servedByIndex(explained), ejson(explained)).toBe(false);
  });

  it('finds the same documents in the same order, in one batch and through getMore', async () => {
    const cases = pushdownFindCases(fixture);
    const failures: string[] = [];
    await eachLimited(cases, 4, async (c) => {
      const [got, whole] = await Promise.all([runFind(withPushdown, COLLECTION, c), referenceAnswer(c)]);
      const difference = findDifference(c, got, expectedFrom(c, whole));
      if (difference) failures.push(`${describeFind(c)}: ${difference}`);
    });
    console.info(`[pushdown] ${cases.length} finds, ${failures.length} differ`);
    expect(failures).toEqual([]);
  }, 120_000);

  // Runs of equal sort keys are compared as sets (their order is not defined), so the keys must come out too.
  const withSortField = (projection: Document, sort: FindCase['sort']): Document => {
    const [field] = Object.keys(sort ?? {}).filter((key) => key !== '_id');
    if (field === undefined) return projection;
    const collides = Object.keys(projection).some((key) => key.startsWith(`${field}.`));
    return collides ? { [field]: 1, title: 1 } : { ...projection, [field]: 1 };
  };

  // With an inclusion projection the backend hands over only the fields the projection, the filter and the sort
  // read (projection-pushdown.patch): the same documents, with the same fields in the same order, must come out.
  it('projects the same fields in the same order when it reads only the fields a find needs', async () => {
    const projections: Document[] = [
      { title: 1 },
      { status: 1, _id: 0 },
      { dueAt: 1, note: 1 },
      { _id: 1 },
      { 'status.label': 1, flag: true },
      { assignee: 1.0, priority: 1 },
    ];
    const cases = pushdownFindCases(fixture)
      .filter((_, i) => i % 2 === 0)
      .map((c, i) => ({
        ...c,
        projection: withSortField(projections[i % projections.length] ?? {}, c.sort),
      }));
    const failures: string[] = [];
    await eachLimited(cases, 4, async (c) => {
      const [got, whole] = await Promise.all([runFind(withPushdown, COLLECTION, c), referenceAnswer(c)]);
      const difference = findDifference(c, got, expectedFrom(c, whole));
      if (difference) failures.push(`${describeFind(c)}: ${difference}`);
    });
    console.info(`[pushdown] ${cases.length} projected finds, ${failures.length} differ`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('reads only some fields for an inclusion projection whose filter and sort name their fields', async () => {
    const company = fixture.plain;
    const explained = async (find: Document) =>
      (await withPushdown.command({ explain: { find: COLLECTION, ...find } })).projectionPushdown;
    const pushed = {
      inclusion: await explained({ filter: { company }, projection: { title: 1 } }),
      onlyId: await explained({ filter: { company }, projection: { _id: 1 } }),
      dotted: await explained({
        filter: { company, 'status.label': 'x' },
        projection: { 'status.label': 1 },
      }),
      branches: await explained({
        filter: { company, $or: [{ status: 'open' }, { $and: [{ priority: 3 }] }] },
        sort: { dueAt: 1 },
        projection: { title: 1, _id: 0 },
      }),
    };
    const whole = {
      noProjection: await explained({ filter: { company } }),
      exclusion: await explained({ filter: { company }, projection: { title: 0 } }),
      idExcludedOnly: await explained({ filter: { company }, projection: { _id: 0 } }),
      operator: await explained({ filter: { company }, projection: { title: 1, tags: { $slice: 1 } } }),
      expr: await explained({ filter: { $expr: { $eq: ['$status', 'open'] } }, projection: { title: 1 } }),
    };
    expect(pushed).toEqual({ inclusion: true, onlyId: true, dotted: true, branches: true });
    expect(whole).toEqual({
      noProjection: false,
      exclusion: false,
      idExcludedOnly: false,
      operator: false,
      expr: false,
    });
    const reference = await withoutPushdown.command({
      explain: { find: COLLECTION, filter: { company }, projection: { title: 1 } },
    });
    expect(reference.projectionPushdown).toBe(false);
  });

  it('counts the same documents (and rejects the same invalid filters) with the count command', async () => {
    const failures: string[] = [];
    const compare = async (filter: Document, want: Promise<string>) => {
      const [got, expected] = await Promise.all([count(withPushdown, filter), want]);
      if (got !== expected) failures.push(`count(${ejson(filter)}): got ${got}, want ${expected}`);
    };
    const filters = pushdownFilters(fixture);
    await eachLimited(filters, 4, (filter) =>
      compare(
        filter,
        referenceAnswer({ label: 'count', filter }).then((whole) =>
          'error' in whole ? count(withoutPushdown, filter) : `n=${whole.docs.length}`,
        ),
      ),
    );
    const invalid = invalidCountFilters(fixture);
    await eachLimited(invalid, 4, (filter) => compare(filter, count(withoutPushdown, filter)));
    console.info(`[pushdown] ${filters.length + invalid.length} counts, ${failures.length} differ`);
    expect(failures).toEqual([]);
  }, 120_000);

  // A hint promises that the index's fields hold one type each, as the app's schema makes them: in the ordinary
  // company, hinted finds are read in index order and hinted counts from the index, and must still agree.
  it('answers hinted finds and counts on ordinary data as the reference does', async () => {
    const plain = (filter: Document) => String(filter.company) === fixture.plain.toHexString();
    const cases = pushdownFindCases(fixture).flatMap((c) => {
      const hint = plain(c.filter) ? hintFor(fixture.indexes, c.filter, c.sort) : null;
      return hint ? [{ ...c, hint }] : [];
    });
    const failures: string[] = [];
    await eachLimited(cases, 4, async (c) => {
      const [got, whole] = await Promise.all([runFind(withPushdown, COLLECTION, c), referenceAnswer(c)]);
      const difference = findDifference(c, got, expectedFrom(c, whole));
      if (difference) failures.push(`${describeFind(c)} hint ${ejson(c.hint)}: ${difference}`);
    });
    const counts = pushdownFilters(fixture).flatMap((filter) => {
      const hint = plain(filter) ? hintFor(fixture.indexes, filter, undefined) : null;
      return hint ? [{ filter, hint }] : [];
    });
    await eachLimited(counts, 4, async ({ filter, hint }) => {
      const [got, want] = await Promise.all([
        count(withPushdown, filter, hint),
        count(withoutPushdown, filter),
      ]);
      if (got !== want)
        failures.push(`count(${ejson(filter)}) hint ${ejson(hint)}: got ${got}, want ${want}`);
    });
    console.info(`[pushdown] ${cases.length} hinted finds and ${counts.length} hinted counts`);
    expect(cases.length).toBeGreaterThan(50);
    expect(counts.length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  }, 120_000);

  // The contract's other side, and proof that a hint reaches the backend through find and count: where the
  // hinted index's fields mix types with the same JSON text, the hinted answers follow the text.
  it('reads order and counts from a hinted index as its text says, where the data breaks the promise', async () => {
    const filter = { company: fixture.mixedTypes, status: 'open' };
    const query = { label: 'mixed', filter, sort: { _id: -1 as const }, limit: 20 };
    const hint = { company: 1 as const, status: 1 as const, _id: -1 as const };
    const [hinted, unhinted, whole] = await Promise.all([
      runFind(withPushdown, COLLECTION, { ...query, hint }),
      runFind(withPushdown, COLLECTION, query),
      referenceAnswer(query),
    ]);
    expect(findDifference(query, unhinted, expectedFrom(query, whole))).toBeNull();
    expect(findDifference(query, hinted, expectedFrom(query, whole))).not.toBeNull();
    const mixed = { company: fixture.mixedTypes };
    expect(await count(withPushdown, mixed, { company: 1, _id: -1 })).not.toBe(
      await count(withoutPushdown, mixed),
    );
    expect(await count(withPushdown, mixed)).toBe(await count(withoutPushdown, mixed));
  });

  it('serves ordinary queries from an index, in index order, and leaves an equality that an array defeats', async () => {
    const { plain, arrays } = fixture;
    const [assignee] = fixture.assignees.get(plain.toHexString()) ?? [];
    const ids = fixture.idsByCompany.get(plain.toHexString()) ?? [];
    const dueBetween = {
      $gte: new Date(fixture.baseDate + 10 * fixture.day),
      $lt: new Date(fixture.baseDate + 40 * fixture.day),
    };
    const served: [Document, number][] = [
      [{ filter: { company: plain }, sort: { _id: -1 }, limit: 20 }, 1],
      [{ filter: { company: plain, status: 'open' }, sort: { _id: -1 }, limit: 20 }, 2],
      [{ filter: { company: plain, priority: 3 }, sort: { _id: -1 }, limit: 20 }, 2],
      [{ filter: { company: plain, assignee }, sort: { _id: 1 }, limit: 20 }, 2],
      [
        {
          filter: { company: plain, type: 'preventive', _id: { $lt: ids[ids.length >> 1] } },
          sort: { _id: -1 },
        },
        2,
      ],
      [{ filter: { $and: [{ company: plain }, { flag: true }] }, sort: { _id: -1 }, limit: 5 }, 2],
      [{ filter: { company: arrays, type: 'preventive' }, sort: { _id: -1 }, limit: 20 }, 2],
      [{ filter: { company: plain, dueAt: dueBetween }, sort: { dueAt: 1 }, limit: 20 }, 1],
      [{ filter: { company: plain, dueAt: dueBetween }, sort: { dueAt: -1 }, limit: 20 }, 1],
    ];
    for (const [find, columns] of served) {
      const filter = find.filter.$and ? Object.assign({}, ...find.filter.$and) : find.filter;
      const hint = hintFor(fixture.indexes, filter, find.sort);
      const explained = await explainFind(withPushdown, { ...find, hint });
      const what = `${ejson(find)} → ${ejson(explained)}`;
      expect(explained.sortPushdown, what).toBe(true);
      expect(servedByIndex(explained), what).toBe(true);
      expect(equalityColumns(explained), what).toBe(columns);
    }

    const inArrayCompany = await explainFind(withPushdown, {
      filter: { company: arrays, status: 'open' },
      sort: { _id: -1 },
      limit: 20,
      hint: { company: 1, status: 1, _id: -1 },
    });
    expect(equalityColumns(inArrayCompany), ejson(inArrayCompany)).toBe(1);
    const elsewhere = await explainFind(withPushdown, {
      filter: { company: plain, status: { $in: ['open', 'done'] } },
    });
    expect(equalityColumns(elsewhere), ejson(elsewhere)).toBe(2);
  });

  // The overdue requests of a company, newest first: the hint names an index that narrows to a short date range
  // (behind an equality with null), not one in `_id` order; SQLite sorts the range's rows, the handler decodes
  // a page. That takes every `_id` of the collection to be an ObjectID (the fixture's has strings too, so the
  // ordinary company is copied alone). A count over the range comes from the index, without the date after 2286
  // whose text is inside it.
  it('reads a hinted range in _id order, pushes null equalities, and counts date ranges from the index', async () => {
    const { plain } = fixture;
    const RANGED = 'ranged';
    const plainDocs = fixture.docs.filter((doc) => String(doc.company) === plain.toHexString());
    await Promise.all(
      [withPushdown, withoutPushdown].map(async (db) => {
        await db.collection<FixtureDoc>(RANGED).insertMany(plainDocs);
        const keys: Record<string, 1 | -1>[] = [
          { company: 1, dueAt: 1 },
          { company: 1, assignee: 1, dueAt: 1 },
          { company: 1, assignee: 1, _id: -1 },
        ];
        await db.collection(RANGED).createIndexes(keys.map((key) => ({ key })));
      }),
    );
    const explainRanged = async (find: Document): Promise<Explained> => {
      const res = await withPushdown.command({ explain: { find: RANGED, ...find } });
      return {
        filterPushdown: res.filterPushdown,
        sortPushdown: res.sortPushdown,
        plan: res.queryPlanner.Plan,
      };
    };
    const day = (n: number) => new Date(fixture.baseDate + n * fixture.day);
    const sinceIndexedDates = { $gte: new Date(1e12), $lt: day(40) };
    const hint = { company: 1 as const, assignee: 1 as const, dueAt: 1 as const };
    const ranged: [Document, Record<string, 1 | -1>][] = [
      [{ company: plain, assignee: null, dueAt: sinceIndexedDates }, hint],
      [{ company: plain, assignee: null, dueAt: { $gte: day(10), $lt: day(40) } }, hint],
      [
        { company: plain, dueAt: sinceIndexedDates },
        { company: 1, dueAt: 1 },
      ],
    ];
    const failures: string[] = [];
    for (const [filter, rangeHint] of ranged) {
      for (const page of [
        { sort: { _id: -1 as const }, limit: 20 },
        { sort: { _id: 1 as const }, skip: 4, limit: 9 },
        { sort: { _id: -1 as const }, batchSize: 6 },
      ]) {
        const c: FindCase = { label: 'range first', filter, hint: rangeHint, ...page };
        const [got, whole] = await Promise.all([
          runFind(withPushdown, RANGED, c),
          runFind(withoutPushdown, RANGED, referenceQuery(c)),
        ]);
        const difference = findDifference(c, got, expectedFrom(c, whole));
        if (difference) failures.push(`${describeFind(c)}: ${difference}`);
        const explained = await explainRanged({ filter, sort: page.sort, hint: rangeHint });
        if (!explained.sortPushdown)
          failures.push(`${describeFind(c)} not sorted by SQLite: ${ejson(explained)}`);
      }
      const got = `n=${(await withPushdown.command({ count: RANGED, query: filter, hint: rangeHint })).n}`;
      const want = `n=${(await withoutPushdown.command({ count: RANGED, query: filter })).n}`;
      if (got !== want) failures.push(`count(${ejson(filter)}): got ${got}, want ${want}`);
    }
    expect(failures).toEqual([]);

    const stringIds = await explainFind(withPushdown, {
      filter: ranged[0]?.[0],
      sort: { _id: -1 },
      limit: 20,
      hint,
    });
    expect(stringIds.sortPushdown, ejson(stringIds)).toBe(false);
    const unassigned = { company: plain, assignee: null };
    const onIndex = await explainRanged({
      filter: unassigned,
      sort: { _id: -1 },
      limit: 20,
      hint: { company: 1, assignee: 1, _id: -1 },
    });
    expect(equalityColumns(onIndex), ejson(onIndex)).toBe(2);
    expect(onIndex.sortPushdown, ejson(onIndex)).toBe(true);
    const missing = await explainFind(withPushdown, {
      filter: { company: fixture.mixedTypes, assignee: null },
      hint: { company: 1, assignee: 1, _id: -1 },
    });
    expect(equalityColumns(missing), ejson(missing)).toBe(1);
  });

  it('updates and deletes the same documents', async () => {
    const failures: string[] = [];
    for (const write of pushdownWrites(fixture)) {
      const [got, want] = await Promise.all(
        [withPushdown, withoutPushdown].map(async (db) => {
          const requests = db.collection(COLLECTION);
          const res =
            write.op === 'updateMany'
              ? await requests.updateMany(write.filter, write.update)
              : await requests.deleteMany(write.filter);
          return ejson(res);
        }),
      );
      if (got !== want) failures.push(`${write.op}(${ejson(write.filter)}): got ${got}, want ${want}`);
    }
    const [gotDocs, wantDocs] = await Promise.all(
      [withPushdown, withoutPushdown].map((db) => collectionContents(db, COLLECTION)),
    );
    expect(failures).toEqual([]);
    expect(gotDocs).toEqual(wantDocs);
  }, 60_000);
});

import mongoose from 'mongoose';
import type { FindCase } from './pushdown-compare.test-util.ts';
import type { PushdownFixture } from './pushdown-fixture.test-util.ts';

const { BSONRegExp, Double, Long } = mongoose.mongo;
type Document = mongoose.mongo.Document;
type ObjectId = mongoose.mongo.ObjectId;

/** A write both servers run, after which their collections must be equal. */
export type WriteCase =
  | { op: 'updateMany'; filter: Document; update: Document }
  | { op: 'deleteMany'; filter: Document };

/** Filters on one company: every pushable shape, mixed with the shapes that must not be pushed. */
function companyFilters(fx: PushdownFixture, c: ObjectId): Document[] {
  const [a0, a1] = fx.assignees.get(c.toHexString()) ?? [];
  const ids = fx.idsByCompany.get(c.toHexString()) ?? [];
  const at = (fraction: number) => ids[Math.floor(ids.length * fraction)];
  const date = (days: number) => new Date(fx.baseDate + days * fx.day);
  return [
    { company: c },
    ...fx.statuses.slice(0, 3).map((status) => ({ company: c, status })),
    { company: c, status: 'Pump' },
    { company: c, status: { $eq: 'done' } },
    { company: c, status: { $in: ['open', 'done'] } },
    { company: c, status: { $in: ['Closed', 'on-hold', 'no such status'] } },
    { company: { $in: [c, fx.plain] }, status: 'open' },
    { company: { $eq: c }, type: 'preventive' },
    { company: c, type: 'text-order' },
    ...[0, 3].map((priority) => ({ company: c, priority })),
    { company: c, priority: Long.fromNumber(3) },
    { company: c, priority: Long.fromString('9007199254740993') },
    { company: c, priority: new Double(3) },
    { company: c, priority: { $in: [0, 3] } },
    { company: c, priority: { $in: [2, '3'] } },
    { company: c, assignee: a0 },
    { company: c, assignee: fx.assigneeHex },
    { company: c, assignee: { $in: [a1, fx.assigneeHex] } },
    { company: c, assignee: null },
    { company: c, dueAt: null },
    { company: c, status: 'open', dueAt: null },
    { company: c, flag: true },
    ...['Pump', 'UHVtcA==', 'Pump<1>', ''].map((title) => ({ company: c, title })),
    { company: c, dueAt: date(5) },
    { company: c, dueAt: fx.baseDate + 5 * fx.day },
    { company: c, status: 'open', priority: 3 },
    { company: c, status: 'open', note: 'n3' },
    { $and: [{ company: c }, { status: 'open' }] },
    { $and: [{ company: c }, { priority: { $gte: 3 } }], status: 'in progress' },
    { $and: [{ company: c, status: 'open' }, { status: 'done' }] },
    { company: c, $or: [{ status: 'Closed' }, { priority: 5 }] },
    { company: c, _id: { $lt: at(0.5) } },
    { company: c, _id: { $gt: at(0.25), $lte: at(0.75) } },
    { company: c, status: 'open', _id: { $gte: at(0.5) } },
    { company: c, _id: { $gt: 'Hello' } },
    { company: c, dueAt: { $gte: date(10), $lt: date(20) } },
    { company: c, status: 'open', dueAt: { $gte: date(10), $lt: date(40) } },
    { company: c, priority: 3, dueAt: { $gt: date(0), $lte: date(30) }, assignee: null },
    { company: c, dueAt: { $gt: date(4), $lte: date(5) } },
    { company: c, dueAt: { $gte: new Date(1e12), $lt: date(40) } },
    { company: c, assignee: null, dueAt: { $gte: date(10), $lt: date(40) } },
    { company: c, dueAt: { $lte: date(5) } },
    { company: c, dueAt: { $gte: fx.baseDate + 5 * fx.day } },
    { company: c, priority: { $gt: 2 } },
    { company: c, priority: { $gte: new Double(-0), $lt: 1 } },
    { company: c, title: { $gte: 'Pump', $lt: 'Pumq' } },
    { company: c, title: { $lt: 'Pump!' } },
    { company: c, status: { $gt: 'o' } },
    { company: c, priority: { $eq: 3, $gt: 5 } },
    { company: { $eq: c, $lt: fx.companies[0] } },
    { company: c, status: {} },
    { company: c, status: { label: 'open' } },
    { company: c, status: null },
    { company: c, status: { $ne: 'open' } },
    { company: c, status: new BSONRegExp('^open', '') },
    { company: c, 'status.label': 'open' },
  ];
}

/** Filters without a company: the `_id` index, a one-field index, no index. */
function globalFilters(fx: PushdownFixture): Document[] {
  const ids = [...fx.idsByCompany.values()]
    .flat()
    .sort((a, b) => (a.toHexString() < b.toHexString() ? -1 : 1));
  const mid = ids[Math.floor(ids.length / 2)];
  return [
    {},
    { status: 'open' },
    { status: { $in: ['done', 'Closed'] } },
    { _id: { $gt: mid } },
    { _id: { $lte: mid } },
    { priority: 3 },
    { title: 'Pump' },
    { company: fx.mixedTypes.toHexString() },
    { company: null },
    { company: { $in: [fx.plain, fx.arrays] } },
  ];
}

/** Every filter of the matrix: each company's, then the global ones. */
export function pushdownFilters(fx: PushdownFixture): Document[] {
  return [...fx.companies.flatMap((c) => companyFilters(fx, c)), ...globalFilters(fx)];
}

/** Filters a `count` must reject as `find` does, though every condition in them could be counted on an index. */
export function invalidCountFilters(fx: PushdownFixture): Document[] {
  return fx.companies.flatMap((company) => [
    { company, $and: [] },
    { company, status: { $in: 'open' } },
    { company, priority: { $lt: 5, $foo: 1 } },
  ]);
}

const SORTS: Record<string, 1 | -1>[] = [
  { title: 1 },
  { assignee: 1 },
  { assignee: -1 },
  { priority: -1 },
  { dueAt: 1 },
  { status: 1 },
];

/**
 * The find matrix: every filter as is, newest first with a limit and a page further on; each company (and
 * status, and type) sorted on the indexed fields; and cursors that need several getMores.
 */
export function pushdownFindCases(fx: PushdownFixture): FindCase[] {
  const filters = pushdownFilters(fx);
  const cases: FindCase[] = [
    ...filters.map((filter) => ({ label: 'filter', filter })),
    ...filters.map((filter) => ({ label: 'newest', filter, sort: { _id: -1 as const }, limit: 20 })),
    ...filters.map((filter) => ({ label: 'page', filter, sort: { _id: 1 as const }, skip: 3, limit: 7 })),
  ];
  for (const company of fx.companies) {
    for (const sort of SORTS) {
      cases.push({ label: 'sorted', filter: { company }, sort, limit: 40 });
      cases.push({ label: 'sorted', filter: { company }, sort });
    }
    for (const sort of [{ title: 1 }, { assignee: -1 }] as Record<string, 1 | -1>[]) {
      cases.push({ label: 'sorted', filter: { company, status: 'open' }, sort, skip: 2, limit: 15 });
    }
    const dueBetween = {
      company,
      dueAt: { $gte: new Date(fx.baseDate + 10 * fx.day), $lt: new Date(fx.baseDate + 40 * fx.day) },
    };
    for (const sort of [{ dueAt: 1 }, { dueAt: -1 }] as Record<string, 1 | -1>[]) {
      cases.push({ label: 'dates in order', filter: dueBetween, sort, limit: 15 });
      cases.push({ label: 'dates in order', filter: dueBetween, sort, skip: 5 });
    }
    cases.push({ label: 'getMore', filter: { company }, sort: { _id: -1 }, limit: 130, batchSize: 7 });
    cases.push({ label: 'getMore', filter: { company, status: 'done' }, sort: { _id: 1 }, batchSize: 5 });
    cases.push({ label: 'getMore', filter: { company, priority: 3 }, batchSize: 4, limit: 50 });
  }
  for (const [company, types] of [
    [fx.plain, fx.types],
    [fx.oddStrings, fx.oddStringTypes],
  ] as const) {
    for (const type of types) {
      for (const direction of [1, -1] as const) {
        cases.push({ label: 'by-title', filter: { company, type }, sort: { title: direction }, limit: 10 });
        cases.push({ label: 'by-title', filter: { company, type }, sort: { title: direction } });
      }
    }
  }
  cases.push({ label: 'sorted', filter: {}, sort: { _id: 1 }, limit: 25 });
  cases.push({ label: 'sorted', filter: {}, sort: { _id: -1 }, limit: 25 });
  return cases;
}

/** Writes whose filters meet the odd documents: arrays, values of other types with the same JSON text. */
export function pushdownWrites(fx: PushdownFixture): WriteCase[] {
  const [arrayAssignee] = fx.assignees.get(fx.arrays.toHexString()) ?? [];
  const mixedIds = fx.idsByCompany.get(fx.mixedTypes.toHexString()) ?? [];
  return [
    { op: 'updateMany', filter: { company: fx.arrays, status: 'open' }, update: { $set: { touched: 1 } } },
    {
      op: 'updateMany',
      filter: { company: fx.mixedTypes, assignee: fx.assigneeHex },
      update: { $set: { touched: 2 } },
    },
    { op: 'updateMany', filter: { company: fx.mixedTypes, priority: 3 }, update: { $inc: { bumped: 1 } } },
    {
      op: 'updateMany',
      filter: { company: fx.oddStrings, title: 'Pump' },
      update: { $set: { title: 'Pump 3' } },
    },
    { op: 'deleteMany', filter: { company: fx.arrays, assignee: arrayAssignee } },
    { op: 'deleteMany', filter: { company: fx.mixedTypes, priority: 0 } },
    { op: 'deleteMany', filter: { company: fx.mixedTypes, flag: true } },
    {
      op: 'deleteMany',
      filter: { company: fx.mixedTypes, _id: { $gt: mixedIds[Math.floor(mixedIds.length / 2)] } },
    },
    { op: 'deleteMany', filter: { company: fx.oddStrings, title: { $in: ['UHVtcA==', 'Pump<1>', ''] } } },
    { op: 'deleteMany', filter: { company: fx.plain, status: { $in: ['done', 'Closed'] } } },
    {
      op: 'updateMany',
      filter: { company: fx.plain, dueAt: { $lt: new Date(fx.baseDate + 10 * fx.day) } },
      update: { $set: { status: 'late' } },
    },
    { op: 'deleteMany', filter: { company: fx.arrays, status: { $in: ['done', 'on-hold'] } } },
  ];
}

import mongoose from 'mongoose';

const { Binary, BSONRegExp, Double, Long, ObjectId, Timestamp } = mongoose.mongo;
type ObjectId = mongoose.mongo.ObjectId;

/** A stored document; its fields hold whatever BSON type a case needs. */
export type FixtureDoc = { _id: unknown } & Record<string, unknown>;

/**
 * Request-like documents shaped like the app's (`packages/db` request model and its indexes), plus documents
 * that put every kind of value an index on JSON text can confuse into the indexed fields. Each company holds one
 * kind of trouble, so the others still show what an index serves.
 */
export type PushdownFixture = {
  docs: FixtureDoc[];
  indexes: Record<string, 1 | -1>[];
  /** Ordinary documents only: what an index may serve in full. */
  plain: ObjectId;
  /** Values of other types with the same JSON text: a string `company`, string `_id`s, dates among numbers. */
  mixedTypes: ObjectId;
  /** Strings whose JSON text sorts unlike the strings: below `"`, escaped by Go, unicode, binary, regex. */
  oddStrings: ObjectId;
  /** Arrays in indexed fields (an equality matches any element). */
  arrays: ObjectId;
  companies: ObjectId[];
  assignees: Map<string, ObjectId[]>;
  /** The text of `assignees[mixedTypes][0]`, stored as a string in some documents. */
  assigneeHex: string;
  statuses: string[];
  /** The ordinary documents' `type`s. */
  types: string[];
  /** The odd strings' `type`s: whose JSON texts all start as an ObjectId's could, and whose do not. */
  oddStringTypes: string[];
  /** `_id`s of each company in ascending order, for ranges. */
  idsByCompany: Map<string, ObjectId[]>;
  baseDate: number;
  day: number;
};

const DAY = 86_400_000;
const BASE_DATE = Date.UTC(2024, 0, 1);
const STATUSES = ['open', 'in progress', 'done', 'Closed', 'on-hold'];
const TYPES = ['corrective', 'preventive'];
const ORDINARY_PER_COMPANY = 350;
const TEXT_ORDER = 'text-order';
const LOW_TEXT = 'low-text';

/** Deterministic: the same seed gives the same documents, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** ObjectIds that grow with `n`, like ones made one after another; `kind` keeps families apart. */
function objectId(kind: number, n: number): ObjectId {
  const seconds = (0x66000000 + n).toString(16);
  return new ObjectId(
    `${seconds}c0ffee${kind.toString(16).padStart(2, '0')}${n.toString(16).padStart(8, '0')}`,
  );
}

function withoutField(doc: FixtureDoc, field: string): FixtureDoc {
  const { [field]: _, ...rest } = doc;
  return rest as FixtureDoc;
}

/** The same documents, indexes and facts on every call. */
export function buildPushdownFixture(): PushdownFixture {
  const next = random(20240101);
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)] as T;
  const [mixedTypes, plain, oddStrings, arrays] = [0, 1, 2, 3].map((n) => objectId(1, n)) as [
    ObjectId,
    ObjectId,
    ObjectId,
    ObjectId,
  ];
  const companies = [mixedTypes, plain, oddStrings, arrays];
  const assignees = new Map(
    companies.map((c, i) => [c.toHexString(), [0, 1, 2].map((n) => objectId(2, i * 10 + n))]),
  );
  const poolOf = (company: ObjectId) => assignees.get(company.toHexString()) ?? [];
  const [firstAssignee = mixedTypes] = poolOf(mixedTypes);
  let idCount = 0;
  const nextId = () => objectId(3, idCount++);

  const ordinary: FixtureDoc[] = [];
  for (let n = 0; n < ORDINARY_PER_COMPANY * companies.length; n++) {
    const company = companies[n % companies.length] as ObjectId;
    const doc: FixtureDoc = {
      _id: nextId(),
      company,
      status: pick(STATUSES),
      type: pick(TYPES),
      priority: 1 + Math.floor(next() * 5),
      assignee: pick(poolOf(company)),
      dueAt: new Date(BASE_DATE + Math.floor(next() * 60) * DAY),
      title: `Request ${n}`,
      flag: next() < 0.5,
    };
    if (n % 7 === 3) doc.note = 'n3';
    // unassigned, as the app's null defaults: an equality with null on an index where no row lacks the field
    if (n % 6 === 1) doc.assignee = null;
    ordinary.push(doc);
  }

  const odd = (
    company: ObjectId | string | null | undefined,
    fields: Record<string, unknown>,
    id?: unknown,
  ) => {
    const doc: FixtureDoc = {
      _id: id ?? nextId(),
      status: 'open',
      type: 'corrective',
      priority: 3,
      title: 'odd',
    };
    if (company !== undefined) doc.company = company;
    const [assignee] = company instanceof ObjectId ? poolOf(company) : [];
    if (assignee) doc.assignee = assignee;
    return { ...doc, ...fields };
  };
  const date = (days: number) => new Date(BASE_DATE + days * DAY);
  const titles = (type: string, values: unknown[]) =>
    values.map((title) => odd(oddStrings, { title, type, status: title === 'Pump' ? 'Pump' : 'open' }));
  const adversarial: FixtureDoc[] = [
    // No string `_id` with an ObjectId's hex: FerretDB's unique `_id` index is on JSON text and refuses it.
    odd(mixedTypes, { title: 'Hello' }, 'Hello'),
    odd(mixedTypes, { status: 'done' }, 'legacy-7'),
    odd(mixedTypes, { priority: 1 }, '0legacy'),
    odd(mixedTypes.toHexString(), { title: 'company as a string', assignee: firstAssignee }),
    odd(mixedTypes, { assignee: firstAssignee.toHexString() }),
    odd(mixedTypes, { assignee: firstAssignee.toHexString(), status: 'done' }),
    odd(mixedTypes, { priority: new Date(3) }),
    odd(mixedTypes, { priority: new Timestamp({ t: 0, i: 3 }) }),
    odd(mixedTypes, { priority: new Double(3) }),
    odd(mixedTypes, { priority: new Double(-0) }),
    odd(mixedTypes, { priority: 0 }),
    odd(mixedTypes, { priority: '3' }),
    odd(mixedTypes, { priority: true }),
    odd(mixedTypes, { priority: Long.fromString('9007199254740993') }),
    odd(mixedTypes, { priority: new Double(9_007_199_254_740_992) }),
    odd(mixedTypes, { priority: null }),
    odd(mixedTypes, { flag: 1 }),
    odd(mixedTypes, { flag: 'true' }),
    odd(mixedTypes, { dueAt: BASE_DATE + 5 * DAY }),
    odd(mixedTypes, { dueAt: date(5) }),
    // JSON texts inside a 13-digit range whose values are not: 14 digits, a date before 2001, a fraction
    odd(mixedTypes, { dueAt: new Date(17_049_312_000_001) }),
    odd(mixedTypes, { dueAt: 17_049_312_000_001 }),
    odd(mixedTypes, { dueAt: new Date(631_152_000_000) }),
    odd(mixedTypes, { dueAt: new Double(BASE_DATE + 12 * DAY + 0.5) }),
    // a date after 2286 is an ordinary date whose JSON text has 14 digits
    odd(plain, { dueAt: new Date(17_049_312_000_001) }),
    // a missing field matches an equality with null, and the index does not hold it as the JSON text null
    withoutField(odd(mixedTypes, { title: 'no assignee' }), 'assignee'),
    ...titles(TEXT_ORDER, [
      'Pump',
      'Pump 2',
      'Pump!',
      'Pump"q',
      'Pump\tx',
      'Pümp',
      'Pump<1>',
      'Pump&Co',
      'Pump\u2028x',
      'A<b',
      'A=b',
      'a>b',
      'UHVtcA==',
      new Binary(Buffer.from('Pump')),
      new BSONRegExp('Pump', ''),
    ]),
    ...titles(LOW_TEXT, ['', ' lead', '!bang', 'Ωmega']),
    odd(oddStrings, { status: { label: 'open' } }),
    odd(oddStrings, { status: new BSONRegExp('open', '') }),
    odd(oddStrings, { status: 'open ' }),
    odd(oddStrings, { status: 'open!' }),
    odd(oddStrings, { dueAt: BASE_DATE + 5 * DAY }),
    odd(oddStrings, { dueAt: '2024-01-06' }),
    odd(oddStrings, { dueAt: null }),
    odd(arrays, { status: ['open', 'done'] }),
    odd(arrays, { status: [] }),
    odd(arrays, { assignee: poolOf(arrays).slice(0, 2) }),
    odd(arrays, { assignee: null }),
    odd(arrays, { priority: [1, 5] }),
    odd(arrays, { title: ['Pump', 'Request 7'] }),
    odd(arrays, { dueAt: [date(2), date(40)] }),
    odd(arrays, { dueAt: [null, date(3)] }),
    odd(arrays, { flag: [true] }),
    odd(undefined, { title: 'no company' }),
    odd(null, { title: 'null company' }),
  ];

  const docs = [...ordinary];
  adversarial.forEach((doc, i) => {
    docs.splice(Math.floor(((i + 1) * docs.length) / (adversarial.length + 1)), 0, doc);
  });

  const idsByCompany = new Map(
    companies.map((c) => [
      c.toHexString(),
      docs
        .filter((d) => d.company instanceof ObjectId && d.company.equals(c) && d._id instanceof ObjectId)
        .map((d) => d._id as ObjectId)
        .sort((a, b) => (a.toHexString() < b.toHexString() ? -1 : 1)),
    ]),
  );

  return {
    docs,
    indexes: [
      { company: 1, _id: -1 },
      { company: 1, status: 1, _id: -1 },
      { company: 1, type: 1, _id: -1 },
      { company: 1, assignee: 1, _id: -1 },
      { company: 1, priority: 1, _id: -1 },
      { company: 1, flag: 1, _id: -1 },
      { company: 1, title: 1 },
      { company: 1, type: 1, title: 1 },
      { company: 1, dueAt: 1 },
      { company: 1, assignee: 1, dueAt: 1 },
      { status: 1 },
    ],
    plain,
    mixedTypes,
    oddStrings,
    arrays,
    companies,
    assignees,
    assigneeHex: firstAssignee.toHexString(),
    statuses: STATUSES,
    types: TYPES,
    oddStringTypes: [TEXT_ORDER, LOW_TEXT],
    idsByCompany,
    baseDate: BASE_DATE,
    day: DAY,
  };
}

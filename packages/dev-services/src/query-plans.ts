import type { Db, MongoClient } from 'mongodb';

/** One read (or the read part of a write) a process sent, as the test saw it on the wire. */
export interface CapturedQuery {
  command: 'find' | 'count' | 'aggregate' | 'update' | 'delete' | 'findAndModify';
  collection: string;
  filter: Record<string, unknown>;
  sort: Record<string, unknown> | null;
  /** The index the query names (its declaration of the index that serves it), or null. */
  hint: unknown;
  /** The query with every value replaced by its type: queries of one shape share it. */
  shape: string;
}

/** What the database says it does with a query. */
export interface QueryPlan {
  query: CapturedQuery;
  /** The plan's lines (FerretDB: SQLite's EXPLAIN QUERY PLAN; MongoDB: the winning plan's stages). */
  plan: string[];
  /** A serving index: no line reads the whole collection, and a sort comes from the index. */
  served: boolean;
}

function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value && typeof value === 'object' && value.constructor?.name === 'Object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  if (value && typeof value === 'object') return (value as { _bsontype?: string })._bsontype ?? 'object';
  return typeof value;
}

function readsOf(name: string, command: Record<string, unknown>): CapturedQuery[] {
  const make = (
    kind: CapturedQuery['command'],
    collection: unknown,
    filter: unknown,
    sort: unknown,
    hint: unknown = null,
  ): CapturedQuery => {
    const query = {
      command: kind,
      collection: String(collection),
      filter: (filter ?? {}) as Record<string, unknown>,
      sort:
        sort instanceof Map ? Object.fromEntries(sort) : ((sort ?? null) as Record<string, unknown> | null),
      hint: hint ?? null,
    };
    return {
      ...query,
      shape: JSON.stringify([kind, query.collection, shapeOf(query.filter), query.sort, query.hint]),
    };
  };
  switch (name) {
    case 'find':
      return [make('find', command.find, command.filter, command.sort, command.hint)];
    case 'count':
      return [make('count', command.count, command.query, null, command.hint)];
    case 'aggregate': {
      const pipeline = (command.pipeline as Record<string, unknown>[] | undefined) ?? [];
      const intersected = intersectedLists(pipeline);
      if (intersected) {
        return intersected.map(({ filter, sort }) =>
          make('aggregate', command.aggregate, filter, sort, command.hint),
        );
      }
      // Explained as the find of its first `$match` and the `$sort` right after it (a page of ids listed in order)
      const [first, second] = pipeline;
      return [make('aggregate', command.aggregate, first?.$match ?? {}, second?.$sort ?? null, command.hint)];
    }
    case 'update':
      return ((command.updates as { q?: unknown }[]) ?? []).map((u) =>
        make('update', command.update, u.q, null),
      );
    case 'delete':
      return ((command.deletes as { q?: unknown }[]) ?? []).map((d) =>
        make('delete', command.delete, d.q, null),
      );
    case 'findAndModify':
      return [make('findAndModify', command.findAndModify, command.query, command.sort)];
    default:
      return [];
  }
}

/**
 * The lists an aggregation of the values that several equalities' matches all hold reads (`$match` with
 * `{f: {$in: [...]}}`, `$group` by a field with `{$addToSet: "$f"}`, …, `$sort` by `_id`): one per value, each
 * the `$match` with `f` equal to it, sorted by the grouped field, as FerretDB as built here merges them
 * (`intersect-pushdown.patch`). Null for any other pipeline.
 */
function intersectedLists(
  pipeline: Record<string, unknown>[],
): { filter: Record<string, unknown>; sort: Record<string, unknown> }[] | null {
  const [first, second, , fourth] = pipeline;
  const match = first?.$match as Record<string, unknown> | undefined;
  const group = second?.$group as Record<string, unknown> | undefined;
  const order = (fourth?.$sort as Record<string, unknown> | undefined)?._id;
  if (!match || !group || order === undefined || typeof group._id !== 'string') return null;
  const set = Object.values(group).find(
    (value): value is { $addToSet: string } =>
      typeof (value as { $addToSet?: unknown } | null)?.$addToSet === 'string',
  );
  const field = set?.$addToSet.slice(1);
  const values = field ? (match[field] as { $in?: unknown } | undefined)?.$in : undefined;
  if (!field || !Array.isArray(values)) return null;
  const sort = { [group._id.slice(1)]: order };
  return values.map((value) => ({ filter: { ...match, [field]: value }, sort }));
}

/**
 * Records every read a client sends (finds, counts, aggregations, and the filters of updates, deletes and
 * findAndModify), one per shape. The client must have been created with `monitorCommands: true`.
 */
export function captureQueries(client: MongoClient): { queries(): CapturedQuery[]; stop(): void } {
  const byShape = new Map<string, CapturedQuery>();
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    for (const query of readsOf(event.commandName, event.command)) {
      if (!byShape.has(query.shape)) byShape.set(query.shape, query);
    }
  };
  client.on('commandStarted', listener);
  return {
    queries: () => [...byShape.values()],
    stop: () => client.off('commandStarted', listener),
  };
}

/**
 * Asks the database how it runs a query. On FerretDB (which answers `filterPushdown`/`sortPushdown` and SQLite's
 * plan), a query is served when some plan line searches an index and none scans the table, and its sort, if any,
 * is pushed down; on MongoDB when the winning plan has no COLLSCAN and no blocking SORT stage.
 */
export async function planOf(db: Db, query: CapturedQuery): Promise<QueryPlan> {
  const find: Record<string, unknown> = { find: query.collection, filter: query.filter };
  if (query.sort) find.sort = query.sort;
  if (query.hint) find.hint = query.hint;
  // A count is explained as the find it counts: FerretDB plans both alike, and explains only finds with a filter.
  const explained = await db.command({ explain: find });
  if ('filterPushdown' in explained) {
    const planner = explained.queryPlanner as { Plan?: string[] } | undefined;
    const plan = (planner?.Plan ?? []).map((line) => line.replace(/^.*detail=/, ''));
    const searches = plan.some((line) => /^SEARCH .* USING (COVERING )?INDEX/.test(line));
    const scans = plan.some((line) => /^SCAN /.test(line));
    const id = query.filter._id as { _bsontype?: string } | string | undefined;
    const oneDocument = typeof id === 'string' || id?._bsontype === 'ObjectId';
    const sorted = !query.sort || explained.sortPushdown === true || oneDocument;
    return { query, plan, served: searches && !scans && sorted };
  }
  const stages: string[] = [];
  const walk = (stage: Record<string, unknown> | undefined) => {
    if (!stage) return;
    stages.push(String(stage.stage));
    walk(stage.inputStage as Record<string, unknown> | undefined);
    for (const input of (stage.inputStages as Record<string, unknown>[] | undefined) ?? []) walk(input);
  };
  walk((explained.queryPlanner as { winningPlan?: Record<string, unknown> }).winningPlan);
  return { query, plan: stages, served: !stages.includes('COLLSCAN') && !stages.includes('SORT') };
}

/**
 * A read no index serves, accepted for a stated reason: a collection small by design, or a named last resort.
 * `field`, when given, limits the exception to filters on that field.
 */
export interface UnservedByDesign {
  collection: string;
  field?: string;
  reason: string;
}

/**
 * Plans every captured query and returns those no index serves, but for the exceptions: what a test of "every
 * query has a serving index" expects to be empty.
 */
export async function unservedQueries(
  db: Db,
  queries: readonly CapturedQuery[],
  exceptions: readonly UnservedByDesign[] = [],
): Promise<{ shape: string; plan: string[] }[]> {
  const excepted = (query: CapturedQuery) =>
    exceptions.some(
      (e) => e.collection === query.collection && (e.field === undefined || e.field in query.filter),
    );
  const unserved: { shape: string; plan: string[] }[] = [];
  for (const query of queries) {
    if (excepted(query)) continue;
    const plan = await planOf(db, query);
    if (!plan.served) unserved.push({ shape: query.shape, plan: plan.plan });
  }
  return unserved;
}

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Changes to FerretDB 1.24.2's SQLite backend, so that lookups by `_id` use its unique index instead of decoding
 * every document of the collection (upstream TODO FerretDB#3235; each seen with EXPLAIN QUERY PLAN and timed),
 * and writes take turns. Applied first, then {@link FERRETDB_DIFFS}. Nothing else differs from the release.
 */
export const FERRETDB_PATCHES = [
  {
    // The lookup reads `_ferretdb_sjson->'$._id'` while the index is on `_ferretdb_sjson->"_id"`, so SQLite never
    // uses the index, even for `{_id: x}`.
    file: join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  {
    // `_id` equality is pushed down only when it is the filter's one condition: `{_id: x, revision: 3}` (a
    // compare-and-set) or `{_id: x, company: c}` (tenant scoping) scanned the collection up to the match. The
    // handler applies the whole filter to what the backend returns (the backend contract allows a partial
    // pushdown), so narrowing by `_id` whenever the filter has one is safe.
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: 'if params.Filter.Len() == 1 {',
    to: 'if params.Filter.Len() >= 1 {',
  },
  {
    // `{_id: {$in: [...]}}` decoded the whole collection (2.5 ms per key looked up at 20,000 documents): it is
    // narrowed to `_id IN (...)` on the index too, by `idInClause` below.
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: `		switch v.(type) {
		case string, types.ObjectID:`,
    to: `		if where, in := idInClause(v); where != "" {
			whereClause, args = where, in
		}
		switch v.(type) {
		case string, types.ObjectID:`,
  },
  {
    // Writes of one database take turns in FerretDB's process (InWriteTransaction, below). SQLite lets one writer
    // in at a time, and a writer that finds the lock taken sleeps in steps of 1, 2, 5, 10 … 100 ms (its default
    // busy handler) instead of waiting for the lock: contended inserts waited tens of milliseconds for a lock
    // held for one, the end-to-end p99's stalls. Readers are untouched (WAL).
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: `	err := db.InTransaction(ctx, func(tx *fsql.Tx) error {
		batchSize := c.r.BatchSize`,
    to: `	err := db.InWriteTransaction(ctx, func(tx *fsql.Tx) error {
		batchSize := c.r.BatchSize`,
  },
  {
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: `	err := db.InTransaction(ctx, func(tx *fsql.Tx) error {
		for _, doc := range params.Docs {`,
    to: `	err := db.InWriteTransaction(ctx, func(tx *fsql.Tx) error {
		for _, doc := range params.Docs {`,
  },
  {
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: `	res, err := db.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	ra, err := res.RowsAffected()
	if err != nil {
		return nil, lazyerrors.Error(err)
	}`,
    to: `	var ra int64
	err := db.InWriteTransaction(ctx, func(tx *fsql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		ra, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return nil, lazyerrors.Error(err)
	}`,
  },
  {
    // An update read its matches through a cursor that kept its pooled connection while it wrote on a second one:
    // a hundred concurrent updates could each hold one and wait for another, and the pool (100 connections per
    // database) stalled for good. Taking turns to write made that more likely. The matches are read and the
    // read closed before writing, as deletes already do.
    file: join('internal', 'handler', 'msg_update.go'),
    from: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)',
    to: [
      '\t\tmatchedDocs, err := iterator.ConsumeValues(iter)',
      '\t\tcloser.Close()',
      '',
      '\t\tif err != nil {',
      '\t\t\treturn 0, 0, nil, lazyerrors.Error(err)',
      '\t\t}',
      '',
      '\t\tmatchedIter := iterator.Values(iterator.ForSlice(matchedDocs))',
      '\t\tdefer matchedIter.Close()',
      '',
      '\t\tresult, err := common.UpdateDocument(ctx, c, "update", matchedIter, &u)',
    ].join('\n'),
  },
];

/** Files added to FerretDB's source by the patches above. */
export const FERRETDB_ADDED_FILES = [
  {
    file: join('internal', 'util', 'fsql', 'write_tx.go'),
    content: `package fsql

import (
	"context"
	"sync"

	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// writeLocks holds one mutex per database (one SQLite file each).
var writeLocks sync.Map

// InWriteTransaction runs f in a transaction that takes its turn with the other writes of this database in this
// process, so that SQLite never sees two writers at once and no writer sleeps in its busy handler. The pooled
// connection is taken before the turn: a writer holding the turn never waits for the pool, so commands that hold
// a read cursor while they write cannot starve it.
func (db *DB) InWriteTransaction(ctx context.Context, f func(*Tx) error) error {
	sqlTx, err := db.sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return lazyerrors.Error(err)
	}

	m, _ := writeLocks.LoadOrStore(db, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()
	defer mu.Unlock()

	tx := wrapTx(sqlTx, db.l)
	if err = f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}

	if err = tx.Commit(); err != nil {
		return lazyerrors.Error(err)
	}

	return nil
}
`,
  },
  {
    file: join('internal', 'backends', 'sqlite', 'id_in.go'),
    content: `package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
)

// idInClause narrows {_id: {$in: [strings or ObjectIDs]}} to the _id index; "" when the filter is anything else.
// The handler still applies the whole filter to the rows returned.
func idInClause(v any) (string, []any) {
	doc, ok := v.(*types.Document)
	if !ok || doc.Len() != 1 {
		return "", nil
	}
	in, err := doc.Get("$in")
	if err != nil {
		return "", nil
	}
	values, ok := in.(*types.Array)
	if !ok || values.Len() == 0 {
		return "", nil
	}
	args := make([]any, 0, values.Len())
	for i := 0; i < values.Len(); i++ {
		value, err := values.Get(i)
		if err != nil {
			return "", nil
		}
		switch value.(type) {
		case string, types.ObjectID:
			encoded, err := sjson.MarshalSingleValue(value)
			if err != nil {
				return "", nil
			}
			args = append(args, string(encoded))
		default:
			return "", nil
		}
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	return fmt.Sprintf(\` WHERE %s IN (%s)\`, metadata.IDColumn, marks), args
}
`,
  },
];

/**
 * Unified diffs applied (with `git apply`, in this order) after the patches above. `index-pushdown.patch` lets
 * the SQLite backend serve filters, sorts and counts from the indexes FerretDB creates: docs/read-scaling.md.
 * `resource-tracking-off.patch` drops FerretDB's leak tracking outside its debug builds: a stack capture and a
 * finalizer per document read, about 6 % of its CPU on reads of whole requests (docs/performance.md).
 * `projection-pushdown.patch` has SQLite extract the top-level fields a find with an inclusion projection reads
 * (the projection's, the filter's and the sort's) instead of the handler decoding whole documents: a request read
 * for one field cost a third of a request read whole (docs/performance.md). `sqlite-upgrade.patch` moves the
 * embedded SQLite from 3.46 to 3.54 (modernc.org/sqlite 1.62, which needs Go 1.26), whose planner reads an
 * expression that an index holds from the index instead of the row: a sum over a hinted index range then reads no
 * document. `group-pushdown.patch` answers an aggregation that counts per group (`$match`, then `$group` of
 * `{$sum: 1}` and sums of the time since the `_id`'s creation) from a hinted index, with index seeks and counts
 * where the handler would decode every matching document: a report's counts per team and stage, and its
 * period's closes and repair times (docs/read-scaling.md). The last three cut what every read costs apart from its
 * rows (docs/performance.md): `seek-cache.patch` keeps the answers of the planner's index seeks until the table's
 * next insert or update; `scalar-decode.patch` decodes stored strings, ObjectIds, integers, dates and booleans
 * without a `json.Decoder` each; `sql-debug-log.patch` builds the SQL debug log lines only when debug logging is on.
 * `push-pushdown.patch` answers an aggregation that lists one field of the first matches in its order (`$match`,
 * `$sort`, `$limit`, then `$group` of `{$push: "$field"}`) from the entries of a hinted index, without reading a
 * document: a search reads the requests of a word's terms that way (docs/read-scaling.md).
 * `intersect-pushdown.patch` answers the same list for the values that several equalities' matches all hold
 * (`$match` of `{f: {$in: [...]}}`, `$group` by the field with `{$addToSet: "$f"}`, `$match` of the set's
 * `$size`, `$sort`, `$limit`, then `$group` of `{$push: "$_id"}`) by SQLite's INTERSECT of the hinted index's
 * ranges, merged in order: a search of several words reads the requests that have all of them that way.
 */
export const FERRETDB_DIFFS = [
  fileURLToPath(new URL('../ferretdb/index-pushdown.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/resource-tracking-off.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/projection-pushdown.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/sqlite-upgrade.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/group-pushdown.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/seek-cache.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/scalar-decode.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/sql-debug-log.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/push-pushdown.patch', import.meta.url)),
  fileURLToPath(new URL('../ferretdb/intersect-pushdown.patch', import.meta.url)),
];

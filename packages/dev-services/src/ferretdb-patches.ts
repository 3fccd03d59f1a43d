import { join } from 'node:path';

/**
 * Changes to FerretDB 1.24.2's SQLite backend, so that lookups by `_id` use its unique index instead of decoding
 * every document of the collection (upstream TODO FerretDB#3235; each seen with EXPLAIN QUERY PLAN and timed).
 * Nothing else differs from the release.
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
];

/** Files added to FerretDB's source by the patches above. */
export const FERRETDB_ADDED_FILES = [
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

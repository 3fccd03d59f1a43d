import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * One search term of one request: a beginning of 2, 4 or 6 characters (`searchTermLengths`) of a word of its
 * subject, as `searchWords` spells it. `requests.list` finds the requests whose subject has a word beginning with a
 * typed word as one index range of `{company, term, request}` (`{company, term, priority, request}` in the priority
 * order), newest first, the way the other lists read `{company, <filter>, _id}`: FerretDB serves equalities and
 * ObjectId ranges from an index, not a range of strings, so each of those beginnings is a term of its own (see
 * `search/request-search-terms.ts`). Both keys end with the request's team and requester, which a search within
 * some teams, or an employee's search of their own requests, tests on each index entry of the range.
 */
export const requestSearchTermSchema = new Schema(
  {
    /** `<request id>|<terms revision>|<term>`: writing a request's terms again inserts nothing new. */
    _id: { type: String, required: true },
    company: { type: Schema.Types.ObjectId, required: true },
    term: { type: String, required: true },
    /**
     * The request's team (it never changes): a search within some teams tests it on the index entry, so it reads
     * the terms of those teams' requests only. Missing on terms written before it existed, which `pnpm ops
     * search-terms rebuild` gives them.
     */
    team: { type: Schema.Types.ObjectId },
    /**
     * Who asked for the request (it never changes): an employee's search tests it on the index entry, so it lists
     * their own requests among a word's terms without reading a request. Missing on terms written before it
     * existed, which `pnpm ops search-terms rebuild` gives them.
     */
    requestedBy: { type: Schema.Types.ObjectId },
    /** The request's priority when its terms were written: the priority order reads one priority at a time. */
    priority: { type: Number, required: true },
    request: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);
// `team` and `requestedBy` end each key: they leave the order as it is (a request has one of each) and let the
// database test a search's teams or requester on the index entry, without reading the term document
requestSearchTermSchema.index({ company: 1, term: 1, request: -1, team: 1, requestedBy: 1 });
requestSearchTermSchema.index({ company: 1, term: 1, priority: 1, request: -1, team: 1, requestedBy: 1 });

export type RequestSearchTermFields = InferSchemaType<typeof requestSearchTermSchema>;

/**
 * Indexes of `request_search_terms` no longer declared, dropped when a database opens: the same keys without
 * `team`, and without `requestedBy`.
 */
export const retiredSearchTermIndexes = [
  'company_1_term_1_request_-1',
  'company_1_term_1_priority_1_request_-1',
  'company_1_term_1_request_-1_team_1',
  'company_1_term_1_priority_1_request_-1_team_1',
];

export function requestSearchTermModel(connection: Connection) {
  return connection.model('RequestSearchTerm', requestSearchTermSchema, 'request_search_terms');
}

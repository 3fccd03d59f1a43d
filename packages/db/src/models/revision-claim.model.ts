import { type Connection, Schema } from 'mongoose';

/**
 * A claim on one revision of a document: the API inserts `<document id>@<revision>` before it writes the document
 * at that revision, and only the writer whose insert succeeds may write it. FerretDB 1.24 applies a conditional
 * update as a read followed by a write, so two API processes could both pass `{_id, revision: n}` (and the later
 * write would undo the earlier one's fields); an insert on a unique `_id` is the one write it makes atomic across
 * connections. Requests and users each have their own collection of claims.
 */
function revisionClaimSchema(owner: 'request' | 'user') {
  const schema = new Schema(
    {
      /** `<document id>@<revision>`. */
      _id: { type: String, required: true },
      [owner]: { type: String, required: true },
      revision: { type: Number, required: true },
      /** When the claim was made: a claim whose writer never wrote is abandoned after a while. */
      createdAt: { type: Date, required: true },
    },
    { versionKey: false },
  );
  /** Serves the retention sweep of old claims. */
  schema.index({ createdAt: 1 });
  return schema;
}

export function requestRevisionModel(connection: Connection) {
  return connection.model('RequestRevision', revisionClaimSchema('request'), 'request_revisions');
}

export function userRevisionModel(connection: Connection) {
  return connection.model('UserRevision', revisionClaimSchema('user'), 'user_revisions');
}

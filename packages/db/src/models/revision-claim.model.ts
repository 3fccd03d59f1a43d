import { type Connection, Schema } from 'mongoose';

/**
 * A claim on one revision of a maintenance request: the API inserts `<request id>@<revision>` before it writes
 * the request at that revision, and only the writer whose insert succeeds may write it. FerretDB 1.24 applies a
 * conditional update as a read followed by a write, so two API processes could both pass
 * `{_id, revision: n}`; an insert on a unique `_id` is the one write it makes atomic across connections.
 */
export const requestRevisionSchema = new Schema(
  {
    /** `<request id>@<revision>`. */
    _id: { type: String, required: true },
    request: { type: String, required: true },
    revision: { type: Number, required: true },
    /** When the claim was made: a claim whose writer never wrote is abandoned after a while. */
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
/** Serves the retention sweep of old claims. */
requestRevisionSchema.index({ createdAt: 1 });

export function requestRevisionModel(connection: Connection) {
  return connection.model('RequestRevision', requestRevisionSchema, 'request_revisions');
}

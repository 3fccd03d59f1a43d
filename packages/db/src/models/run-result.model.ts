import { type Connection, Schema } from 'mongoose';

/**
 * The final outcome of a run, keyed like the run. Kept apart from `function_runs` so that finishing a run is an
 * insert, not an update: inserts are batched cheaply everywhere, while an update on FerretDB's SQLite storage
 * scans the whole collection.
 */
export const runResultSchema = new Schema(
  {
    _id: { type: String, required: true },
    functionId: { type: String, required: true },
    status: { type: String, required: true, enum: ['succeeded', 'dead'] },
    attempts: { type: Number, required: true },
    finishedAt: { type: Date, required: true },
    durationMs: { type: Number, required: true },
    error: { type: String, default: null },
  },
  { versionKey: false },
);
runResultSchema.index({ functionId: 1, status: 1 });

export function runResultModel(connection: Connection) {
  return connection.model('FunctionRunResult', runResultSchema, 'function_run_results');
}

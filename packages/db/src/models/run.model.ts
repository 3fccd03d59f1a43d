import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const runStatuses = ['running', 'failed'] as const;

/**
 * The run ledger: one document per (event, function), keyed `<event id>.<function id>`: inserting it is the run's
 * first claim, and the primary key lets exactly one claim win. Keeps the event, so a dead run can be replayed even
 * if Redis lost its copy, and the entry that first carried it, so the relay can ask Redis whether it is pending.
 * `status` and `attempts` describe the run for operators (written by the run's one holder, never compared and
 * set); a run is final once `function_run_results` has its key.
 */
export const runSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    eventName: { type: String, required: true },
    functionId: { type: String, required: true },
    event: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: runStatuses },
    attempts: { type: Number, required: true },
    firstEntryId: { type: String, default: null },
    consumer: { type: String, default: null },
    nextAttemptAt: { type: Date, required: true },
    firstStartedAt: { type: Date, default: null },
    startedAt: { type: Date, default: null },
    lastError: { type: String, default: null },
  },
  { timestamps: true, minimize: false },
);
runSchema.index({ functionId: 1, status: 1 });
runSchema.index({ eventId: 1 });

export type RunFields = InferSchemaType<typeof runSchema>;

export function runModel(connection: Connection) {
  return connection.model('FunctionRun', runSchema, 'function_runs');
}

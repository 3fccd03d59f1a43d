import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * One decision of a background job that must be taken once across retries, crashes and workers, made by
 * inserting this document on its unique `_id` (the one atomic write FerretDB offers): `preventive:<equipment
 * id>:<due date>` (which request the preventive job creates), `reminder:<request id>:<scheduled date>` and
 * `escalation:<request id>:<level>` (which run sends that mail). `runKey` names the run that won, so a retry
 * of that same run knows the decision is its own.
 */
export const jobClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    runKey: { type: String, required: true },
    /** The request the claim is about: the one to create (preventive) or the one mailed about. */
    requestId: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export type JobClaimFields = InferSchemaType<typeof jobClaimSchema>;

export function jobClaimModel(connection: Connection) {
  return connection.model('JobClaim', jobClaimSchema, 'job_claims');
}

import type { Database } from '@fixstream/db';
import { isDuplicateKey } from '@fixstream/run-storage';

/** The outcome of a claim: whether this run holds it, and the request recorded in it. */
export interface ClaimOutcome {
  ours: boolean;
  requestId: string;
}

/**
 * Takes the one decision named `id` for the run `runKey`, by inserting it on its unique `_id`. A second
 * insert (another worker, another tick, a retry) gets the existing claim: it is `ours` again only for the run
 * that took it, which lets a retry after a crash finish what it decided instead of losing it.
 */
export async function claimOnce(
  db: Database,
  claim: { id: string; runKey: string; requestId: string },
): Promise<ClaimOutcome> {
  const { JobClaim } = db.models;
  try {
    await JobClaim.create({ _id: claim.id, runKey: claim.runKey, requestId: claim.requestId });
    return { ours: true, requestId: claim.requestId };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await JobClaim.findById(claim.id, { runKey: 1, requestId: 1 }).lean();
  if (!existing) throw new Error(`claim ${claim.id} was refused as a duplicate but cannot be read`);
  return { ours: existing.runKey === claim.runKey, requestId: existing.requestId };
}

/**
 * {@link claimOnce} for decisions that are usually taken already (a sweep meets the same overdue requests every
 * tick): a read by `_id` first, and an insert only when there is no claim yet.
 */
export async function claimUnlessTaken(
  db: Database,
  claim: { id: string; runKey: string; requestId: string },
): Promise<ClaimOutcome> {
  const existing = await db.models.JobClaim.findById(claim.id, { runKey: 1, requestId: 1 }).lean();
  if (existing) return { ours: existing.runKey === claim.runKey, requestId: existing.requestId };
  return claimOnce(db, claim);
}

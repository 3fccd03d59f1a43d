import { indexedDates, type PassOutcome } from '@fixstream/run-storage';
import type { Collection } from 'mongodb';
import type { Database } from '../database.ts';
import { deleteMatching } from './delete-matching.ts';

interface ClaimDocument {
  _id: string;
  createdAt: Date;
}

/**
 * Deletes revision claims (`request_revisions`, `user_revisions`) older than `windowMs`. The API deletes the claims
 * below each revision it writes, so what is left is the latest claim of every document and the claims of writers
 * that stopped between claim and write. Once a claim is old, nobody needs it any more:
 * - its own writer writes within `stuckClaimMs / 2` (30 s / 2) of claiming, or never;
 * - a claim only fences writers racing from the same read: a writer claims revision n right after reading n - 1
 *   (or a few below, skipping stuck claims), and a late one whose read is older than the document is turned away
 *   by its write's condition on the revision it read, claim or no claim;
 * - a stuck claim above the document's revision is skipped by the next writer anyway; without it, that writer
 *   claims the revision itself.
 * Windows of hours are far above those seconds (the configuration allows one hour at least).
 */
export async function sweepRevisionClaims(
  db: Database,
  pass: { windowMs: number; batchSize: number; now: Date; signal?: AbortSignal },
): Promise<PassOutcome> {
  const old = { createdAt: indexedDates({ until: new Date(pass.now.getTime() - pass.windowMs) }) };
  const total: PassOutcome = { deleted: 0, kept: 0 };
  for (const model of [db.models.RequestRevision, db.models.UserRevision]) {
    const claims = model.collection as unknown as Collection<ClaimDocument>;
    const outcome = await deleteMatching(claims, old, { createdAt: 1 }, pass);
    total.deleted += outcome.deleted;
    total.kept += outcome.kept;
  }
  return total;
}

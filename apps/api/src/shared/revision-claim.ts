import { isDuplicateKey } from '@fixstream/run-storage';
import type { Collection } from 'mongoose';

/**
 * How old a claim must be before other writers treat it as abandoned. A writer sends its document write within
 * milliseconds of its claim; one that has not after this long crashed in between, and as long as its claim stands
 * the document cannot change. Long enough to be sure: a writer that is merely slow gives up on its own claim after
 * half of this (see `claimHeld`), so a slow writer and the one that skips its claim never both write from the
 * same revision, even with a few seconds of clock difference between processes.
 */
export const stuckClaimMs = 30_000;

/**
 * Pauses before reading a document again after another writer claimed its next revision first: that writer is
 * between its claim and its document write, which takes milliseconds, so a few short waits see its result.
 */
export const rereadDelaysMs = [5, 10, 20, 40, 80, 160] as const;

/** Abandoned claims skipped in a row at most; more means something is badly wrong, and the caller is told so. */
const maxSkippedClaims = 3;

export type RevisionClaim = { won: true; revision: number; claimedAt: Date } | { won: false };

/**
 * Where the claims on one kind of document are inserted (`request_revisions`, `user_revisions`), and the field
 * that names the document in each claim.
 */
export interface RevisionClaims {
  collection: Collection;
  owner: 'request' | 'user';
}

/** `<document id>@<revision>`, the `_id` of a claim: unique, so one insert per revision can succeed. */
export function revisionClaimId(documentId: string, revision: number): string {
  return `${documentId}@${revision}`;
}

/**
 * Claims the right to write the revision after `current`, the one the writer read: FerretDB applies the
 * conditional update `{_id, revision: current}` as a read then a write, so two processes could both pass it
 * (and the later write would put back what the earlier one changed),
 * while of two inserts on one `_id` exactly one succeeds, on FerretDB as on MongoDB. Usually that is
 * `current + 1`; a claim on it older than `stuckClaimMs` (its writer crashed before writing) is skipped and the
 * next revision claimed instead, again by insert, so writers that find it stuck together still have one winner.
 * `{ won: false }` means a live writer holds the claim: re-read the document once it has written.
 */
export async function claimNextRevision(
  { collection: claims, owner }: RevisionClaims,
  documentId: string,
  current: number,
): Promise<RevisionClaim> {
  for (let revision = current + 1; revision <= current + 1 + maxSkippedClaims; revision++) {
    const claimedAt = new Date();
    const _id = revisionClaimId(documentId, revision);
    try {
      await claims.insertOne({ _id: _id as never, [owner]: documentId, revision, createdAt: claimedAt });
      return { won: true, revision, claimedAt };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const holder = await claims.findOne({ _id: _id as never }, { projection: { createdAt: 1 } });
    if (!holder || !isStuck(holder.createdAt as Date)) return { won: false };
  }
  return { won: false };
}

/** Whether a writer may still send the write its claim allows: not once others could take the claim as stuck. */
export function claimHeld(claim: { claimedAt: Date }): boolean {
  return Date.now() - claim.claimedAt.getTime() < stuckClaimMs / 2;
}

/**
 * Deletes the claims below a revision the document has now reached: no writer can win anything with them any
 * more (a late one would claim a revision the document has passed and its write would match nothing), and
 * keeping them would leave a row per change forever.
 */
export async function dropClaimsBelow(
  { collection: claims }: RevisionClaims,
  documentId: string,
  from: number,
  reached: number,
): Promise<void> {
  const first = Math.max(from, 1);
  const revisions = Array.from({ length: Math.max(0, reached - first) }, (_, i) => first + i);
  await Promise.all(
    revisions.map((revision) => claims.deleteOne({ _id: revisionClaimId(documentId, revision) as never })),
  );
}

function isStuck(claimedAt: Date): boolean {
  return Date.now() - claimedAt.getTime() >= stuckClaimMs;
}

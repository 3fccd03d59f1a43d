import {
  deleteEach,
  indexedDates,
  type OutboxEvent,
  owedRowId,
  type PassOutcome,
} from '@fixstream/run-storage';
import type { Collection } from 'mongodb';
import type { Database } from '../database.ts';
import { passwordResetOutboxRef } from '../password-reset-outbox.ts';
import { deleteMatching } from './delete-matching.ts';

/**
 * How long password reset records outlive their use: expired links are refused by their expiry either way, a
 * day of keeping them only lets the API say "expired" rather than "not valid".
 */
export const passwordResetKeepMs = 24 * 60 * 60_000;

interface ExpiringDocument {
  _id: string;
  expiresAt: Date;
}

interface RequestDocument {
  _id: unknown;
  createdAt: Date;
  outbox?: OutboxEvent[];
}

/** What one pass deleted: links (tokens), their uses, and requests for a reset mail. */
export interface PasswordResetSweep {
  tokens: number;
  uses: number;
  requests: number;
}

/**
 * Deletes password reset records a day after they stopped mattering (FerretDB has no TTL indexes):
 * - links (`password_reset_tokens`) and uses (`password_reset_uses`) a day past their expiry. A use is only
 *   needed while its link could still be accepted, and a link past its expiry never is;
 * - requests for a reset mail (`password_reset_requests`) a day after they were made, unless their event is still
 *   owed: the relay reads the event from the document until every function has finished it.
 */
export async function sweepPasswordResets(
  db: Database,
  pass: { batchSize: number; now: Date; signal?: AbortSignal },
): Promise<PasswordResetSweep> {
  const before = new Date(pass.now.getTime() - passwordResetKeepMs);
  const { PasswordResetToken, PasswordResetUse } = db.models;
  const tokens = await sweepExpired(
    PasswordResetToken.collection as unknown as Collection<ExpiringDocument>,
    before,
    pass,
  );
  const uses = await sweepExpired(
    PasswordResetUse.collection as unknown as Collection<ExpiringDocument>,
    before,
    pass,
  );
  const requests = await sweepSettledRequests(db, before, pass);
  return { tokens: tokens.deleted, uses: uses.deleted, requests: requests.deleted };
}

function sweepExpired(
  collection: Collection<ExpiringDocument>,
  before: Date,
  pass: { batchSize: number; signal?: AbortSignal },
): Promise<PassOutcome> {
  return deleteMatching(collection, { expiresAt: indexedDates({ until: before }) }, { expiresAt: 1 }, pass);
}

/**
 * Like `sweepInBatches`, but request ids are ObjectIds, and the requests whose event is still owed are kept
 * (remembered as strings) for the rest of the pass.
 */
async function sweepSettledRequests(
  db: Database,
  before: Date,
  pass: { batchSize: number; signal?: AbortSignal },
): Promise<PassOutcome> {
  const requests = db.models.PasswordResetRequest.collection as unknown as Collection<RequestDocument>;
  const old = { createdAt: indexedDates({ until: before }) };
  const kept = new Set<string>();
  let deleted = 0;
  while (!pass.signal?.aborted) {
    const limit = pass.batchSize + kept.size;
    const found = await requests
      .find(old, { projection: { _id: 1, outbox: 1 }, hint: { createdAt: 1 } })
      .limit(limit)
      .toArray();
    const batch = found.filter((doc) => !kept.has(String(doc._id)));
    if (batch.length === 0) break;
    const owed = await Promise.all(batch.map((doc) => stillOwes(db, doc)));
    const settled = batch.filter((_, i) => !owed[i]);
    const deletedNow = await deleteEach(
      requests,
      settled.map((doc) => ({ _id: doc._id, ...old })),
    );
    deleted += deletedNow;
    const keptBefore = kept.size;
    for (const [i, doc] of batch.entries()) if (owed[i]) kept.add(String(doc._id));
    if (found.length < limit || (deletedNow === 0 && kept.size === keptBefore)) break;
  }
  return { deleted, kept: kept.size };
}

/** Whether an owed-event row still points at the request: looked up by `_id`, the one lookup FerretDB indexes. */
async function stillOwes(db: Database, request: RequestDocument): Promise<boolean> {
  const ref = passwordResetOutboxRef(String(request._id));
  const rows = await Promise.all(
    (request.outbox ?? []).map((event) =>
      db.storage.owedRows.findOne({ _id: owedRowId(ref, event.id) }, { projection: { _id: 1 } }),
    ),
  );
  return rows.some((row) => row !== null);
}

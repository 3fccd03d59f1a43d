import { deleteEach, indexedDates, type OutboxEvent, owedRowId } from '@fixstream/run-storage';
import type { Collection } from 'mongodb';
import type { Database } from '../database.ts';
import { webhookMessageOutboxRef } from '../webhook-message-outbox.ts';
import { deleteMatching } from './delete-matching.ts';

interface AttemptDocument {
  _id: string;
  at: Date;
}

interface MessageDocument {
  _id: string;
  createdAt: Date;
  outbox?: OutboxEvent[];
}

/** What one pass deleted: attempts of the deliveries log, and messages whose delivery is settled. */
export interface WebhookSweep {
  attempts: number;
  messages: number;
}

/**
 * Deletes what webhooks leave behind (FerretDB has no TTL indexes): attempts of the deliveries log
 * (`webhook_deliveries`) older than `attemptsWindowMs`, and messages (`webhook_messages`) older than
 * `messagesWindowMs` whose delivery event is no longer owed (the relay reads the event from the message until
 * `deliver-webhook` has finished it). Messages are kept as long as runs are, so a replay finds its event.
 */
export async function sweepWebhooks(
  db: Database,
  pass: {
    attemptsWindowMs: number;
    messagesWindowMs: number;
    batchSize: number;
    now: Date;
    signal?: AbortSignal;
  },
): Promise<WebhookSweep> {
  const attemptsLog = db.models.WebhookDelivery.collection as unknown as Collection<AttemptDocument>;
  const oldAttempts = { at: indexedDates({ until: new Date(pass.now.getTime() - pass.attemptsWindowMs) }) };
  const attempts = await deleteMatching(attemptsLog, oldAttempts, { at: 1 }, pass);
  const messages = await sweepSettledMessages(db, new Date(pass.now.getTime() - pass.messagesWindowMs), pass);
  return { attempts: attempts.deleted, messages };
}

async function sweepSettledMessages(
  db: Database,
  before: Date,
  pass: { batchSize: number; signal?: AbortSignal },
): Promise<number> {
  const messages = db.models.WebhookMessage.collection as unknown as Collection<MessageDocument>;
  const old = { createdAt: indexedDates({ until: before }) };
  const kept = new Set<string>();
  let deleted = 0;
  while (!pass.signal?.aborted) {
    const limit = pass.batchSize + kept.size;
    const found = await messages
      .find(old, { projection: { _id: 1, outbox: 1 }, hint: { createdAt: 1 } })
      .limit(limit)
      .toArray();
    const batch = found.filter((doc) => !kept.has(doc._id));
    if (batch.length === 0) break;
    const owed = await Promise.all(batch.map((doc) => stillOwes(db, doc)));
    const deletedNow = await deleteEach(
      messages,
      batch.filter((_, i) => !owed[i]).map((doc) => ({ _id: doc._id, ...old })),
    );
    deleted += deletedNow;
    const keptBefore = kept.size;
    for (const [i, doc] of batch.entries()) if (owed[i]) kept.add(doc._id);
    if (found.length < limit || (deletedNow === 0 && kept.size === keptBefore)) break;
  }
  return deleted;
}

/** Whether an owed-event row still points at the message: looked up by `_id`, the one lookup FerretDB indexes. */
async function stillOwes(db: Database, message: MessageDocument): Promise<boolean> {
  const ref = webhookMessageOutboxRef(message._id);
  const rows = await Promise.all(
    (message.outbox ?? []).map((event) =>
      db.storage.owedRows.findOne({ _id: owedRowId(ref, event.id) }, { projection: { _id: 1 } }),
    ),
  );
  return rows.some((row) => row !== null);
}

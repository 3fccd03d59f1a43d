import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { passwordResetRequested } from '@fixstream/events';
import { owedRowId } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import { passwordResetOutboxRef } from '../password-reset-outbox.ts';
import { sweepPasswordResets } from './password-reset-retention.ts';

const now = new Date();
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 60 * 60_000);

let db: Database;

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `password-resets-${randomUUID()}`));
});
afterAll(async () => {
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
});

async function link(expiresAt: Date): Promise<string> {
  const _id = randomUUID();
  const user = new Types.ObjectId();
  await db.models.PasswordResetToken.create({
    _id,
    user,
    resetRequest: new Types.ObjectId(),
    createdAt: new Date(expiresAt.getTime() - 30 * 60_000),
    expiresAt,
  });
  await db.models.PasswordResetUse.create({ _id, user, usedAt: expiresAt, expiresAt });
  return _id;
}

async function request(createdAt: Date, owed: boolean): Promise<string> {
  const _id = new Types.ObjectId();
  const event = passwordResetRequested.create({ resetRequestId: _id.toString() });
  await db.models.PasswordResetRequest.collection.insertOne({
    _id,
    email: 'x@y.example',
    outbox: [event],
    createdAt,
  });
  if (owed) {
    const ref = passwordResetOutboxRef(_id.toString());
    await db.storage.owedRows.insertOne({
      _id: owedRowId(ref, event.id),
      eventId: event.id,
      eventName: event.name,
      occurredAt: createdAt,
      ref,
      dueAt: now,
      createdAt,
    });
  }
  return _id.toString();
}

describe('the password reset sweep', () => {
  it('deletes links and uses a day past their expiry, and settled requests a day old; keeps the rest', async () => {
    const stale = [await link(hoursAgo(25)), await link(hoursAgo(100))];
    const fresh = [await link(hoursAgo(23)), await link(new Date(now.getTime() + 60_000))];
    const gone = [await request(hoursAgo(25), false), await request(hoursAgo(48), false)];
    const kept = [await request(hoursAgo(48), true), await request(hoursAgo(2), false)];

    const pass = await sweepPasswordResets(db, { batchSize: 1, now });
    expect(pass).toEqual({ tokens: 2, uses: 2, requests: 2 });
    const ids = async (collection: { find(filter: object): { lean(): Promise<{ _id: unknown }[]> } }) =>
      (await collection.find({}).lean()).map((doc) => String(doc._id)).sort();
    expect(await ids(db.models.PasswordResetToken)).toEqual([...fresh].sort());
    expect(await ids(db.models.PasswordResetUse)).toEqual([...fresh].sort());
    expect(await ids(db.models.PasswordResetRequest)).toEqual([...kept].sort());
    expect(stale).toHaveLength(2);
    expect(gone).toHaveLength(2);
  });
});

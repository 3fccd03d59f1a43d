import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import { sweepRevisionClaims } from './revision-claim-retention.ts';

const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60_000);

let db: Database;

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `revision-claims-${randomUUID()}`));
});
afterAll(async () => {
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
});

describe('the revision claim sweep', () => {
  async function claimAt(request: string, revision: number, createdAt: Date): Promise<string> {
    const _id = `${request}@${revision}`;
    await db.models.RequestRevision.collection.insertOne({ _id: _id as never, request, revision, createdAt });
    return _id;
  }

  async function userClaimAt(user: string, revision: number, createdAt: Date): Promise<string> {
    const _id = `${user}@${revision}`;
    await db.models.UserRevision.collection.insertOne({ _id: _id as never, user, revision, createdAt });
    return _id;
  }

  it('deletes revision claims of requests and users older than RETENTION_REVISION_CLAIMS_HOURS and keeps recent ones', async () => {
    await claimAt('r1', 3, daysAgo(2));
    await claimAt('r2', 1, daysAgo(30));
    await userClaimAt('u1', 2, daysAgo(3));
    const recent = [await claimAt('r1', 4, daysAgo(0.5)), await claimAt('r3', 1, now)];
    const recentUser = await userClaimAt('u1', 3, daysAgo(0.1));
    const pass = await sweepRevisionClaims(db, { windowMs: 24 * 60 * 60_000, batchSize: 1, now });
    expect(pass.deleted).toBe(3);
    const ids = async (model: typeof db.models.RequestRevision | typeof db.models.UserRevision) =>
      (await model.collection.find({}, { projection: { _id: 1 } }).toArray()).map((claim) =>
        String(claim._id),
      );
    expect((await ids(db.models.RequestRevision)).sort()).toEqual([...recent].sort());
    expect(await ids(db.models.UserRevision)).toEqual([recentUser]);
  });
});

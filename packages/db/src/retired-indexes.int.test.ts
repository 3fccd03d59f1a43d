import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from './database.ts';

const uri = mongoUriFor(inject('services').mongoUri, `retired-indexes-${randomUUID()}`);
const opened: Database[] = [];
const open = async () => {
  const db = await connectDatabase(uri);
  opened.push(db);
  return db;
};
afterAll(async () => {
  await opened[0]?.connection.dropDatabase().catch(() => undefined);
  for (const db of opened) await db.close();
});

describe('opening a database', () => {
  it('drops the indexes the models no longer declare, and opens again when they are gone', async () => {
    const first = await open();
    const requests = first.models.Request.collection;
    await requests.createIndex({ status: 1, scheduledDate: 1, _id: 1 });
    expect((await requests.indexes()).map((index) => index.name)).toContain('status_1_scheduledDate_1__id_1');

    const second = await open();
    const names = (await second.models.Request.collection.indexes()).map((index) => index.name);
    expect(names).not.toContain('status_1_scheduledDate_1__id_1');
    expect(names).toContain('company_1_closedAt_1_scheduledDate_1__id_1');
    await expect(open()).resolves.toBeDefined();
  });
});

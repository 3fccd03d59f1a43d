import { randomUUID } from 'node:crypto';
import { connectDatabase, createPasswordHasher, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoOverdueRequest } from './demo-data.ts';
import { seedDemoData } from './seed.service.ts';

const day = 86_400_000;
let db: Database;

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `seed-jobs-${randomUUID()}`));
});
afterAll(async () => {
  await db.connection.dropDatabase();
  await db.close();
});

describe('the demo data of the maintenance jobs', () => {
  it('has equipment due tomorrow and one request two days overdue, once however often it is seeded', async () => {
    const before = Date.now();
    const first = await seedDemoData(db, createPasswordHasher(4));
    await seedDemoData(db, createPasswordHasher(4));
    const tower = first.equipment.find((item) => item.name === 'Cooling Tower CT-5');
    const stored = await db.models.Equipment.findById(tower?.id).lean();
    const dueIn = (stored?.nextPreventiveAt?.getTime() ?? 0) - before;
    expect(dueIn).toBeGreaterThanOrEqual(day);
    expect(dueIn).toBeLessThan(day + 60_000);

    const overdue = await db.models.Request.find({ company: first.company.id }).lean();
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ subject: demoOverdueRequest.subject, status: 'new', priority: 2 });
    expect(before - (overdue[0]?.scheduledDate?.getTime() ?? 0)).toBeGreaterThanOrEqual(2 * day - 60_000);
    // owed like any new request: the relay publishes it and its technician is mailed
    expect(overdue[0]?.outbox.map((event) => event.name)).toEqual(['maintenance/request.created']);
  });
});

import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import { insertRequest, type NewRequestDoc } from './insert-request.ts';

let db: Database;
const requestInserts: number[] = [];

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `insert-request-${randomUUID()}`), {
    monitorCommands: true,
  });
  db.connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'insert' && event.command.insert === 'maintenance_requests')
      requestInserts.push(event.command.documents.length);
  });
});
afterAll(async () => {
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
});

const company = new Types.ObjectId();
const newRequest = (subject: string, fields: Partial<NewRequestDoc> = {}): NewRequestDoc => ({
  _id: new Types.ObjectId(),
  subject,
  type: 'corrective',
  priority: 1,
  equipment: new Types.ObjectId(),
  maintenanceTeam: new Types.ObjectId(),
  assignedTechnician: new Types.ObjectId(),
  requestedBy: new Types.ObjectId(),
  company,
  ...fields,
});
const storedSubjects = async (ids: readonly unknown[]) =>
  (await db.models.Request.find({ _id: { $in: ids } }, { subject: 1 }).lean()).map((r) => r.subject).sort();

describe('insertRequest', () => {
  it('stores concurrent requests in fewer insert commands than requests, each stamped as create does', async () => {
    requestInserts.length = 0;
    const docs = Array.from({ length: 30 }, (_, i) => newRequest(`Leaking pump seal ${i}`));
    const stored = await Promise.all(docs.map((doc) => insertRequest(db, doc)));

    expect(stored.map((r) => r?.subject)).toEqual(docs.map((doc) => doc.subject));
    for (const request of stored) {
      expect(request?.isNew).toBe(false);
      expect(request?.status).toBe('new');
      expect(request?.revision).toBe(0);
      expect(request?.createdAt).toBeInstanceOf(Date);
    }
    expect(await storedSubjects(docs.map((doc) => doc._id))).toEqual(docs.map((doc) => doc.subject).sort());
    expect(requestInserts.reduce((sum, n) => sum + n, 0)).toBe(docs.length);
    expect(requestInserts.length).toBeLessThan(docs.length);
  });

  it('answers null for an _id that exists and an error for an invalid request, and stores the rest', async () => {
    const existing = newRequest('Conveyor belt slips');
    expect(await insertRequest(db, existing)).not.toBeNull();

    requestInserts.length = 0;
    const fresh = Array.from({ length: 5 }, (_, i) => newRequest(`Boiler pressure ${i}`));
    const outcomes = await Promise.allSettled([
      insertRequest(db, fresh[0] as NewRequestDoc),
      insertRequest(db, { ...existing, subject: 'Conveyor belt slips again' }),
      insertRequest(db, fresh[1] as NewRequestDoc),
      insertRequest(db, newRequest('Too urgent', { priority: 9 })),
      ...fresh.slice(2).map((doc) => insertRequest(db, doc)),
    ]);

    expect(requestInserts.length).toBeLessThan(outcomes.length);
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: null });
    expect(outcomes[3]?.status).toBe('rejected');
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/priority/);
    for (const index of [0, 2, 4, 5, 6])
      expect((outcomes[index] as PromiseFulfilledResult<{ subject: string } | null>).value?.subject).toMatch(
        /^Boiler pressure/,
      );
    expect(await storedSubjects(fresh.map((doc) => doc._id))).toEqual(fresh.map((doc) => doc.subject).sort());
    expect(await storedSubjects([existing._id])).toEqual(['Conveyor belt slips']);
  });

  it('fails every request of a command the database refuses as a whole', async () => {
    const other = await connectDatabase(
      mongoUriFor(inject('services').mongoUri, `insert-request-${randomUUID()}`),
    );
    await other.close();
    const outcomes = await Promise.allSettled([
      insertRequest(other, newRequest('Chiller fault')),
      insertRequest(other, newRequest('Chiller noise')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});

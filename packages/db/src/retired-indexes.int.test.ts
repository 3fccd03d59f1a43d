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
    const terms = first.models.RequestSearchTerm.collection;
    await requests.createIndex({ status: 1, scheduledDate: 1, _id: 1 });
    await requests.createIndex({ company: 1, assignedTechnician: 1, _id: -1 });
    await terms.createIndex({ company: 1, term: 1, request: -1 });
    await terms.createIndex({ company: 1, term: 1, priority: 1, request: -1 });
    await terms.createIndex({ company: 1, term: 1, request: -1, team: 1 });
    await terms.createIndex({ company: 1, term: 1, priority: 1, request: -1, team: 1 });
    const namesOf = async (collection: typeof requests) =>
      (await collection.indexes()).map((index) => index.name);
    expect(await namesOf(requests)).toContain('status_1_scheduledDate_1__id_1');

    const second = await open();
    const { Request, RequestSearchTerm } = second.models;
    for (const [collection, retired, declared] of [
      [
        Request.collection,
        ['status_1_scheduledDate_1__id_1', 'company_1_assignedTechnician_1__id_-1'],
        [
          'company_1_closedAt_1_scheduledDate_1__id_1',
          'company_1_assignedTechnician_1__id_-1_maintenanceTeam_1',
        ],
      ],
      [
        RequestSearchTerm.collection,
        [
          'company_1_term_1_request_-1',
          'company_1_term_1_priority_1_request_-1',
          'company_1_term_1_request_-1_team_1',
          'company_1_term_1_priority_1_request_-1_team_1',
        ],
        [
          'company_1_term_1_request_-1_team_1_requestedBy_1',
          'company_1_term_1_priority_1_request_-1_team_1_requestedBy_1',
        ],
      ],
    ] as const) {
      const names = await namesOf(collection);
      for (const name of retired) expect(names).not.toContain(name);
      expect(names).toEqual(expect.arrayContaining([...declared]));
    }
    await expect(open()).resolves.toBeDefined();
  });
});

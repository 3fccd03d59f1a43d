import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database, requestSearchTermDocs } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { requestCreated } from '@fixstream/events';
import { createCompany, createRequest } from '@fixstream/test-support';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runOnce } from './run-once.test-util.ts';
import { writeRequestSearchTerms } from './write-request-search-terms.function.ts';

let db: Database;

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `worker-${randomUUID()}`));
});
afterAll(async () => {
  await db.connection.dropDatabase();
  await db.close();
});

const createdEvent = (requestId: string, companyId: string, people: { tech: string; employee: string }) =>
  requestCreated.create({
    requestId,
    companyId,
    type: 'corrective',
    assignedTechnicianId: people.tech,
    requestedById: people.employee,
  });

describe('write-request-search-terms', () => {
  it("writes the request's terms as it is stored, and nothing more when the event comes again", async () => {
    const company = await createCompany(db, { technicians: [{ name: 'Tara' }] });
    const request = await createRequest(db, company, { subject: 'Hopper gate jams', priority: 2 });
    const people = { tech: company.technicians[0]?.id ?? '', employee: company.employee.id };
    const event = createdEvent(request.id, company.companyId, people);
    const fn = writeRequestSearchTerms({ db });
    await runOnce(fn, event);
    await runOnce(fn, event);
    const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1);
    const stored = await db.models.RequestSearchTerm.find({ request: new Types.ObjectId(request.id) }).lean();
    const expected = requestSearchTermDocs(
      {
        _id: request.id,
        company: company.companyId,
        subject: 'Hopper gate jams',
        priority: 2,
        status: 'new',
      },
      { words: 0, stage: 0 },
    );
    expect(stored.sort(byId)).toEqual(expected.sort(byId));
  });

  it('finishes without terms when the request no longer exists', async () => {
    const company = await createCompany(db, { technicians: [{ name: 'Tom' }] });
    const missing = new Types.ObjectId().toString();
    const people = { tech: company.technicians[0]?.id ?? '', employee: company.employee.id };
    await runOnce(writeRequestSearchTerms({ db }), createdEvent(missing, company.companyId, people));
    expect(await db.models.RequestSearchTerm.countDocuments({ request: new Types.ObjectId(missing) })).toBe(
      0,
    );
  });
});

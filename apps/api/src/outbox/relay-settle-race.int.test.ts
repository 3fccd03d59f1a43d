import { createFunctionWorker, type FunctionWorker, requestStatusChanged } from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

const iterations = 200;
let api: TestApi;
let relayApi: TestApi;
let acme: CompanyFixture;
let relay: FunctionWorker;

beforeAll(async () => {
  api = await createTestApi();
  // The relay on connections of its own, as in the worker process.
  relayApi = await createTestApi({ replicaOf: api });
  acme = await createCompanyFixture(api, 'Acme');
  // No functions subscribe: every owed event is final at once, so each relay pass settles whatever is due.
  relay = createFunctionWorker({
    redis: relayApi.redis,
    prefix: api.prefix,
    functions: [],
    ledger: createRunLedger(relayApi.db.storage),
    outbox: { store: createOutbox(relayApi.db.storage) },
  });
});
afterAll(async () => {
  await relay?.close();
  await relayApi?.close();
  await api?.close();
});

describe('the relay settling events while the API changes the same requests', () => {
  it(`never reverts a confirmed change nor drops an event the API wrote (${iterations} requests)`, async () => {
    const employee = api.caller(acme.employee.token);
    const manager = api.caller(acme.manager.token);
    const ids: string[] = [];
    for (let i = 0; i < iterations; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, iterations - i) }, () =>
          employee.requests.create({
            subject: 'Conveyor belt slips',
            type: 'corrective',
            equipment: acme.equipmentId,
            maintenanceTeam: acme.teamId,
            assignedTechnician: acme.technician.id,
          }),
        ),
      );
      ids.push(...batch.map((request) => request.id));
    }
    const { Request } = api.db.models;
    const owedRows = api.db.storage.owedRows;
    await owedRows.updateMany({}, { $set: { dueAt: new Date(0) } });

    let moving = true;
    const passes = (async () => {
      let count = 0;
      while (moving || count === 0) {
        await relay.maintain();
        count++;
      }
      return count;
    })();
    const moved = await Promise.all(
      ids.map((id) => manager.requests.updateStatus({ id, status: 'in_progress' })),
    );
    moving = false;
    expect(await passes).toBeGreaterThan(0);
    expect(moved.map((request) => request.status)).toEqual(ids.map(() => 'in_progress'));

    const docs = new Map(
      (await Request.find({ _id: { $in: ids } }).lean()).map((doc) => [doc._id.toString(), doc]),
    );
    const rows = new Set((await owedRows.find({}).toArray()).map((row) => row.eventId));
    for (const id of ids) {
      const doc = docs.get(id);
      expect(doc?.status).toBe('in_progress');
      const changes = doc?.outbox.filter((event) => event.name === requestStatusChanged.name) ?? [];
      expect(changes).toHaveLength(1);
      expect(rows.has(changes[0]?.id ?? '')).toBe(true);
    }
  });
});

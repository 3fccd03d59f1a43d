import { requestOutboxRef } from '@fixstream/db';
import { requestStatusChanged } from '@fixstream/events';
import { owedRowId } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimHeld, revisionClaimId, stuckClaimMs } from '../shared/revision-claim.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';
import { writeRequestRevision } from './request-revision-write.ts';

let api: TestApi;
let replica: TestApi;
let acme: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  replica = await createTestApi({ replicaOf: api });
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(async () => {
  await replica?.close();
  await api?.close();
});

async function newRequest(): Promise<string> {
  const created = await api.caller(acme.employee.token).requests.create({
    subject: 'Compressor hums',
    type: 'corrective',
    equipment: acme.equipmentId,
    maintenanceTeam: acme.teamId,
    assignedTechnician: acme.technician.id,
  });
  return created.id;
}

/** A claim as a writer leaves it when it stops between its claim and its document write. */
async function leaveClaim(requestId: string, revision: number, ageMs: number): Promise<void> {
  await api.db.models.RequestRevision.collection.insertOne({
    _id: revisionClaimId(requestId, revision) as never,
    request: requestId,
    revision,
    createdAt: new Date(Date.now() - ageMs),
  });
}

const stored = (id: string) => api.db.models.Request.findById(id).lean();
const claimExists = async (id: string, revision: number) =>
  (await api.db.models.RequestRevision.exists({ _id: revisionClaimId(id, revision) })) !== null;
const statusEvents = async (id: string) =>
  ((await stored(id))?.outbox ?? []).filter((event) => event.name === requestStatusChanged.name);

describe('the revision fence', () => {
  it('numbers the writes of a request and keeps only the claim of the latest one', async () => {
    const id = await newRequest();
    expect(await stored(id)).toMatchObject({ revision: 0 });
    const tech = api.caller(acme.technician.token);
    await tech.requests.updateStatus({ id, status: 'in_progress' });
    await tech.requests.update({ id, priority: 2 });
    expect(await stored(id)).toMatchObject({ revision: 2, status: 'in_progress', priority: 2 });
    expect([await claimExists(id, 1), await claimExists(id, 2)]).toEqual([false, true]);
  });

  it('changes a request stored before requests had revisions, which then starts counting', async () => {
    const id = await newRequest();
    await api.db.models.Request.collection.updateOne(
      { _id: new Types.ObjectId(id) },
      { $unset: { revision: '' } },
    );
    await api.caller(acme.technician.token).requests.updateStatus({ id, status: 'in_progress' });
    expect(await stored(id)).toMatchObject({ revision: 1, status: 'in_progress' });
  });

  it('skips the claim of a writer that stopped before writing, once it is older than stuckClaimMs', async () => {
    const id = await newRequest();
    await leaveClaim(id, 1, stuckClaimMs + 1_000);
    const moved = await api
      .caller(acme.technician.token)
      .requests.updateStatus({ id, status: 'in_progress' });
    expect(moved.status).toBe('in_progress');
    expect(await stored(id)).toMatchObject({ revision: 2, status: 'in_progress' });
    expect(await statusEvents(id)).toHaveLength(1);
    expect([await claimExists(id, 1), await claimExists(id, 2)]).toEqual([false, true]);
  });

  it('lets exactly one of two replicas write past the same abandoned claim', async () => {
    const id = await newRequest();
    await leaveClaim(id, 1, stuckClaimMs + 1_000);
    const results = await Promise.allSettled([
      api.caller(acme.technician.token).requests.updateStatus({ id, status: 'in_progress' }),
      replica.caller(acme.manager.token).requests.updateStatus({ id, status: 'in_progress' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusal = results.find((r) => r.status === 'rejected')?.reason;
    expect([
      { code: 'BAD_REQUEST', message: 'The request is already in stage In progress' },
      {
        code: 'CONFLICT',
        message: 'Someone else is changing this request at the same moment; reload it and try again',
      },
    ]).toContainEqual({ code: refusal?.code, message: refusal?.message });
    expect(await stored(id)).toMatchObject({ revision: 2, status: 'in_progress' });
    expect(await statusEvents(id)).toHaveLength(1);
  });

  it('waits for a writer whose claim is fresh, and answers CONFLICT if it never writes', async () => {
    const id = await newRequest();
    await leaveClaim(id, 1, 0);
    const refused = await trpcFailure(
      api.caller(acme.technician.token).requests.updateStatus({ id, status: 'in_progress' }),
    );
    expect({ code: refused.code, message: refused.message }).toEqual({
      code: 'CONFLICT',
      message: 'Someone else is changing this request at the same moment; reload it and try again',
    });
    expect(await stored(id)).toMatchObject({ revision: 0, status: 'new' });
    expect(await statusEvents(id)).toEqual([]);
  });

  it('does not write on a claim held so long that others may take it as abandoned', async () => {
    const id = await newRequest();
    const claimedAt = new Date(Date.now() - stuckClaimMs / 2);
    expect(claimHeld({ claimedAt })).toBe(false);
    const event = requestStatusChanged.create({
      requestId: id,
      companyId: acme.companyId,
      from: 'new',
      to: 'in_progress',
      changedById: acme.technician.id,
    });
    const written = await writeRequestRevision(api.deps, {
      requestId: id,
      readRevision: 0,
      revision: 1,
      set: { status: 'in_progress' },
      stillOwed: [],
      event,
      claimHeld: () => claimHeld({ claimedAt }),
    });
    expect(written).toBe(false);
    expect(await stored(id)).toMatchObject({ revision: 0, status: 'new' });
    const row = owedRowId(requestOutboxRef(id), event.id);
    expect(await api.db.storage.owedRows.findOne({ _id: row }, { projection: { _id: 1 } })).toBeNull();
  });
});

describe('the outbox of a request', () => {
  it('keeps the events the relay has not settled and drops the ones it has, at the next write', async () => {
    const id = await newRequest();
    const [created] = (await stored(id))?.outbox ?? [];
    const tech = api.caller(acme.technician.token);
    await tech.requests.update({ id, priority: 2 });
    expect((await stored(id))?.outbox.map((event) => event.id)).toEqual([created?.id]);

    await api.db.storage.owedRows.deleteOne({ _id: owedRowId(requestOutboxRef(id), created?.id ?? '') });
    await tech.requests.updateStatus({ id, status: 'in_progress' });
    const [moved] = await statusEvents(id);
    expect((await stored(id))?.outbox.map((event) => event.id)).toEqual([moved?.id]);

    await tech.requests.update({ id, priority: 3 });
    expect((await stored(id))?.outbox.map((event) => event.id)).toEqual([moved?.id]);
  });
});

import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database, findEquipmentDueForPreventive } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { createCompany } from '@fixstream/test-support';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jobDeps } from './maintenance-jobs.test-util.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';
import { createPreventiveRequest, followingDueDate, preventiveClaimId } from './preventive-request.ts';

const day = 86_400_000;
// Two connections to one database: two workers, each with its own pool and outbox.
let first: MaintenanceJobDeps;
let second: MaintenanceJobDeps;
let dbs: Database[];

beforeAll(async () => {
  const services = inject('services');
  const uri = mongoUriFor(services.mongoUri, `worker-preventive-${randomUUID()}`);
  dbs = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
  [first, second] = dbs.map((db) => jobDeps(db, services.smtp)) as [MaintenanceJobDeps, MaintenanceJobDeps];
});
afterAll(async () => {
  await Promise.all([first.mailer.close(), second.mailer.close()]);
  await dbs[0]?.connection.dropDatabase();
  await Promise.all(dbs.map((db) => db.close()));
});

/** A company whose equipment is due `dueInDays` from now (fresh company, so tests do not see each other's). */
async function dueEquipment(
  count: number,
  options: { onTeam?: boolean; defaultTechnician?: number | null } = {},
) {
  const company = await createCompany(first.db, {
    equipment: Array.from({ length: count }, () => ({ preventiveIntervalDays: 30, ...options })),
  });
  const dueAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * day);
  const ids = company.equipment.map((e) => e.id);
  await first.db.models.Equipment.updateMany({ _id: { $in: ids } }, { $set: { nextPreventiveAt: dueAt } });
  const due = (
    await findEquipmentDueForPreventive(first.db, { until: new Date(dueAt.getTime() + 1) })
  ).filter((item) => item.companyId === company.companyId);
  return { company, dueAt, due };
}

const requestsOf = (deps: MaintenanceJobDeps, equipment: string) =>
  deps.db.models.Request.find({ equipment: new Types.ObjectId(equipment) }).lean();

describe('the preventive job, for one due date of one piece of equipment', { timeout: 60_000 }, () => {
  it('creates one request when two workers race over the same due equipment, and advances the date once', async () => {
    const { company, dueAt, due } = await dueEquipment(10);
    expect(due).toHaveLength(10);
    const now = new Date();
    const outcomes = await Promise.all(
      due.flatMap((item) => [
        createPreventiveRequest(first, item, { runKey: 'tick-a.create-preventive-requests', now }),
        createPreventiveRequest(second, item, { runKey: 'tick-b.create-preventive-requests', now }),
      ]),
    );
    for (const item of due) {
      const requests = await requestsOf(first, item.equipmentId);
      expect(requests, item.equipmentId).toHaveLength(1);
      const [request] = requests;
      expect(request).toMatchObject({
        type: 'preventive',
        status: 'new',
        scheduledDate: dueAt,
        maintenanceTeam: new Types.ObjectId(company.team.id),
        assignedTechnician: new Types.ObjectId(company.technicians[0]?.id),
      });
      // the event is in the request's outbox, written with it: send-request-notification mails the technician
      expect(request?.outbox.map((e) => e.name)).toEqual(['maintenance/request.created']);
      const equipment = await first.db.models.Equipment.findById(item.equipmentId).lean();
      expect(equipment?.nextPreventiveAt).toEqual(new Date(dueAt.getTime() + 30 * day));
    }
    const created = outcomes.filter((o) => o.kind === 'created');
    expect(created).toHaveLength(10);
    expect(
      outcomes.filter((o) => o.kind !== 'created' && o.kind !== 'existed' && o.kind !== 'moved'),
    ).toEqual([]);
  });

  it('finishes what a crashed run claimed: the request gets the id its claim recorded', async () => {
    const { due } = await dueEquipment(1);
    const [item] = due;
    if (!item) throw new Error('nothing due');
    const requestId = new Types.ObjectId().toString();
    await first.db.models.JobClaim.create({
      _id: preventiveClaimId(item.equipmentId, item.dueAt),
      runKey: 'tick-crashed.create-preventive-requests',
      requestId,
    });
    const outcome = await createPreventiveRequest(second, item, {
      runKey: 'tick-next.create-preventive-requests',
      now: new Date(),
    });
    expect(outcome).toMatchObject({ kind: 'created', requestId });
    expect((await requestsOf(first, item.equipmentId)).map((r) => r._id.toString())).toEqual([requestId]);
    // and again, as after a crash before the date moved on: found, not created twice
    await first.db.models.Equipment.updateOne(
      { _id: item.equipmentId },
      { $set: { nextPreventiveAt: item.dueAt } },
    );
    const again = await createPreventiveRequest(first, item, { runKey: 'tick-later', now: new Date() });
    expect(again).toMatchObject({ kind: 'existed', requestId });
    expect(await requestsOf(first, item.equipmentId)).toHaveLength(1);
  });

  it('skips equipment with no team or no default technician and leaves it due', async () => {
    for (const options of [{ onTeam: false }, { defaultTechnician: null }]) {
      const { due, dueAt } = await dueEquipment(1, options);
      const [item] = due;
      if (!item) throw new Error('nothing due');
      const outcome = await createPreventiveRequest(first, item, { runKey: 'tick-x', now: new Date() });
      expect(outcome.kind).toBe('skipped');
      expect(await requestsOf(first, item.equipmentId)).toHaveLength(0);
      const equipment = await first.db.models.Equipment.findById(item.equipmentId).lean();
      expect(equipment?.nextPreventiveAt).toEqual(dueAt);
    }
  });

  it('skips a technician who left the team, saying so, and leaves the equipment due', async () => {
    const { company, due } = await dueEquipment(1);
    const [item] = due;
    if (!item) throw new Error('nothing due');
    await first.db.models.Team.updateOne({ _id: company.team.id }, { $set: { members: [] } });
    const outcome = await createPreventiveRequest(first, item, { runKey: 'tick-y', now: new Date() });
    expect(outcome).toEqual({
      kind: 'skipped',
      reason: `Technician ${company.technicians[0]?.name} is not a member of team ${company.team.name}`,
    });
    expect(await requestsOf(first, item.equipmentId)).toHaveLength(0);
  });
});

describe('the next due date', () => {
  it('is one interval on, or the first one ahead of now after missed periods', () => {
    const dueAt = new Date('2026-01-01T00:00:00Z');
    expect(followingDueDate(dueAt, 30, new Date('2025-12-28T00:00:00Z'))).toEqual(
      new Date('2026-01-31T00:00:00Z'),
    );
    expect(followingDueDate(dueAt, 30, new Date('2026-01-02T00:00:00Z'))).toEqual(
      new Date('2026-01-31T00:00:00Z'),
    );
    expect(followingDueDate(dueAt, 30, new Date('2026-03-15T00:00:00Z'))).toEqual(
      new Date('2026-04-01T00:00:00Z'),
    );
  });
});

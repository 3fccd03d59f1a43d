import { decodeEntry, requestStatusChanged, streamKeys } from '@fixstream/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';

let api: TestApi;
let acme: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api.close());

async function newRequest(extra: Record<string, unknown> = {}) {
  return api.caller(acme.employee.token).requests.create({
    subject: 'Compressor hums',
    type: 'corrective',
    equipment: acme.equipmentId,
    maintenanceTeam: acme.teamId,
    assignedTechnician: acme.technician.id,
    ...extra,
  });
}

async function outboxOf(id: string) {
  return (await api.db.models.Request.findById(id).lean())?.outbox ?? [];
}

async function publishedStatusChanges(): Promise<Record<string, unknown>[]> {
  const stream = streamKeys(api.prefix).stream(requestStatusChanged.name);
  return (await api.redis.xrange(stream, '-', '+')).flatMap(([, fields]) => {
    const entry = decodeEntry(fields);
    return entry.ok ? [entry.event] : [];
  });
}

describe('requests.updateStatus', () => {
  it('walks the whole lifecycle, sets and clears the close date, and records an event per move', async () => {
    const tech = api.caller(acme.technician.token);
    const created = await newRequest();
    const started = await tech.requests.updateStatus({ id: created.id, status: 'in_progress' });
    expect(started).toMatchObject({ status: 'in_progress', closedAt: null });
    const repaired = await tech.requests.updateStatus({ id: created.id, status: 'repaired' });
    expect(repaired.status).toBe('repaired');
    expect(Date.parse(repaired.closedAt ?? '')).toBeGreaterThan(0);
    const reopened = await api
      .caller(acme.manager.token)
      .requests.updateStatus({ id: created.id, status: 'in_progress' });
    expect(reopened.closedAt).toBeNull();
    const scrapped = await tech.requests.updateStatus({ id: created.id, status: 'scrap' });
    expect(scrapped.closedAt).not.toBeNull();

    const events = (await outboxOf(created.id)).filter(
      (e) => e.name === 'maintenance/request.status-changed',
    );
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ from: 'new', to: 'in_progress', changedById: acme.technician.id }),
      expect.objectContaining({ from: 'in_progress', to: 'repaired' }),
      expect.objectContaining({ from: 'repaired', to: 'in_progress', changedById: acme.manager.id }),
      expect.objectContaining({ from: 'in_progress', to: 'scrap' }),
    ]);
    const published = (await publishedStatusChanges()).filter((e) => events.some((o) => o.id === e.id));
    expect(published).toHaveLength(4);
  });

  it('refuses every move the lifecycle does not allow, with a clear message, and changes nothing', async () => {
    const created = await newRequest();
    const tech = api.caller(acme.technician.token);
    for (const [status, message] of [
      ['repaired', 'A request in stage New cannot move to Repaired (allowed next: In progress)'],
      ['scrap', 'A request in stage New cannot move to Scrap (allowed next: In progress)'],
      ['new', 'The request is already in stage New'],
    ] as const) {
      const error = await trpcFailure(tech.requests.updateStatus({ id: created.id, status }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(message);
    }
    await tech.requests.updateStatus({ id: created.id, status: 'in_progress' });
    expect(
      (await trpcFailure(tech.requests.updateStatus({ id: created.id, status: 'new' }))).message,
    ).toMatch(/In progress cannot move to New/);
    await tech.requests.updateStatus({ id: created.id, status: 'scrap' });
    for (const status of ['new', 'in_progress', 'repaired'] as const) {
      expect((await trpcFailure(tech.requests.updateStatus({ id: created.id, status }))).message).toMatch(
        /it is final/,
      );
    }
    expect((await outboxOf(created.id)).length).toBe(3);
  });

  it('lets only one of two simultaneous moves win; the other is checked against the stage the winner left', async () => {
    const created = await newRequest();
    const results = await Promise.allSettled([
      api.caller(acme.technician.token).requests.updateStatus({ id: created.id, status: 'in_progress' }),
      api.caller(acme.manager.token).requests.updateStatus({ id: created.id, status: 'in_progress' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(won.map((r) => r.value.status)).toEqual(['in_progress']);
    expect(refused.map((r) => ({ code: r.reason.code, message: r.reason.message }))).toEqual([
      { code: 'BAD_REQUEST', message: 'The request is already in stage In progress' },
    ]);
    expect((await outboxOf(created.id)).filter((e) => e.name.endsWith('status-changed'))).toHaveLength(1);
  });

  it('takes an id in any case and carries it in lowercase', async () => {
    const created = await newRequest();
    const shouted = created.id.toUpperCase();
    expect(shouted).not.toBe(created.id);
    const tech = api.caller(acme.technician.token);
    expect((await tech.requests.byId({ id: shouted })).id).toBe(created.id);
    const moved = await tech.requests.updateStatus({ id: shouted, status: 'in_progress' });
    expect(moved).toMatchObject({ id: created.id, status: 'in_progress' });
    expect(await api.db.models.RequestRevision.exists({ _id: `${created.id}@1` })).not.toBeNull();
    const [event] = await outboxOf(created.id).then((outbox) =>
      outbox.filter((e) => e.name === requestStatusChanged.name),
    );
    expect(event?.data).toMatchObject({ requestId: created.id, companyId: acme.companyId });
    const published = (await publishedStatusChanges()).find((e) => e.id === event?.id);
    expect(published?.data).toMatchObject({ requestId: created.id });
  });
});

describe('requests.assign and requests.update', () => {
  it('reassigns to a team member and records who had it before', async () => {
    const created = await newRequest();
    const updated = await api
      .caller(acme.manager.token)
      .requests.assign({ id: created.id, technicianId: acme.teammate.id });
    expect(updated.assignedTechnician).toBe(acme.teammate.id);
    const assigned = (await outboxOf(created.id)).find((e) => e.name === 'maintenance/request.assigned');
    expect(assigned?.data).toMatchObject({
      technicianId: acme.teammate.id,
      previousTechnicianId: acme.technician.id,
      assignedById: acme.manager.id,
    });
  });

  it('refuses a technician outside the team, the same technician again, and a closed request', async () => {
    const manager = api.caller(acme.manager.token);
    const created = await newRequest();
    const outside = await trpcFailure(
      manager.requests.assign({ id: created.id, technicianId: acme.outsider.id }),
    );
    expect(outside.message).toBe(`Technician ${acme.outsider.name} is not a member of team ${acme.teamName}`);
    const same = await trpcFailure(
      manager.requests.assign({ id: created.id, technicianId: acme.technician.id }),
    );
    expect(same.message).toBe(`The request is already assigned to ${acme.technician.name}`);
    await manager.requests.updateStatus({ id: created.id, status: 'in_progress' });
    await manager.requests.updateStatus({ id: created.id, status: 'scrap' });
    const closed = await trpcFailure(
      manager.requests.assign({ id: created.id, technicianId: acme.teammate.id }),
    );
    expect(closed.message).toBe('A closed request cannot be reassigned; reopen it first');
  });

  it('changes priority, scheduled date, duration and description, and refuses an empty change', async () => {
    const created = await newRequest();
    const tech = api.caller(acme.technician.token);
    await tech.requests.update({
      id: created.id,
      priority: 3,
      scheduledDate: '2030-01-02T03:04:05.000Z',
      duration: 2.5,
    });
    // A technician changes only the plan (see the policy's field matrix); the description is the manager's.
    const updated = await api
      .caller(acme.manager.token)
      .requests.update({ id: created.id, description: 'Bring the long ladder' });
    expect(updated).toMatchObject({
      priority: 3,
      scheduledDate: '2030-01-02T03:04:05.000Z',
      duration: 2.5,
      description: 'Bring the long ladder',
    });
    const cleared = await tech.requests.update({ id: created.id, scheduledDate: null });
    expect(cleared.scheduledDate).toBeNull();
    const empty = await trpcFailure(tech.requests.update({ id: created.id }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toMatch(/nothing to change/);
  });

  it('records request.rescheduled in the same write when, and only when, the scheduled date changes', async () => {
    const created = await newRequest({ type: 'preventive', scheduledDate: '2030-01-02T08:00:00.000Z' });
    const tech = api.caller(acme.technician.token);
    await tech.requests.update({ id: created.id, scheduledDate: '2030-01-02T08:00:00.000Z', priority: 2 });
    await tech.requests.update({ id: created.id, scheduledDate: '2030-01-05T08:00:00.000Z' });
    await tech.requests.update({ id: created.id, duration: 3 });
    await tech.requests.update({ id: created.id, scheduledDate: null });
    const rescheduled = (await outboxOf(created.id)).filter(
      (e) => e.name === 'maintenance/request.rescheduled',
    );
    expect(rescheduled.map((e) => e.data)).toEqual([
      {
        requestId: created.id,
        companyId: acme.companyId,
        type: 'preventive',
        from: '2030-01-02T08:00:00.000Z',
        to: '2030-01-05T08:00:00.000Z',
        changedById: acme.technician.id,
      },
      expect.objectContaining({ from: '2030-01-05T08:00:00.000Z', to: null }),
    ]);
  });
});

describe('requests.list filters and requests.stats', () => {
  it('filters overdue requests, sorts by priority with a cursor, and counts per stage per team', async () => {
    const fresh = await createCompanyFixture(api, 'Stats Co');
    const caller = api.caller(fresh.manager.token);
    const make = (subject: string, extra: Record<string, unknown> = {}) =>
      caller.requests.create({
        subject,
        type: 'preventive',
        equipment: fresh.equipmentId,
        maintenanceTeam: fresh.teamId,
        assignedTechnician: fresh.technician.id,
        ...extra,
      });
    const late = await make('late', { scheduledDate: '2020-01-01T00:00:00.000Z', priority: 2 });
    const lateDone = await make('late but done', { scheduledDate: '2020-01-01T00:00:00.000Z' });
    await make('future', { scheduledDate: '2999-01-01T00:00:00.000Z', priority: 3 });
    await make('unscheduled', { priority: 0 });
    await caller.requests.updateStatus({ id: lateDone.id, status: 'in_progress' });
    await caller.requests.updateStatus({ id: lateDone.id, status: 'repaired' });

    expect((await caller.requests.list({ overdue: true })).items.map((r) => r.id)).toEqual([late.id]);
    expect((await caller.requests.list({ overdue: true, status: 'repaired' })).items).toEqual([]);

    const first = await caller.requests.list({ sort: 'priority', limit: 2 });
    expect(first.items.map((r) => r.subject)).toEqual(['future', 'late']);
    const second = await caller.requests.list({
      sort: 'priority',
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((r) => r.subject)).toEqual(['late but done', 'unscheduled']);
    expect(second.nextCursor).toBeNull();
    const oldest = await caller.requests.list({ sort: 'oldest', limit: 1 });
    expect(oldest.items[0]?.subject).toBe('late');

    const stats = await caller.requests.stats();
    expect(stats.teams).toEqual([
      {
        team: { id: fresh.teamId, name: 'Electrical' },
        counts: { new: 3, in_progress: 0, repaired: 1, scrap: 0 },
        total: 4,
        countedAt: stats.countedAt,
      },
    ]);
    const techStats = await api.caller(fresh.outsider.token).requests.stats();
    expect(techStats.teams).toEqual([]);
  });
});

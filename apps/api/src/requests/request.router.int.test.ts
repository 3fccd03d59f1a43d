import { requestCreated, streamKeys } from '@fixstream/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
  globex = await createCompanyFixture(api, 'Globex');
});
afterAll(() => api.close());

function validInput(company: CompanyFixture) {
  return {
    subject: 'Breaker trips every morning',
    type: 'corrective' as const,
    equipment: company.equipmentId,
    maintenanceTeam: company.teamId,
    assignedTechnician: company.technician.id,
  };
}

async function counts() {
  const stream = streamKeys(api.prefix).stream(requestCreated.name);
  return {
    requests: await api.db.models.Request.countDocuments(),
    owedEvents: await api.db.storage.owedRows.countDocuments(),
    events: await api.redis.xlen(stream),
  };
}

describe('requests.create', () => {
  it('saves the request with its event in the outbox and publishes the event', async () => {
    const created = await api.caller(acme.employee.token).requests.create({
      ...validInput(acme),
      description: 'Since Monday',
      priority: 2,
      scheduledDate: '2026-12-01T08:00:00.000Z',
    });
    expect(created).toMatchObject({
      subject: 'Breaker trips every morning',
      type: 'corrective',
      status: 'new',
      priority: 2,
      requestedBy: acme.employee.id,
      company: acme.companyId,
      assignedTechnician: acme.technician.id,
      scheduledDate: '2026-12-01T08:00:00.000Z',
    });
    expect(created).not.toHaveProperty('_id');
    expect(created).not.toHaveProperty('outbox');

    const stored = await api.db.models.Request.findById(created.id).lean();
    expect(stored?.outbox).toHaveLength(1);
    const event = stored?.outbox[0];
    expect(event).toMatchObject({ name: 'maintenance/request.created', version: 1 });
    expect(event?.data).toMatchObject({ requestId: created.id, assignedTechnicianId: acme.technician.id });

    const entries = await api.redis.xrange(streamKeys(api.prefix).stream(requestCreated.name), '-', '+');
    const fields = entries.map(([, f]) => Object.fromEntries(chunk(f)));
    const published = fields.find((f) => f.id === event?.id);
    expect(published).toMatchObject({ name: 'maintenance/request.created', version: '1' });
    expect(JSON.parse(published?.data ?? '{}')).toMatchObject({
      requestId: created.id,
      companyId: acme.companyId,
    });
  });

  it('refuses a technician who is not on the team, says why, and writes nothing', async () => {
    const before = await counts();
    const error = await trpcFailure(
      api
        .caller(acme.employee.token)
        .requests.create({ ...validInput(acme), assignedTechnician: acme.outsider.id }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(`Technician ${acme.outsider.name} is not a member of team ${acme.teamName}`);
    expect(await counts()).toEqual(before);
  });

  it("answers NOT_FOUND for another company's equipment, team or technician, and writes nothing", async () => {
    const before = await counts();
    for (const override of [
      { equipment: globex.equipmentId },
      { maintenanceTeam: globex.teamId },
      { assignedTechnician: globex.technician.id },
      { equipment: '0123456789abcdef01234567' },
    ]) {
      const error = await trpcFailure(
        api.caller(acme.employee.token).requests.create({ ...validInput(acme), ...override }),
      );
      expect(error.code).toBe('NOT_FOUND');
    }
    expect(await counts()).toEqual(before);
  });

  it('rejects invalid input with BAD_REQUEST and a message naming the field', async () => {
    const before = await counts();
    const caller = api.caller(acme.employee.token);
    const cases: [unknown, RegExp][] = [
      [{ ...validInput(acme), subject: '   ' }, /subject: must not be empty/],
      [{ ...validInput(acme), type: 'urgent' }, /type: must be one of: corrective, preventive$/],
      [{ ...validInput(acme), priority: 7 }, /priority: must be at most 3$/],
      [{ ...validInput(acme), subject: undefined }, /subject: is required$/],
      [{ ...validInput(acme), equipment: 'abc' }, /equipment: must be a 24-character hex id/],
      [{ ...validInput(acme), equipment: { $gt: '' } }, /equipment: must be text, not an object$/],
      [{ ...validInput(acme), subject: 'a\u0000b' }, /subject: must not contain NUL/],
      [
        { ...validInput(acme), scheduledDate: 'tomorrow' },
        /scheduledDate: must be an ISO 8601 date and time/,
      ],
      [{ ...validInput(acme), company: globex.companyId }, /unknown field "company"$/],
      [{ ...validInput(acme), requestedBy: acme.admin.id }, /unknown field "requestedBy"$/],
      [{ ...validInput(acme), $where: 'sleep(1000)' }, /unknown field "\$where"$/],
    ];
    for (const [input, message] of cases) {
      const error = await trpcFailure(caller.requests.create(input as never));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('still saves the request when Redis is unreachable; the event stays owed in the outbox', async () => {
    const { Redis } = await import('ioredis');
    const deadRedis = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    deadRedis.on('error', () => {});
    const offline = await createTestApi({ redis: deadRedis });
    try {
      const company = await createCompanyFixture(offline, 'Offline Inc');
      const created = await offline.caller(company.employee.token).requests.create(validInput(company));
      const stored = await offline.db.models.Request.findById(created.id).lean();
      expect(stored?.outbox).toHaveLength(1);
      const owed = await offline.db.storage.owedRows.find({ ref: `request:${created.id}` }).toArray();
      expect(owed.map((row) => row.eventId)).toEqual([stored?.outbox[0]?.id]);
      expect(owed[0]?.dueAt.getTime()).toBeLessThanOrEqual(Date.now());
    } finally {
      await offline.close();
    }
  });
});

describe('requests.byId and requests.list', () => {
  it("shows a request of one's own company and NOT_FOUND for another company's", async () => {
    const created = await api.caller(acme.employee.token).requests.create(validInput(acme));
    expect((await api.caller(acme.admin.token).requests.byId({ id: created.id })).id).toBe(created.id);
    const error = await trpcFailure(api.caller(globex.admin.token).requests.byId({ id: created.id }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Maintenance request not found');
    const operator = await trpcFailure(
      api.caller(acme.admin.token).requests.byId({ id: { $ne: null } } as never),
    );
    expect(operator.code).toBe('BAD_REQUEST');
  });

  it('filters by status, type and technician and pages with a cursor', async () => {
    const fresh = await createCompanyFixture(api, 'Initech');
    const caller = api.caller(fresh.employee.token);
    for (let i = 0; i < 5; i++) {
      await caller.requests.create({
        ...validInput(fresh),
        subject: `Job ${i}`,
        type: i % 2 ? 'preventive' : 'corrective',
      });
    }
    const first = await caller.requests.list({ limit: 2 });
    expect(first.items.map((r) => r.subject)).toEqual(['Job 4', 'Job 3']);
    const second = await caller.requests.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((r) => r.subject)).toEqual(['Job 2', 'Job 1']);
    const third = await caller.requests.list({ limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.items.map((r) => r.subject)).toEqual(['Job 0']);
    expect(third.nextCursor).toBeNull();

    const preventive = await caller.requests.list({ type: 'preventive' });
    expect(preventive.items.map((r) => r.subject)).toEqual(['Job 3', 'Job 1']);
    expect(
      (await caller.requests.list({ status: 'new', technician: fresh.technician.id })).items,
    ).toHaveLength(5);
    expect((await caller.requests.list({ status: 'repaired' })).items).toHaveLength(0);
    expect((await caller.requests.list({ technician: acme.technician.id })).items).toHaveLength(0);
  });
});

function chunk(fields: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i] as string, fields[i + 1] as string]);
  return pairs;
}

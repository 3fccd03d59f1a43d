import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;
let requestId: string;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
  requestId = (
    await api.caller(acme.employee.token).requests.create({
      subject: 'Target',
      type: 'corrective',
      equipment: acme.equipmentId,
      maintenanceTeam: acme.teamId,
      assignedTechnician: acme.technician.id,
    })
  ).id;
});
afterAll(() => api.close());

/** What attackers put where an id or a filter value belongs. */
const hostileValues: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $where: 'sleep(1000)' },
  { $in: ['0123456789abcdef01234567'] },
  ['0123456789abcdef01234567'],
  "0123456789abcdef01234567' || '1'=='1",
  '0123456789abcdef0123456\u0000',
  '',
  null,
  42,
];

type Caller = ReturnType<TestApi['caller']>;

/** Every procedure taking an id or a filter, with the field under attack. */
const targets: [string, (c: Caller, hostile: unknown) => Promise<unknown>][] = [
  ['users.byId id', (c, v) => c.users.byId({ id: v } as never)],
  ['users.update id', (c, v) => c.users.update({ id: v, name: 'x' } as never)],
  ['users.list role', (c, v) => c.users.list({ role: v } as never)],
  ['users.list cursor', (c, v) => c.users.list({ cursor: v } as never)],
  ['teams.byId id', (c, v) => c.teams.byId({ id: v } as never)],
  ['teams.update id', (c, v) => c.teams.update({ id: v, name: 'x' } as never)],
  ['teams.create members', (c, v) => c.teams.create({ name: 'x', members: [v] } as never)],
  ['teams.list member', (c, v) => c.teams.list({ member: v } as never)],
  ['equipment.byId id', (c, v) => c.equipment.byId({ id: v } as never)],
  ['equipment.update id', (c, v) => c.equipment.update({ id: v, name: 'x' } as never)],
  ['equipment.list team', (c, v) => c.equipment.list({ team: v } as never)],
  [
    'equipment.list category',
    (c, v) => c.equipment.list({ category: typeof v === 'string' && v !== '' ? { $ne: v } : v } as never),
  ],
  // null is a valid "no team" here, so it stands in for one more operator instead.
  [
    'equipment.create team',
    (c, v) => c.equipment.create({ name: 'x', serialNumber: 'x', team: v ?? { $exists: true } } as never),
  ],
  ['requests.byId id', (c, v) => c.requests.byId({ id: v } as never)],
  ['requests.updateStatus id', (c, v) => c.requests.updateStatus({ id: v, status: 'in_progress' } as never)],
  ['requests.updateStatus status', (c, v) => c.requests.updateStatus({ id: requestId, status: v } as never)],
  ['requests.assign technicianId', (c, v) => c.requests.assign({ id: requestId, technicianId: v } as never)],
  ['requests.update id', (c, v) => c.requests.update({ id: v, priority: 1 } as never)],
  [
    'requests.create equipment',
    (c, v) =>
      c.requests.create({
        subject: 's',
        type: 'corrective',
        equipment: v,
        maintenanceTeam: acme.teamId,
        assignedTechnician: acme.technician.id,
      } as never),
  ],
  ['requests.list status', (c, v) => c.requests.list({ status: v } as never)],
  ['requests.list technician', (c, v) => c.requests.list({ technician: v } as never)],
  ['requests.list team', (c, v) => c.requests.list({ team: v } as never)],
  ['requests.list equipment', (c, v) => c.requests.list({ equipment: v } as never)],
  ['requests.list cursor', (c, v) => c.requests.list({ cursor: v } as never)],
  ['requests.stats team', (c, v) => c.requests.stats({ team: v } as never)],
  ['auth.login email', (c, v) => c.auth.login({ email: v, password: 'x' } as never)],
];

async function snapshot() {
  const { User, Team, Equipment, Request } = api.db.models;
  const [users, teams, equipment, requests, request] = await Promise.all([
    User.countDocuments(),
    Team.countDocuments(),
    Equipment.countDocuments(),
    Request.countDocuments(),
    Request.findById(requestId, { status: 1, assignedTechnician: 1, priority: 1 }).lean(),
  ]);
  return { users, teams, equipment, requests, request: JSON.stringify(request) };
}

describe('NoSQL operator injection', () => {
  it('every id and filter refuses operators, arrays, NULs and junk with BAD_REQUEST, and nothing changes', async () => {
    const before = await snapshot();
    const admin = api.caller(acme.admin.token);
    const accepted: string[] = [];
    for (const [name, call] of targets) {
      for (const hostile of hostileValues) {
        const outcome = await call(admin, hostile).then(
          () => 'ok',
          (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
        );
        // An empty or missing optional filter means "no filter" and is fine; everything else must be refused.
        const harmless = (hostile === '' || hostile === null) && /list|stats/.test(name) && outcome === 'ok';
        if (outcome !== 'BAD_REQUEST' && !harmless)
          accepted.push(`${name} ← ${JSON.stringify(hostile)}: ${outcome}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown keys, including operator-looking ones, at the top level of every input', async () => {
    const admin = api.caller(acme.admin.token);
    for (const call of [
      () => admin.requests.list({ $where: '1' } as never),
      () => admin.requests.byId({ id: requestId, $or: [{}] } as never),
      () => admin.users.list({ 'company.$ne': 'x' } as never),
      () => admin.teams.update({ id: acme.teamId, company: 'x' } as never),
      () => admin.equipment.update({ id: acme.equipmentId, company: 'x' } as never),
      () => admin.requests.update({ id: requestId, status: 'repaired' } as never),
    ]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error instanceof TRPCError && error.code).toBe('BAD_REQUEST');
    }
  });
});

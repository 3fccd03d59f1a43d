import type { RequestStatus, RequestType } from '@fixstream/db';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture, type FixtureUser } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import type { ListRequestsInput } from './request.schemas.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;
let secondTeam: string;
let secondEquipment: string;

interface Row {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  status: RequestStatus;
  type: RequestType;
  priority: number;
  maintenanceTeam: Types.ObjectId;
  assignedTechnician: Types.ObjectId | null;
  requestedBy: Types.ObjectId;
  equipment: Types.ObjectId;
  scheduledDate: Date | null;
}
const rows: Row[] = [];

const statuses: RequestStatus[] = ['new', 'in_progress', 'repaired', 'scrap'];
const day = 86_400_000;

/** A deterministic pseudo-random sequence, so a failure replays. */
function sequence(seed: number) {
  let state = seed;
  return <T>(choices: readonly T[]): T => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return choices[state % choices.length] as T;
  };
}

async function fill(
  company: CompanyFixture,
  teams: string[],
  equipment: string[],
  count: number,
  seed: number,
) {
  const pick = sequence(seed);
  const id = (value: string) => new Types.ObjectId(value);
  const technicians = [company.technician.id, company.teammate.id, company.outsider.id];
  const requesters = [company.employee.id, company.manager.id, company.admin.id];
  const made: Row[] = Array.from({ length: count }, () => ({
    _id: new Types.ObjectId(),
    company: id(company.companyId),
    status: pick(statuses),
    type: pick(['corrective', 'preventive'] as const),
    priority: pick([0, 1, 2, 3]),
    maintenanceTeam: id(pick(teams)),
    assignedTechnician: pick([...technicians.map(id), null]),
    requestedBy: id(pick(requesters)),
    equipment: id(pick(equipment)),
    scheduledDate: pick([null, new Date(Date.now() - 3 * day), new Date(Date.now() + 3 * day)]),
  }));
  await api.db.models.Request.insertMany(
    made.map((row) => ({ ...row, subject: `Request ${row._id}`, outbox: [] })),
  );
  rows.push(...made);
}

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
  ]);
  const { Team, Equipment } = api.db.models;
  const team = await Team.create({
    name: 'Mechanical',
    company: acme.companyId,
    members: [acme.outsider.id],
  });
  const equipment = await Equipment.create({ name: 'Lathe', serialNumber: 'L-1', company: acme.companyId });
  secondTeam = team._id.toString();
  secondEquipment = equipment._id.toString();
  await fill(acme, [acme.teamId, secondTeam], [acme.equipmentId, secondEquipment], 240, 7);
  await fill(globex, [globex.teamId], [globex.equipmentId], 120, 11);
}, 60_000);
afterAll(() => api.close());

/** What the roles table promises each user sees, filtered and ordered as requests.list documents it. */
function expected(user: FixtureUser, teamsOf: string[], input: Partial<ListRequestsInput>): string[] {
  const company = [acme, globex].find((c) =>
    [c.admin, c.manager, c.employee, c.technician, c.teammate, c.outsider].some((u) => u.id === user.id),
  );
  const now = Date.now();
  const visible = rows.filter((row) => {
    if (row.company.toString() !== company?.companyId) return false;
    if (user.role === 'employee') return row.requestedBy.toString() === user.id;
    if (user.role === 'technician') {
      return (
        row.assignedTechnician?.toString() === user.id || teamsOf.includes(row.maintenanceTeam.toString())
      );
    }
    return true;
  });
  const matching = visible.filter(
    (row) =>
      (!input.status || row.status === input.status) &&
      (!input.type || row.type === input.type) &&
      (!input.team || row.maintenanceTeam.toString() === input.team) &&
      (!input.technician || row.assignedTechnician?.toString() === input.technician) &&
      (!input.equipment || row.equipment.toString() === input.equipment) &&
      (!input.overdue ||
        (row.scheduledDate !== null &&
          row.scheduledDate.getTime() < now &&
          (row.status === 'new' || row.status === 'in_progress'))),
  );
  const id = (row: Row) => row._id.toString();
  const order = input.sort ?? 'newest';
  matching.sort((a, b) => {
    if (order === 'priority' && a.priority !== b.priority) return b.priority - a.priority;
    return (order === 'oldest' ? 1 : -1) * (id(a) < id(b) ? -1 : 1);
  });
  return matching.map(id);
}

async function everyPage(user: FixtureUser, input: Partial<ListRequestsInput>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await api
      .caller(user.token)
      .requests.list({ ...input, limit: 9, ...(cursor ? { cursor } : {}) });
    ids.push(...result.items.map((item) => item.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error('more than 100 pages');
}

describe('requests.list against the roles table, every filter, sort and page', () => {
  const filters = (): Partial<ListRequestsInput>[] => [
    {},
    { status: 'new' },
    { status: 'repaired' },
    { type: 'preventive' },
    { team: secondTeam },
    { team: acme.teamId, status: 'in_progress', type: 'corrective' },
    { technician: acme.technician.id },
    { equipment: secondEquipment },
    { overdue: true },
    { overdue: true, status: 'in_progress' },
    { overdue: true, status: 'scrap' },
    { team: globex.teamId },
  ];
  const users = (): [string, FixtureUser, string[]][] => [
    ['admin', acme.admin, []],
    ['manager', acme.manager, []],
    ['technician on the first team', acme.technician, [acme.teamId]],
    ['technician on the second team', acme.outsider, [secondTeam]],
    ['employee', acme.employee, []],
    ['manager of the other company', globex.manager, []],
  ];

  for (const sort of ['newest', 'oldest', 'priority'] as const) {
    it(`${sort} first: each user gets exactly their rows, in order, across pages`, async () => {
      for (const [who, user, teams] of users()) {
        for (const filter of filters()) {
          const input = { ...filter, sort };
          expect({ who, input, ids: await everyPage(user, input) }).toEqual({
            who,
            input,
            ids: expected(user, teams, input),
          });
        }
      }
    }, 120_000);
  }
});

describe('read your writes', () => {
  it('a request just created or moved is in its author’s next list', async () => {
    const created = await api.caller(acme.employee.token).requests.create({
      subject: 'Forklift brakes squeal',
      type: 'corrective',
      equipment: acme.equipmentId,
      maintenanceTeam: acme.teamId,
      assignedTechnician: acme.technician.id,
    });
    const mine = await api.caller(acme.employee.token).requests.list({ limit: 1 });
    expect(mine.items.map((item) => item.id)).toEqual([created.id]);

    await api.caller(acme.technician.token).requests.updateStatus({ id: created.id, status: 'in_progress' });
    const started = await api
      .caller(acme.technician.token)
      .requests.list({ status: 'in_progress', limit: 1 });
    expect(started.items.map((item) => [item.id, item.status])).toEqual([[created.id, 'in_progress']]);
    const stillNew = await api.caller(acme.manager.token).requests.list({ status: 'new', limit: 100 });
    expect(stillNew.items.map((item) => item.id)).not.toContain(created.id);
  });
});

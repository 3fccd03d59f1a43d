import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { listCallers, requestRows } from '../testing/request-rows.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import type { ListRequestsInput } from './request.schemas.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;
let secondTeam: string;
let secondEquipment: string;
let oracle: ReturnType<typeof requestRows>;

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
  ]);
  oracle = requestRows(api, () => [acme, globex]);
  const { Team, Equipment } = api.db.models;
  const team = await Team.create({
    name: 'Mechanical',
    company: acme.companyId,
    members: [acme.outsider.id],
  });
  const equipment = await Equipment.create({ name: 'Lathe', serialNumber: 'L-1', company: acme.companyId });
  secondTeam = team._id.toString();
  secondEquipment = equipment._id.toString();
  await oracle.fill(acme, {
    teams: [acme.teamId, secondTeam],
    equipment: [acme.equipmentId, secondEquipment],
    count: 240,
    seed: 7,
  });
  await oracle.fill(globex, {
    teams: [globex.teamId],
    equipment: [globex.equipmentId],
    count: 120,
    seed: 11,
  });
}, 60_000);
afterAll(() => api.close());

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
  for (const sort of ['newest', 'oldest', 'priority'] as const) {
    it(`${sort} first: each user gets exactly their rows, in order, across pages`, async () => {
      for (const caller of listCallers(acme, globex, secondTeam))
        for (const filter of filters()) await oracle.expectEveryPage(caller, { ...filter, sort });
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

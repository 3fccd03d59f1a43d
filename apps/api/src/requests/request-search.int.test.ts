import { writeRequestSearchTerms, writeSearchTermsOf } from '@fixstream/db';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture, type FixtureUser } from '../testing/company-fixture.ts';
import { everyPage, listCallers, requestRows } from '../testing/request-rows.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';
import type { ListRequestsInput } from './request.schemas.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;
let initech: CompanyFixture;
let hooli: CompanyFixture;
let secondTeam: string;
let oracle: ReturnType<typeof requestRows>;

const subjects = [
  'Pumps leaking',
  'Hydraulic pump noisy',
  'Sump pit overflow',
  'Pompe à chaleur bruyante',
  'Élévateur bloqué au 2e',
  'Compressor pressure drop',
  'Pressure gauge broken',
  'Forklift brakes squeal',
  // subjects no search below matches, so that matches are sparse enough to take more than one read
  ...Array.from({ length: 8 }, (_, i) => `Routine check ${i}`),
];

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex, initech, hooli] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
    createCompanyFixture(api, 'Initech'),
    createCompanyFixture(api, 'Hooli'),
  ]);
  oracle = requestRows(api, () => [acme, globex]);
  const team = await api.db.models.Team.create({
    name: 'Mechanical',
    company: acme.companyId,
    members: [acme.outsider.id],
  });
  secondTeam = team._id.toString();
  await oracle.fill(acme, {
    teams: [acme.teamId, secondTeam],
    equipment: [acme.equipmentId],
    count: 480,
    seed: 3,
    subjects,
  });
  await oracle.fill(globex, {
    teams: [globex.teamId],
    equipment: [globex.equipmentId],
    count: 60,
    seed: 5,
    subjects,
  });
}, 60_000);
afterAll(() => api.close());

/** Creates a request of the company through the API, as its employee. */
async function create(company: CompanyFixture, subject: string, priority = 1) {
  return api.caller(company.employee.token).requests.create({
    subject,
    type: 'corrective',
    equipment: company.equipmentId,
    maintenanceTeam: company.teamId,
    assignedTechnician: company.technician.id,
    priority,
  });
}

const subjectsFound = async (user: FixtureUser, search: string) =>
  (await api.caller(user.token).requests.list({ search, limit: 100 })).items.map((item) => item.subject);

describe('requests.list with a search', () => {
  it('finds each word typed as the beginning of a word of the subject, newest first', async () => {
    const made = [];
    for (const subject of ['Pumps leaking', 'Hydraulic pump', 'Sump pit overflow', 'Pump room door'])
      made.push(await create(initech, subject));
    expect(await subjectsFound(initech.manager, 'pump')).toEqual([
      'Pump room door',
      'Hydraulic pump',
      'Pumps leaking',
    ]);
    expect(await subjectsFound(initech.manager, 'ump')).toEqual([]);
    expect(await subjectsFound(initech.manager, 'hyd pu')).toEqual(['Hydraulic pump']);
    expect(await subjectsFound(initech.manager, 'pu hyd')).toEqual(['Hydraulic pump']);
    expect(await subjectsFound(initech.manager, 'pump door')).toEqual(['Pump room door']);
    expect(await subjectsFound(initech.manager, 'pump valve')).toEqual([]);
    // words of one, three and five characters: looked up by a shorter term, or checked on the subject only
    expect(await subjectsFound(initech.manager, 'pumps l')).toEqual(['Pumps leaking']);
    expect(await subjectsFound(initech.manager, 's pit')).toEqual(['Sump pit overflow']);
    expect(await subjectsFound(initech.manager, 'hydra pum')).toEqual(['Hydraulic pump']);
  });

  it('ignores case and accents on either side', async () => {
    await create(initech, 'Pompe à chaleur bruyante');
    await create(initech, 'Élévateur bloqué');
    for (const search of ['pompe a', 'POMPE À', 'pompe chal', 'Pômpé'])
      expect(await subjectsFound(initech.manager, search), search).toEqual(['Pompe à chaleur bruyante']);
    for (const search of ['elevateur', 'ÉLÉV bloq', 'elev bloque'])
      expect(await subjectsFound(initech.manager, search), search).toEqual(['Élévateur bloqué']);
  });

  it('pages through the matches with the cursor, in every order', async () => {
    const valves = [];
    for (const priority of [0, 3, 1, 3, 2])
      valves.push(await create(initech, `Valve stuck ${priority}`, priority));
    const ids = valves.map((valve) => valve.id);
    expect(await everyPage(api, initech.manager, { search: 'valve' }, 2)).toEqual([...ids].reverse());
    expect(await everyPage(api, initech.manager, { search: 'valve', sort: 'oldest' }, 2)).toEqual(ids);
    const byPriority = [...valves]
      .sort((a, b) => b.priority - a.priority || (a.id < b.id ? 1 : -1))
      .map((valve) => valve.id);
    expect(await everyPage(api, initech.manager, { search: 'valve', sort: 'priority' }, 2)).toEqual(
      byPriority,
    );
  });

  it("never finds another company's requests, even through a term that names one", async () => {
    const theirs = await create(hooli, 'Turbine bearing worn');
    expect(await subjectsFound(initech.manager, 'turbine')).toEqual([]);
    expect(await subjectsFound(hooli.manager, 'turbine')).toEqual(['Turbine bearing worn']);
    // a term of Initech's pointing at Hooli's request: the request itself is read within the caller's company
    await writeRequestSearchTerms(
      api.db,
      {
        _id: theirs.id,
        company: initech.companyId,
        maintenanceTeam: initech.teamId,
        requestedBy: initech.employee.id,
        subject: 'Turbine',
        priority: 1,
        status: 'new',
      },
      { words: 0, stage: 0 },
    );
    expect(await subjectsFound(initech.manager, 'turbine')).toEqual([]);
  });

  it('never gives a role a request it may not see', async () => {
    const mine = await create(initech, 'Gearbox oil low');
    await api.db.models.Request.updateOne({ _id: mine.id }, { requestedBy: initech.manager.id });
    expect(await subjectsFound(initech.manager, 'gearbox')).toEqual(['Gearbox oil low']);
    expect(await subjectsFound(initech.technician, 'gearbox')).toEqual(['Gearbox oil low']);
    expect(await subjectsFound(initech.employee, 'gearbox')).toEqual([]);
    expect(await subjectsFound(initech.outsider, 'gearbox')).toEqual([]);
  });

  it('finds a request by its new subject after a change, and no longer by the old one', async () => {
    const request = await create(initech, 'Chiller fan rattles', 2);
    const manager = api.caller(initech.manager.token);
    await manager.requests.update({ id: request.id, subject: 'Cooling tower drift' });
    expect(await subjectsFound(initech.manager, 'chill')).toEqual([]);
    expect(await subjectsFound(initech.manager, 'cool tow')).toEqual(['Cooling tower drift']);
    const terms = (term: string) =>
      api.db.models.RequestSearchTerm.countDocuments({ request: new Types.ObjectId(request.id), term });
    expect([await terms('chill'), await terms('coolin')]).toEqual([0, 1]);

    await manager.requests.update({ id: request.id, priority: 0 });
    const page = await manager.requests.list({ search: 'cooling', sort: 'priority' });
    expect(page.items.map((item) => [item.subject, item.priority])).toEqual([['Cooling tower drift', 0]]);
    expect(await api.db.models.RequestSearchTerm.distinct('priority', { request: request.id })).toEqual([0]);
  });

  it('finds a request in its stage after a move, through the stage term that moved with it', async () => {
    const request = await create(initech, 'Kiln door hinge', 1);
    const inStage = async (status: ListRequestsInput['status'], sort?: ListRequestsInput['sort']) =>
      (await api.caller(initech.manager.token).requests.list({ search: 'kiln', status, sort })).items.map(
        (item) => item.id,
      );
    const stageTerms = () =>
      api.db.models.RequestSearchTerm.find(
        { request: new Types.ObjectId(request.id), term: /^~/ },
        { _id: 0, term: 1, priority: 1 },
      ).lean();
    expect(await inStage('new')).toEqual([request.id]);
    expect(await stageTerms()).toEqual([{ term: '~new', priority: 1 }]);

    await api
      .caller(initech.technician.token)
      .requests.updateStatus({ id: request.id, status: 'in_progress' });
    expect([await inStage('new'), await inStage('in_progress')]).toEqual([[], [request.id]]);
    expect(await stageTerms()).toEqual([{ term: '~in_progress', priority: 1 }]);

    await api.caller(initech.manager.token).requests.update({ id: request.id, priority: 3 });
    expect(await stageTerms()).toEqual([{ term: '~in_progress', priority: 3 }]);
    expect(await inStage('in_progress', 'priority')).toEqual([request.id]);
    const stored = await api.db.models.Request.findById(request.id, {
      revision: 1,
      stageTermRevision: 1,
    }).lean();
    expect(stored?.stageTermRevision).toBe(stored?.revision);
  });

  it('drops a stage term the request does not bear out (a move that stopped between its term and the request)', async () => {
    const request = await create(initech, 'Silo vent blocked');
    await writeRequestSearchTerms(
      api.db,
      {
        _id: request.id,
        company: initech.companyId,
        maintenanceTeam: initech.teamId,
        requestedBy: initech.employee.id,
        subject: 'Silo vent blocked',
        priority: 1,
        status: 'scrap',
      },
      { stage: 9 },
    );
    const manager = api.caller(initech.manager.token);
    expect((await manager.requests.list({ search: 'silo', status: 'scrap' })).items).toEqual([]);
    expect(
      (await manager.requests.list({ search: 'silo', status: 'new' })).items.map((item) => item.id),
    ).toEqual([request.id]);
  });

  it('finds the few requests of a rare word among many of a common one, whichever word is typed first', async () => {
    // More requests of the common word than a round lists: past what it listed, the rare word's candidates are
    // looked up in the common word's terms instead.
    const rare = new Set([3, 200, 440]);
    const requests = await api.db.models.Request.insertMany(
      Array.from({ length: 453 }, (_, i) => ({
        subject: rare.has(i) ? `Gasket quench ${i}` : `Gasket seal ${i}`,
        type: 'corrective',
        status: 'new',
        priority: 1,
        maintenanceTeam: new Types.ObjectId(hooli.teamId),
        equipment: new Types.ObjectId(hooli.equipmentId),
        requestedBy: new Types.ObjectId(hooli.employee.id),
        company: new Types.ObjectId(hooli.companyId),
        outbox: [],
      })),
    );
    await writeSearchTermsOf(
      api.db,
      requests.map((request) => request.toObject()),
    );
    const expected = ['Gasket quench 440', 'Gasket quench 200', 'Gasket quench 3'];
    expect(await subjectsFound(hooli.manager, 'gasket quench')).toEqual(expected);
    expect(await subjectsFound(hooli.manager, 'quench gasket')).toEqual(expected);
    expect(await subjectsFound(hooli.manager, 'gask quen')).toEqual(expected);
    const manager = api.caller(hooli.manager.token);
    const first = await manager.requests.list({ search: 'gasket quench', limit: 2 });
    expect(first.items.map((item) => item.subject)).toEqual(expected.slice(0, 2));
    const second = await manager.requests.list({
      search: 'gasket quench',
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((item) => item.subject)).toEqual(expected.slice(2));
  });

  it('drops terms the subject does not bear out (a write that stopped between its terms and the request)', async () => {
    const request = await create(initech, 'Boiler flame out');
    await writeRequestSearchTerms(
      api.db,
      {
        _id: request.id,
        company: initech.companyId,
        maintenanceTeam: initech.teamId,
        requestedBy: initech.employee.id,
        subject: 'Sprinkler head',
        priority: 1,
        status: 'new',
      },
      { words: 7 },
    );
    expect(await subjectsFound(initech.manager, 'sprinkler')).toEqual([]);
    expect(await subjectsFound(initech.manager, 'boiler')).toEqual(['Boiler flame out']);
  });

  it('refuses a search with no word, an empty or a too long one, with the reason', async () => {
    const manager = api.caller(initech.manager.token);
    for (const [search, reason] of [
      ['   ', 'search: must not be empty'],
      ['-- !', 'search: must contain a letter or a digit'],
      ['x'.repeat(101), 'search: must have at most 100 characters'],
    ] as const) {
      const error = await trpcFailure(manager.requests.list({ search }));
      expect([error.code, error.message]).toEqual(['BAD_REQUEST', `Invalid input: ${reason}`]);
    }
    const injected = await trpcFailure(manager.requests.list({ search: { $regex: '.*' } } as never));
    expect(injected.code).toBe('BAD_REQUEST');
  });
});

describe('searches against the roles table, with filters and every sort, across pages', () => {
  const searches = ['pump', 'press dro', 'POMPE À', 'élév bloq', 'b', 'zebra'];
  const filters = (): Partial<ListRequestsInput>[] => [
    {},
    { status: 'new' },
    { team: secondTeam, type: 'corrective' },
    { overdue: true },
  ];
  for (const sort of ['newest', 'oldest', 'priority'] as const) {
    it(`${sort} first`, async () => {
      for (const caller of listCallers(acme, globex, secondTeam))
        for (const search of searches)
          for (const filter of filters()) await oracle.expectEveryPage(caller, { ...filter, search, sort });
    }, 120_000);
  }
});

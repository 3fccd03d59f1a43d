import { randomUUID } from 'node:crypto';
import { generateWebhookSecret } from '@fixstream/webhooks';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { failedRunDocument } from '../testing/failed-run-document.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { type Action, policy } from './policy.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
  ]);
});
afterAll(() => api.close());

const roles = ['admin', 'manager', 'technician', 'employee'] as const;
type Role = (typeof roles)[number];
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND';

/**
 * The expected matrix, written out by hand (not derived from the policy table): for each procedure, the outcome
 * per role (admin, manager, technician, employee) on the caller's own company's record, and on another company's.
 * Targets in the own company are visible to every role (the employee asked for the request, the technician is
 * assigned to it), so own-company refusals are about the role, not visibility.
 */
const matrix: Record<Action, { own: [Outcome, Outcome, Outcome, Outcome]; other: Outcome | 'own-only' }> = {
  'company.get': { own: ['ok', 'ok', 'ok', 'ok'], other: 'own-only' },
  'company.update': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'users.list': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'users.byId': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'users.create': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'users.update': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'teams.list': { own: ['ok', 'ok', 'ok', 'ok'], other: 'own-only' },
  'teams.byId': { own: ['ok', 'ok', 'ok', 'ok'], other: 'NOT_FOUND' },
  'teams.create': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'teams.update': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'equipment.list': { own: ['ok', 'ok', 'ok', 'ok'], other: 'own-only' },
  'equipment.byId': { own: ['ok', 'ok', 'ok', 'ok'], other: 'NOT_FOUND' },
  'equipment.create': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'equipment.update': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'requests.create': { own: ['ok', 'ok', 'ok', 'ok'], other: 'NOT_FOUND' },
  'requests.byId': { own: ['ok', 'ok', 'ok', 'ok'], other: 'NOT_FOUND' },
  'requests.list': { own: ['ok', 'ok', 'ok', 'ok'], other: 'own-only' },
  'requests.updateStatus': { own: ['ok', 'ok', 'ok', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'requests.assign': { own: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'requests.update': { own: ['ok', 'ok', 'ok', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'requests.stats': { own: ['ok', 'ok', 'ok', 'FORBIDDEN'], other: 'own-only' },
  'webhooks.list': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'webhooks.create': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'webhooks.update': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'webhooks.delete': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'webhooks.rotateSecret': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'webhooks.deliveries': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'requests.history': { own: ['ok', 'ok', 'ok', 'ok'], other: 'NOT_FOUND' },
  'ops.streams': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'ops.functions': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'ops.runs': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'ops.run': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'ops.deadLetters': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
  'ops.replay': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'NOT_FOUND' },
  'ops.redrive': { own: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'], other: 'own-only' },
};

interface Targets {
  company: CompanyFixture;
  userId: string;
  teamId: string;
  equipmentId: string;
  requestId: string;
  webhookId: string;
  /** A dead run of the company's, in the ledger. */
  runKey: string;
}

/** Fresh records per case, so one case's change (a stage move, a rename) never shapes another's outcome. */
async function targets(company: CompanyFixture): Promise<Targets> {
  const { User, Team, Equipment, Request, WebhookEndpoint } = api.db.models;
  const tag = randomUUID().slice(0, 8);
  const [user, team, equipment, request, webhook] = await Promise.all([
    User.create({
      name: `Target ${tag}`,
      email: `t-${tag}@x.example`,
      role: 'employee',
      company: company.companyId,
      passwordHash: 'x',
    }),
    Team.create({ name: `Team ${tag}`, company: company.companyId, members: [company.technician.id] }),
    Equipment.create({ name: `Pump ${tag}`, serialNumber: `P-${tag}`, company: company.companyId }),
    Request.create({
      subject: `Target ${tag}`,
      type: 'corrective',
      equipment: company.equipmentId,
      maintenanceTeam: company.teamId,
      assignedTechnician: company.technician.id,
      requestedBy: company.employee.id,
      company: company.companyId,
    }),
    WebhookEndpoint.create({
      company: company.companyId,
      url: `${publicHook}/${tag}`,
      events: ['maintenance/request.created'],
      secret: generateWebhookSecret(),
      enabledAt: new Date(),
    }),
  ]);
  const runKey = await deadRun(company);
  return {
    company,
    runKey,
    userId: user.id,
    teamId: team.id,
    equipmentId: equipment.id,
    requestId: request.id,
    webhookId: webhook.id,
  };
}

/** A run of the company's that ended dead, as the ledger records one: its document (with its event) and result. */
async function deadRun(company: CompanyFixture): Promise<string> {
  const event = {
    id: randomUUID(),
    name: 'matrix/pinged',
    version: 1,
    occurredAt: new Date().toISOString(),
    data: { companyId: company.companyId },
  };
  const key = `${event.id}.matrix-fn`;
  const at = new Date();
  await api.db.storage.runs.insertOne(failedRunDocument(event, 'matrix-fn', at, 'broken'));
  await api.db.storage.results.insertOne({
    _id: key,
    functionId: 'matrix-fn',
    status: 'dead',
    attempts: 1,
    finishedAt: at,
    durationMs: 3,
    error: 'broken',
    eventName: event.name,
    companyId: company.companyId,
    requestId: null,
  });
  return key;
}

type Caller = ReturnType<TestApi['caller']>;

/** A public address literal: the SSRF guard lets it through without a DNS lookup. */
const publicHook = 'https://93.184.215.14/hooks';

const calls: Record<Action, (c: Caller, t: Targets) => Promise<unknown>> = {
  'company.get': (c) => c.company.get(),
  'company.update': (c) => c.company.update({ timeZone: 'Europe/Paris' }),
  'users.list': (c) => c.users.list(),
  'users.byId': (c, t) => c.users.byId({ id: t.userId }),
  'users.create': (c) =>
    c.users.create({
      name: 'New Person',
      email: `new-${randomUUID()}@x.example`,
      password: 'long-enough-pw',
      role: 'employee',
    }),
  'users.update': (c, t) => c.users.update({ id: t.userId, name: 'Renamed Person' }),
  'teams.list': (c) => c.teams.list(),
  'teams.byId': (c, t) => c.teams.byId({ id: t.teamId }),
  'teams.create': (c) => c.teams.create({ name: `New team ${randomUUID()}` }),
  'teams.update': (c, t) => c.teams.update({ id: t.teamId, name: `Renamed ${randomUUID()}` }),
  'equipment.list': (c) => c.equipment.list(),
  'equipment.byId': (c, t) => c.equipment.byId({ id: t.equipmentId }),
  'equipment.create': (c) => c.equipment.create({ name: 'Lathe', serialNumber: `L-${randomUUID()}` }),
  'equipment.update': (c, t) => c.equipment.update({ id: t.equipmentId, location: 'Hall C' }),
  'requests.create': (c, t) =>
    c.requests.create({
      subject: 'Matrix',
      type: 'preventive',
      equipment: t.company.equipmentId,
      maintenanceTeam: t.company.teamId,
      assignedTechnician: t.company.technician.id,
    }),
  'requests.byId': (c, t) => c.requests.byId({ id: t.requestId }),
  'requests.list': (c) => c.requests.list(),
  'requests.updateStatus': (c, t) => c.requests.updateStatus({ id: t.requestId, status: 'in_progress' }),
  'requests.assign': (c, t) => c.requests.assign({ id: t.requestId, technicianId: t.company.teammate.id }),
  'requests.update': (c, t) => c.requests.update({ id: t.requestId, priority: 3 }),
  'requests.stats': (c) => c.requests.stats(),
  'webhooks.list': (c) => c.webhooks.list(),
  'webhooks.create': (c) => c.webhooks.create({ url: publicHook, events: ['maintenance/request.created'] }),
  'webhooks.update': (c, t) => c.webhooks.update({ id: t.webhookId, description: 'Renamed' }),
  'webhooks.delete': (c, t) => c.webhooks.delete({ id: t.webhookId }),
  'webhooks.rotateSecret': (c, t) => c.webhooks.rotateSecret({ id: t.webhookId }),
  'webhooks.deliveries': (c, t) => c.webhooks.deliveries({ id: t.webhookId }),
  'requests.history': (c, t) => c.requests.history({ id: t.requestId }),
  'ops.streams': (c) => c.ops.streams(),
  'ops.functions': (c) => c.ops.functions(),
  'ops.runs': (c) => c.ops.runs(),
  'ops.run': (c, t) => c.ops.run({ id: t.runKey }),
  'ops.deadLetters': (c) => c.ops.deadLetters(),
  'ops.replay': (c, t) => c.ops.replay({ id: t.runKey }),
  'ops.redrive': (c) => c.ops.redrive({ functionId: 'matrix-fn' }),
};

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

function tokenOf(company: CompanyFixture, role: Role): string {
  return {
    admin: company.admin,
    manager: company.manager,
    technician: company.technician,
    employee: company.employee,
  }[role].token;
}

describe('authorization matrix: every procedure × every role × own and other company', () => {
  it('covers every procedure in the policy table', () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(policy).sort());
  });

  for (const action of Object.keys(matrix) as Action[]) {
    it(action, async () => {
      const expected = matrix[action];
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const [i, role] of roles.entries()) {
        const caller = api.caller(tokenOf(acme, role));
        seen[`own ${role}`] = await outcomeOf(calls[action](caller, await targets(acme)));
        want[`own ${role}`] = expected.own[i] as Outcome;
        if (expected.other !== 'own-only') {
          seen[`other ${role}`] = await outcomeOf(calls[action](caller, await targets(globex)));
          want[`other ${role}`] = expected.other;
        }
      }
      expect(seen).toEqual(want);
    });
  }

  it("lists never include another company's records", async () => {
    const theirs = await targets(globex);
    const caller = api.caller(acme.admin.token);
    const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
    expect(ids(await caller.users.list({ limit: 100 }))).not.toContain(theirs.userId);
    expect(ids(await caller.teams.list({ limit: 100 }))).not.toContain(theirs.teamId);
    expect(ids(await caller.equipment.list({ limit: 100 }))).not.toContain(theirs.equipmentId);
    expect(ids(await caller.requests.list({ limit: 100 }))).not.toContain(theirs.requestId);
    const stats = await caller.requests.stats();
    expect(stats.teams.map((row) => row.team.id)).not.toContain(theirs.teamId);
  });

  it("refuses another company's records given as references, without revealing them", async () => {
    const theirs = await targets(globex);
    const caller = api.caller(acme.admin.token);
    expect(
      await outcomeOf(
        caller.equipment.create({ name: 'X', serialNumber: `X-${randomUUID()}`, team: theirs.teamId }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await outcomeOf(caller.teams.create({ name: `T-${randomUUID()}`, members: [globex.technician.id] })),
    ).toBe('BAD_REQUEST');
    expect(
      await outcomeOf(
        caller.requests.assign({ id: (await targets(acme)).requestId, technicianId: globex.technician.id }),
      ),
    ).toBe('NOT_FOUND');
  });
});

type UpdateAction = 'users.update' | 'teams.update' | 'equipment.update' | 'requests.update';

/**
 * Every field of every update procedure, one field per call, by role (admin, manager, technician, employee), written
 * out by hand like the matrix above: a role may change all of a record's fields or none, except technicians on
 * requests, who plan the work (priority, scheduled date, duration) and leave what the request says to others.
 */
const fieldMatrix: Record<UpdateAction, Record<string, [Outcome, Outcome, Outcome, Outcome]>> = {
  'users.update': {
    name: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    role: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    active: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
  },
  'teams.update': {
    name: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    members: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
  },
  'equipment.update': {
    name: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    serialNumber: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    location: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    category: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    team: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    defaultTechnician: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    preventiveIntervalDays: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
  },
  'requests.update': {
    subject: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    description: ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'],
    priority: ['ok', 'ok', 'ok', 'FORBIDDEN'],
    scheduledDate: ['ok', 'ok', 'ok', 'FORBIDDEN'],
    duration: ['ok', 'ok', 'ok', 'FORBIDDEN'],
  },
};

/** One value per field that any role may set again and again on the same record. */
function fieldValues(t: Targets): Record<UpdateAction, Record<string, unknown>> {
  return {
    'users.update': { name: 'Renamed Person', role: 'manager', active: false },
    'teams.update': {
      name: `Renamed ${t.teamId}`,
      members: [t.company.technician.id, t.company.teammate.id],
    },
    'equipment.update': {
      name: 'Renamed pump',
      serialNumber: `S-${t.equipmentId}`,
      location: 'Hall C',
      category: 'Pumps',
      team: t.company.teamId,
      defaultTechnician: t.company.technician.id,
      preventiveIntervalDays: 30,
    },
    'requests.update': {
      subject: 'Pump bearing noise',
      description: 'Bearing noise too',
      priority: 3,
      scheduledDate: '2030-01-15T08:00:00Z',
      duration: 2.5,
    },
  };
}

const updateIds: Record<UpdateAction, (t: Targets) => string> = {
  'users.update': (t) => t.userId,
  'teams.update': (t) => t.teamId,
  'equipment.update': (t) => t.equipmentId,
  'requests.update': (t) => t.requestId,
};

describe('field matrix: every field of every update × every role', () => {
  it('covers every field each update procedure takes', async () => {
    const { updateUserInput } = await import('../users/user.schemas.ts');
    const { updateTeamInput } = await import('../teams/team.schemas.ts');
    const { updateEquipmentInput } = await import('../equipment/equipment.schemas.ts');
    const { updateRequestInput } = await import('../requests/request.schemas.ts');
    const fieldsOf = (schema: { shape: Record<string, unknown> }) =>
      Object.keys(schema.shape)
        .filter((field) => field !== 'id')
        .sort();
    expect(fieldsOf(updateUserInput)).toEqual(Object.keys(fieldMatrix['users.update']).sort());
    expect(fieldsOf(updateTeamInput)).toEqual(Object.keys(fieldMatrix['teams.update']).sort());
    expect(fieldsOf(updateEquipmentInput)).toEqual(Object.keys(fieldMatrix['equipment.update']).sort());
    expect(fieldsOf(updateRequestInput)).toEqual(Object.keys(fieldMatrix['requests.update']).sort());
  });

  for (const action of Object.keys(fieldMatrix) as UpdateAction[]) {
    it(action, async () => {
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const [field, outcomes] of Object.entries(fieldMatrix[action])) {
        const t = await targets(acme);
        const input = { id: updateIds[action](t), [field]: fieldValues(t)[action][field] };
        for (const [i, role] of roles.entries()) {
          const procedure = api.caller(tokenOf(acme, role))[action.split('.')[0] as 'users'].update as (
            input: unknown,
          ) => Promise<unknown>;
          seen[`${field} ${role}`] = await outcomeOf(procedure(input));
          want[`${field} ${role}`] = outcomes[i] as Outcome;
        }
      }
      expect(seen).toEqual(want);
    });
  }

  it('says which fields a technician may set on a request, and changes nothing when refused', async () => {
    const t = await targets(acme);
    const technician = api.caller(acme.technician.token);
    const refusal = await technician.requests
      .update({ id: t.requestId, description: 'Rewritten', priority: 0 })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refusal instanceof TRPCError && `${refusal.code}: ${refusal.message}`).toBe(
      'FORBIDDEN: Your role (technician) may set only priority, scheduledDate and duration here, not description',
    );
    const request = await api.caller(acme.admin.token).requests.byId({ id: t.requestId });
    expect({ description: request.description, priority: request.priority }).toEqual({
      description: null,
      priority: 1,
    });
  });
});

describe('request visibility within a company', () => {
  it('technicians see requests assigned to them or their teams; employees only their own', async () => {
    const { Request, Team } = api.db.models;
    const outsiderTeam = await Team.create({
      name: 'Outsiders',
      company: acme.companyId,
      members: [acme.outsider.id],
    });
    const base = {
      type: 'corrective' as const,
      equipment: acme.equipmentId,
      company: acme.companyId,
    };
    const [forTeam, forOutsider, byAdmin] = await Promise.all([
      Request.create({
        ...base,
        subject: 'team',
        maintenanceTeam: acme.teamId,
        assignedTechnician: acme.teammate.id,
        requestedBy: acme.employee.id,
      }),
      Request.create({
        ...base,
        subject: 'outsider',
        maintenanceTeam: outsiderTeam.id,
        assignedTechnician: acme.outsider.id,
        requestedBy: acme.admin.id,
      }),
      Request.create({
        ...base,
        subject: 'admin',
        maintenanceTeam: acme.teamId,
        assignedTechnician: acme.technician.id,
        requestedBy: acme.admin.id,
      }),
    ]);
    const outcome = (token: string, id: string) => outcomeOf(api.caller(token).requests.byId({ id }));
    expect(await outcome(acme.technician.token, forTeam.id)).toBe('ok');
    expect(await outcome(acme.technician.token, forOutsider.id)).toBe('NOT_FOUND');
    expect(await outcome(acme.outsider.token, forOutsider.id)).toBe('ok');
    expect(await outcome(acme.outsider.token, forTeam.id)).toBe('NOT_FOUND');
    expect(await outcome(acme.employee.token, forTeam.id)).toBe('ok');
    expect(await outcome(acme.employee.token, byAdmin.id)).toBe('NOT_FOUND');
    expect(await outcome(acme.manager.token, forOutsider.id)).toBe('ok');
    const employeeList = await api.caller(acme.employee.token).requests.list({ limit: 100 });
    expect(employeeList.items.every((r) => r.requestedBy === acme.employee.id)).toBe(true);
    const outsiderList = await api.caller(acme.outsider.token).requests.list({ limit: 100 });
    expect(outsiderList.items.map((r) => r.id)).toEqual([forOutsider.id]);
  });
});

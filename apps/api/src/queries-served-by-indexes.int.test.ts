import { writeSearchTermsOf } from '@fixstream/db';
import { captureQueries, type UnservedByDesign, unservedQueries } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from './testing/company-fixture.ts';
import { createTestApi, type TestApi } from './testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;

/**
 * Reads whose collection stays small by design, so a scan of it costs what an index would: each names its bound.
 * Everything else the API sends must be served by an index.
 */
const boundedByDesign: UnservedByDesign[] = [
  { collection: 'companies', reason: 'one document per customer company' },
  { collection: 'ledger_functions', reason: 'one document per function ever run, read whole' },
];

beforeAll(async () => {
  api = await createTestApi({ monitorCommands: true });
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
  ]);
  const requests = await api.db.models.Request.insertMany(
    Array.from({ length: 60 }, (_, i) => ({
      subject: `Request ${i}`,
      type: i % 2 ? 'corrective' : 'preventive',
      status: (['new', 'in_progress', 'repaired', 'scrap'] as const)[i % 4],
      priority: i % 4,
      maintenanceTeam: new Types.ObjectId(acme.teamId),
      equipment: new Types.ObjectId(acme.equipmentId),
      assignedTechnician: new Types.ObjectId(acme.technician.id),
      requestedBy: new Types.ObjectId(acme.employee.id),
      company: new Types.ObjectId(acme.companyId),
      scheduledDate: i % 3 ? new Date(Date.now() - 86_400_000) : null,
      outbox: [],
    })),
  );
  await writeSearchTermsOf(
    api.db,
    requests.map((request) => request.toObject()),
  );
  await insertRuns(acme.companyId);
});

const ledgerFunctions = ['fn-a', 'fn-b'] as const;
let deadRunKey = '';

/** Finished runs of two functions in every outcome, and the dead ones' documents with their events, as the worker leaves them. */
async function insertRuns(companyId: string): Promise<void> {
  const { functions, results, runs } = api.db.storage;
  await functions.insertMany(ledgerFunctions.map((_id) => ({ _id, firstRecordedAt: new Date() })));
  const statuses = ['succeeded', 'dead', 'cancelled'] as const;
  const docs = Array.from({ length: 12 }, (_, i) => {
    const event = {
      id: uuidv7(),
      name: 'maintenance/request.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      data: { companyId, requestId: new Types.ObjectId().toString() },
    };
    const functionId = ledgerFunctions[i % 2] as string;
    return {
      event,
      functionId,
      status: statuses[i % 3] as (typeof statuses)[number],
      at: new Date(Date.now() - i * 1000),
    };
  });
  await results.insertMany(
    docs.map((d) => ({
      _id: `${d.event.id}.${d.functionId}`,
      functionId: d.functionId,
      status: d.status,
      attempts: 1,
      finishedAt: d.at,
      durationMs: 5,
      error: d.status === 'succeeded' ? null : 'broken',
      eventName: d.event.name,
      companyId,
      requestId: d.event.data.requestId,
    })),
  );
  const dead = docs.filter((d) => d.status === 'dead');
  await runs.insertMany(
    dead.map((d) => ({
      _id: `${d.event.id}.${d.functionId}`,
      eventId: d.event.id,
      eventName: d.event.name,
      functionId: d.functionId,
      event: d.event,
      status: 'failed' as const,
      attempts: 1,
      firstEntryId: null,
      consumer: null,
      nextAttemptAt: d.at,
      firstStartedAt: d.at,
      startedAt: d.at,
      lastError: 'broken',
      failures: [],
      createdAt: d.at,
      updatedAt: d.at,
    })),
  );
  const first = dead[0];
  deadRunKey = first ? `${first.event.id}.${first.functionId}` : '';
}
afterAll(() => api.close());

/** Calls every procedure with every filter, sort and role, so every query the API can send goes over the wire. */
async function exerciseTheApi(): Promise<void> {
  const users = [acme.admin, acme.manager, acme.technician, acme.outsider, acme.employee];
  const lists = [
    {},
    { status: 'new' },
    { type: 'preventive' },
    { team: acme.teamId },
    { technician: acme.technician.id },
    { equipment: acme.equipmentId },
    { overdue: true },
    { overdue: true, status: 'in_progress' },
    { status: 'repaired', team: acme.teamId, type: 'corrective' },
  ] as const;
  for (const user of users) {
    const caller = api.caller(user.token);
    for (const filter of lists) {
      for (const search of [undefined, 'request 1']) {
        for (const sort of ['newest', 'oldest', 'priority'] as const) {
          const first = await caller.requests.list({ ...filter, search, sort, limit: 2 });
          if (first.nextCursor)
            await caller.requests.list({ ...filter, search, sort, limit: 2, cursor: first.nextCursor });
        }
      }
    }
    if (user.role !== 'employee') await caller.requests.stats();
    await caller.auth.me();
  }
  const manager = api.caller(acme.manager.token);
  await manager.requests.stats({ team: acme.teamId });
  const created = await api.caller(acme.employee.token).requests.create({
    subject: 'Boiler pressure drops',
    type: 'corrective',
    equipment: acme.equipmentId,
    maintenanceTeam: acme.teamId,
    assignedTechnician: acme.technician.id,
  });
  await api.caller(acme.employee.token).requests.byId({ id: created.id });
  await api.caller(acme.technician.token).requests.byId({ id: created.id });
  await manager.requests.assign({ id: created.id, technicianId: acme.teammate.id });
  await manager.requests.update({ id: created.id, priority: 3 });
  await manager.requests.update({ id: created.id, subject: 'Boiler pressure dropped again' });
  await manager.requests.updateStatus({ id: created.id, status: 'in_progress' });

  const admin = api.caller(acme.admin.token);
  const equipment = await admin.equipment.create({
    name: 'Chiller',
    serialNumber: 'CH-1',
    team: acme.teamId,
    defaultTechnician: acme.technician.id,
    category: 'HVAC',
  });
  await admin.equipment.update({ id: equipment.id, location: 'Roof' });
  await admin.equipment.byId({ id: equipment.id });
  for (const input of [{}, { team: acme.teamId }, { category: 'HVAC' }]) {
    const page = await admin.equipment.list({ ...input, limit: 1 });
    if (page.nextCursor) await admin.equipment.list({ ...input, limit: 1, cursor: page.nextCursor });
  }
  await admin.company.update({ name: 'Acme Works', timeZone: 'Europe/Paris', reportFrequency: 'daily' });
  await admin.company.get();
  const team = await admin.teams.create({ name: 'Mechanical', members: [acme.outsider.id] });
  await admin.teams.update({ id: team.id, name: 'Mechanics' });
  await admin.teams.byId({ id: team.id });
  for (const input of [{}, { member: acme.technician.id }]) {
    const page = await admin.teams.list({ ...input, limit: 1 });
    if (page.nextCursor) await admin.teams.list({ ...input, limit: 1, cursor: page.nextCursor });
  }
  const user = await admin.users.create({
    name: 'Nia Night',
    email: 'nia@acme.example',
    role: 'technician',
    password: 'a long enough password',
  });
  await admin.users.update({ id: user.id, name: 'Nia Knight' });
  await admin.users.byId({ id: user.id });
  for (const input of [{}, { role: 'technician' as const }, { active: true }]) {
    const page = await admin.users.list({ ...input, limit: 1 });
    if (page.nextCursor) await admin.users.list({ ...input, limit: 1, cursor: page.nextCursor });
  }
  await api.caller().auth.login({ email: acme.manager.email, password: acme.manager.password });
  await api.caller(acme.manager.token).auth.changePassword({
    currentPassword: acme.manager.password,
    newPassword: 'another long password',
  });
  await api.caller().auth.requestPasswordReset({ email: globex.employee.email });
  const hooks = ['https://93.184.215.14/a', 'https://93.184.215.14/b'];
  const endpoints = [];
  for (const url of hooks)
    endpoints.push(await admin.webhooks.create({ url, events: ['maintenance/request.created'] }));
  const [hook, other] = endpoints as [(typeof endpoints)[number], (typeof endpoints)[number]];
  await api.db.models.WebhookDelivery.insertMany(
    [1, 2].map((attempt) => ({
      _id: uuidv7(),
      company: acme.companyId,
      endpoint: hook.id,
      messageId: 'm1',
      eventId: 'e1',
      eventName: 'maintenance/request.created',
      attempt,
      outcome: 'retryable' as const,
      durationMs: 5,
      at: new Date(),
    })),
  );
  await admin.webhooks.update({ id: hook.id, description: 'Bridge', enabled: false });
  await admin.webhooks.update({ id: hook.id, enabled: true });
  await admin.webhooks.rotateSecret({ id: hook.id });
  const hookPage = await admin.webhooks.list({ limit: 1 });
  if (hookPage.nextCursor) await admin.webhooks.list({ limit: 1, cursor: hookPage.nextCursor });
  const attempts = await admin.webhooks.deliveries({ id: hook.id, limit: 1 });
  if (attempts.nextCursor)
    await admin.webhooks.deliveries({ id: hook.id, limit: 1, cursor: attempts.nextCursor });
  await admin.webhooks.delete({ id: other.id });
  await exerciseOps(admin, created.id);
}

/** Every `ops` procedure with every filter, and a request's history. */
async function exerciseOps(admin: ReturnType<TestApi['caller']>, requestId: string): Promise<void> {
  await admin.ops.streams();
  await admin.ops.functions({ windowMinutes: 60 });
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const filters = [
    {},
    { functionId: 'fn-a' },
    { status: 'dead' },
    { functionId: 'fn-b', status: 'succeeded' },
    { from: hourAgo, until: new Date().toISOString() },
  ] as const;
  for (const filter of filters) {
    const first = await admin.ops.runs({ ...filter, limit: 2 });
    if (first.nextCursor) await admin.ops.runs({ ...filter, limit: 2, cursor: first.nextCursor });
  }
  const dead = await admin.ops.deadLetters({ limit: 1 });
  if (dead.nextCursor) await admin.ops.deadLetters({ limit: 1, cursor: dead.nextCursor });
  await admin.ops.deadLetters({ functionId: 'fn-a' });
  const succeeded = await admin.ops.runs({ status: 'succeeded', limit: 1 });
  for (const run of [deadRunKey, succeeded.items[0]?.id ?? '']) await admin.ops.run({ id: run });
  await admin.ops.replay({ id: deadRunKey });
  await admin.ops.redrive({ functionId: 'fn-b' });
  await api.caller(acme.employee.token).requests.history({ id: requestId });
  await admin.requests.history({ id: requestId });
}

describe('every query the API sends', () => {
  it('is served by an index, or reads a collection that is small by design', async () => {
    const capture = captureQueries(api.db.connection.getClient());
    await exerciseTheApi();
    capture.stop();
    const queries = capture.queries();
    expect(queries.length).toBeGreaterThan(20);
    const collections = new Set(queries.map((q) => q.collection));
    for (const name of [
      'function_run_results',
      'function_runs',
      'run_steps',
      'outbox_owed',
      'request_search_terms',
    ])
      expect(collections, name).toContain(name);
    expect(await unservedQueries(api.db.storage.db, queries, boundedByDesign)).toEqual([]);
  }, 120_000);
});

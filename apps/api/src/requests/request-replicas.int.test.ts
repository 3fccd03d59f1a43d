import { decodeEntry, requestAssigned, requestStatusChanged, streamKeys } from '@fixstream/events';
import type { OutboxEvent } from '@fixstream/run-storage';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import type { RequestOutput } from './request.schemas.ts';

/** The answer of a request change that lost to another writer and could not be checked again in time. */
const busy = {
  code: 'CONFLICT',
  message: 'Someone else is changing this request at the same moment; reload it and try again',
};
const alreadyInProgress = { code: 'BAD_REQUEST', message: 'The request is already in stage In progress' };

let first: TestApi;
let second: TestApi;
let acme: CompanyFixture;
let thirdTechnicianId: string;

beforeAll(async () => {
  first = await createTestApi();
  // The second replica loads the API anew, so it shares nothing in memory with the first, as another process
  // would not: only the database (its own connections) and Redis.
  vi.resetModules();
  const replica = await import('../testing/test-deps.ts');
  second = await replica.createTestApi({ replicaOf: first });
  acme = await createCompanyFixture(first, 'Acme');
  const { Team, User } = first.db.models;
  const third = await User.create({
    name: 'Acme Third',
    email: 'third@acme.example',
    role: 'technician',
    company: acme.companyId,
    passwordHash: 'not used',
  });
  thirdTechnicianId = third.id;
  await Team.updateOne({ _id: acme.teamId }, { $push: { members: third._id } });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

/** Runs `run` over `items`, `width` at a time: enough at once to load both replicas, few enough to stay quick. */
async function inWaves<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(run))));
  return results;
}

async function newRequests(count: number): Promise<string[]> {
  const employee = first.caller(acme.employee.token);
  const created = await inWaves(Array.from({ length: count }), 25, () =>
    employee.requests.create({
      subject: 'Compressor hums',
      type: 'corrective',
      equipment: acme.equipmentId,
      maintenanceTeam: acme.teamId,
      assignedTechnician: acme.technician.id,
    }),
  );
  return created.map((request) => request.id);
}

async function storedRequests(ids: readonly string[]) {
  const docs = await first.db.models.Request.find({ _id: { $in: ids } }).lean();
  return new Map(docs.map((doc) => [doc._id.toString(), doc]));
}

async function publishedData(eventName: string): Promise<{ id: string; data: Record<string, string> }[]> {
  const stream = streamKeys(first.prefix).stream(eventName);
  return (await first.redis.xrange(stream, '-', '+')).flatMap(([, fields]) => {
    const entry = decodeEntry(fields);
    return entry.ok ? [entry.event as { id: string; data: Record<string, string> }] : [];
  });
}

type Outcome = PromiseSettledResult<RequestOutput>;
const confirmed = (outcomes: readonly Outcome[]) =>
  outcomes
    .filter((o): o is PromiseFulfilledResult<RequestOutput> => o.status === 'fulfilled')
    .map((o) => o.value);
const refusals = (outcomes: readonly Outcome[]) =>
  outcomes
    .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    .map((o) => ({ code: o.reason.code, message: o.reason.message }));

const eventsNamed = (outbox: readonly OutboxEvent[], name: string) =>
  outbox.filter((event) => event.name === name);

describe('two API replicas on one database', () => {
  it('apply the same stage move, sent to both at once, exactly once per request', async () => {
    const ids = await newRequests(200);
    const outcomes = await inWaves(ids, 20, (id) =>
      Promise.allSettled([
        first.caller(acme.technician.token).requests.updateStatus({ id, status: 'in_progress' }),
        second.caller(acme.manager.token).requests.updateStatus({ id, status: 'in_progress' }),
      ]),
    );

    expect(outcomes.map((pair) => confirmed(pair).length)).toEqual(ids.map(() => 1));
    for (const pair of outcomes) {
      expect(confirmed(pair).map((request) => request.status)).toEqual(['in_progress']);
      const [refusal] = refusals(pair);
      expect([alreadyInProgress, busy]).toContainEqual(refusal);
    }
    const stored = await storedRequests(ids);
    const published = await publishedData(requestStatusChanged.name);
    for (const id of ids) {
      const doc = stored.get(id);
      expect(doc).toMatchObject({ status: 'in_progress', revision: 1 });
      const outboxed = eventsNamed(doc?.outbox ?? [], requestStatusChanged.name);
      expect(outboxed).toHaveLength(1);
      const streamed = published.filter((event) => event.data.requestId === id);
      expect(streamed.map((event) => event.id)).toEqual(outboxed.map((event) => event.id));
    }
  }, 180_000);

  it('apply two different assignments sent at once one after the other, losing neither', async () => {
    const ids = await newRequests(60);
    const outcomes = await inWaves(ids, 20, (id) =>
      Promise.allSettled([
        first.caller(acme.manager.token).requests.assign({ id, technicianId: acme.teammate.id }),
        second.caller(acme.admin.token).requests.assign({ id, technicianId: thirdTechnicianId }),
      ]),
    );

    const stored = await storedRequests(ids);
    const final = await inWaves(ids, 20, (id) => first.caller(acme.manager.token).requests.byId({ id }));
    ids.forEach((id, i) => {
      const pair = outcomes[i] ?? [];
      const done = confirmed(pair);
      const doc = stored.get(id);
      // Each confirmed assignment is in the outbox, and each saw the one before it: none was decided on a
      // state another had already replaced, and none overwrote another's event.
      const chain = eventsNamed(doc?.outbox ?? [], requestAssigned.name).map(
        (event) => event.data as { technicianId: string; previousTechnicianId: string },
      );
      expect(chain).toHaveLength(done.length);
      expect(chain.map((link) => link.previousTechnicianId)).toEqual([
        acme.technician.id,
        ...chain.slice(0, -1).map((link) => link.technicianId),
      ]);
      expect(doc?.assignedTechnician?.toString()).toBe(chain.at(-1)?.technicianId ?? acme.technician.id);
      if (done.length > 0) expect(done).toContainEqual(final[i]);
    });
    ids.forEach((id, i) => {
      const pair = outcomes[i] ?? [];
      expect(stored.get(id)?.revision).toBe(confirmed(pair).length);
      for (const refusal of refusals(pair)) expect(refusal).toEqual(busy);
    });
  }, 120_000);

  it('apply two plan edits of different fields sent at once, losing neither', async () => {
    const ids = await newRequests(60);
    const outcomes = await inWaves(ids, 20, (id) =>
      Promise.allSettled([
        first.caller(acme.technician.token).requests.update({ id, priority: 3 }),
        second.caller(acme.manager.token).requests.update({ id, description: 'Bring the long ladder' }),
      ]),
    );

    const final = await inWaves(ids, 20, (id) => first.caller(acme.manager.token).requests.byId({ id }));
    const stored = await storedRequests(ids);
    outcomes.forEach((pair, i) => {
      const [priorityEdit, descriptionEdit] = pair;
      expect(final[i]?.priority).toBe(priorityEdit?.status === 'fulfilled' ? 3 : 1);
      expect(final[i]?.description).toBe(
        descriptionEdit?.status === 'fulfilled' ? 'Bring the long ladder' : null,
      );
      const done = confirmed(pair);
      if (done.length > 0) expect(done).toContainEqual(final[i]);
    });
    ids.forEach((id, i) => {
      const pair = outcomes[i] ?? [];
      expect(stored.get(id)?.revision).toBe(confirmed(pair).length);
      for (const refusal of refusals(pair)) expect(refusal).toEqual(busy);
    });
  }, 120_000);
});

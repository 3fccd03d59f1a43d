import type { FunctionWorker } from '@fixstream/events';
import type { ResultDocument } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { failedRunDocument } from '../testing/failed-run-document.ts';
import { type ControlledFunction, startOpsWorker } from '../testing/ops-worker.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;
let worker: FunctionWorker;
let notify: ControlledFunction;

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
  ]);
  const started = await startOpsWorker(api, ['notify-test']);
  worker = started.worker;
  notify = started.functions.get('notify-test') as ControlledFunction;
});
afterAll(async () => {
  await worker?.close();
  await api.close();
});

const admin = (company: CompanyFixture) => api.caller(company.admin.token);

/** A request created by the company's employee, as the API does it: its event goes to the worker. */
async function createRequest(company: CompanyFixture) {
  return api.caller(company.employee.token).requests.create({
    subject: 'Conveyor belt slips',
    type: 'corrective',
    equipment: company.equipmentId,
    maintenanceTeam: company.teamId,
    assignedTechnician: company.technician.id,
  });
}

/** The result of the request's run of `notify-test` once it has one (read by the test, not through the API). */
async function resultOf(requestId: string, status?: ResultDocument['status']): Promise<ResultDocument> {
  let found: ResultDocument | null = null;
  await waitFor(
    async () => {
      found = await api.db.storage.results.findOne({ requestId, functionId: 'notify-test' });
      return found !== null && (status === undefined || found.status === status);
    },
    `the run of request ${requestId} ${status ?? 'finished'}`,
  );
  return found as unknown as ResultDocument;
}

/** Every entry acknowledged and every replayed event settled: nothing more will run. */
async function settled(): Promise<void> {
  const stream = `${api.prefix}events:{maintenance/request.created}`;
  await waitFor(async () => {
    const [pending] = (await api.redis.xpending(stream, 'notify-test')) as [number];
    return pending === 0 && (await api.db.storage.owedRows.countDocuments({})) === 0;
  }, 'every entry acked and every owed event settled');
}

describe('ops router', { timeout: 90_000 }, () => {
  it('shows a dead run to its company only, with its attempts, and replays it once', async () => {
    notify.broken = true;
    const request = await createRequest(acme);
    const dead = await resultOf(request.id, 'dead');
    const key = dead._id;
    const eventId = key.slice(0, key.indexOf('.'));

    const listed = await admin(acme).ops.deadLetters({ functionId: 'notify-test' });
    expect(listed.items.map((item) => item.id)).toContain(key);
    expect(listed.items.find((item) => item.id === key)).toMatchObject({
      functionId: 'notify-test',
      eventId,
      eventName: 'maintenance/request.created',
      status: 'dead',
      attempts: 2,
      error: 'Error: notify-test is broken',
      requestId: request.id,
    });

    const detail = await admin(acme).ops.run({ id: key });
    expect(detail).toMatchObject({ status: 'dead', requestId: request.id, eventId, nextAttemptAt: null });
    expect(detail.event).toMatchObject({
      id: eventId,
      data: { requestId: request.id, companyId: acme.companyId },
    });
    expect(detail.attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', 'Error: notify-test is broken'],
      [2, 'dead', 'Error: notify-test is broken'],
    ]);
    expect(detail.steps).toEqual([expect.objectContaining({ name: 'load', kind: 'done', until: null })]);
    expect(detail).toMatchObject({ messageIds: [`<${key}@acme.test>`], messageIdsOmitted: 0 });

    const stats = await admin(acme).ops.functions({ windowMinutes: 60 });
    const row = stats.functions.find((f) => f.functionId === 'notify-test');
    expect(row).toMatchObject({ dead: 1, failureRate: 1, sampled: 1 });
    expect(row?.p50DurationMs).not.toBeNull();

    // Company B sees nothing of it, and cannot replay it.
    expect((await admin(globex).ops.deadLetters()).items.map((item) => item.id)).not.toContain(key);
    expect((await admin(globex).ops.runs()).items.map((item) => item.id)).not.toContain(key);
    expect((await admin(globex).ops.functions()).functions).toEqual([]);
    expect((await trpcFailure(admin(globex).ops.run({ id: key }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(admin(globex).ops.replay({ id: key }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(admin(globex).requests.history({ id: request.id }))).code).toBe('NOT_FOUND');
    for (const role of ['manager', 'technician', 'employee'] as const) {
      const error = await trpcFailure(api.caller(acme[role].token).ops.deadLetters());
      expect(error.code, role).toBe('FORBIDDEN');
    }

    notify.broken = false;
    const replayed = await admin(acme).ops.replay({ id: key });
    expect(replayed).toMatchObject({ id: key, replayed: true, reason: null, published: true });
    const again = await admin(acme).ops.replay({ id: key });
    expect(again.replayed).toBe(false);
    await resultOf(request.id, 'succeeded');
    await settled();
    const third = await admin(acme).ops.replay({ id: key });
    expect(third).toMatchObject({ replayed: false, reason: 'succeeded: nothing to replay' });
    expect(notify.callsOf(eventId)).toBe(3);

    const after = await admin(acme).ops.run({ id: key });
    expect(after.status).toBe('succeeded');
    expect(after.attempts.at(-1)).toMatchObject({ attempt: 1, outcome: 'succeeded', error: null });
    expect((await admin(acme).ops.deadLetters()).items.map((item) => item.id)).not.toContain(key);

    // A webhook delivery of the event, as `deliver-webhook` records it (its event id: `<source>_<endpoint>`).
    const endpointId = '0123456789abcdef01234567';
    await api.db.storage.results.insertOne({
      _id: `${eventId}_${endpointId}.deliver-webhook`,
      functionId: 'deliver-webhook',
      status: 'succeeded',
      attempts: 1,
      finishedAt: new Date(),
      durationMs: 12,
      error: null,
      eventName: 'webhooks/delivery.due',
      companyId: acme.companyId,
      requestId: request.id,
    });
    const history = await api.caller(acme.employee.token).requests.history({ id: request.id });
    expect(history).toMatchObject({ requestId: request.id, truncated: false });
    expect(history.events).toEqual([
      expect.objectContaining({
        eventId,
        eventName: 'maintenance/request.created',
        owed: false,
        runs: [expect.objectContaining({ id: key, status: 'succeeded' })],
        webhookDeliveries: [expect.objectContaining({ endpointId, status: 'succeeded', attempts: 1 })],
      }),
    ]);
  });

  it("redrives every dead run of a function of the admin's company, and no other company's", async () => {
    notify.broken = true;
    const ours = [await createRequest(acme), await createRequest(acme)];
    const theirs = await createRequest(globex);
    const deadKeys = await Promise.all(ours.map(async (r) => (await resultOf(r.id, 'dead'))._id));
    const theirKey = (await resultOf(theirs.id, 'dead'))._id;
    await settled();

    notify.broken = false;
    const redriven = await admin(acme).ops.redrive({ functionId: 'notify-test' });
    expect(redriven.replayed.sort()).toEqual([...deadKeys].sort());
    expect(redriven).toMatchObject({ more: false, published: true });
    for (const r of ours) await resultOf(r.id, 'succeeded');
    await settled();
    expect((await api.db.storage.results.findOne({ _id: theirKey }))?.status).toBe('dead');
    expect((await admin(acme).ops.redrive({ functionId: 'notify-test' })).replayed).toEqual([]);
    expect((await admin(globex).ops.deadLetters()).items.map((item) => item.id)).toEqual([theirKey]);
  });

  it('lists runs newest first, filtered, a page at a time', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin(acme).ops.runs({
        functionId: 'notify-test',
        status: 'succeeded',
        limit: 1,
        cursor,
      });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item) => item.finishedAt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect([...seen].sort().reverse()).toEqual(seen);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await admin(acme).ops.runs({ from: future })).items).toEqual([]);
    const error = await trpcFailure(admin(acme).ops.runs({ limit: 51 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect((await trpcFailure(admin(acme).ops.run({ id: 'not a key' }))).code).toBe('BAD_REQUEST');
  });

  it("shows a settled run's payload and Message-ID from its result alone, to its company only", async () => {
    const request = await createRequest(acme);
    const key = (await resultOf(request.id, 'succeeded'))._id;
    const eventId = key.slice(0, key.indexOf('.'));
    await settled();
    // Nothing but the result keeps the event now: the request's next write drops it from the outbox, and a run
    // that succeeded on its only delivery has no document.
    await api.db.models.Request.updateOne({ _id: request.id }, { $set: { outbox: [] } });
    await api.db.storage.runs.deleteOne({ _id: key });

    const detail = await admin(acme).ops.run({ id: key });
    expect(detail).toMatchObject({
      status: 'succeeded',
      messageIds: [`<${key}@acme.test>`],
      messageIdsOmitted: 0,
    });
    expect(detail.event).toEqual({
      id: eventId,
      name: 'maintenance/request.created',
      version: 1,
      occurredAt: expect.any(String),
      data: expect.objectContaining({ requestId: request.id, companyId: acme.companyId }),
    });
    expect((await trpcFailure(admin(globex).ops.run({ id: key }))).code).toBe('NOT_FOUND');

    // A result recorded before results kept events and Message-IDs: the event is not kept, as before ...
    await api.db.storage.results.updateOne({ _id: key }, { $unset: { event: '', messageIds: '' } });
    expect(await admin(acme).ops.run({ id: key })).toMatchObject({ event: null, messageIds: [] });
    // ... unless the run's document holds it, which is shown with its secrets redacted.
    const kept = detail.event as NonNullable<typeof detail.event>;
    const secretive = { ...kept, data: { ...(kept.data as object), resetToken: 'raw-token' } };
    await api.db.storage.runs.insertOne(failedRunDocument(secretive, 'notify-test', new Date()));
    const fromRun = await admin(acme).ops.run({ id: key });
    expect(fromRun.event?.data).toMatchObject({ requestId: request.id, resetToken: '[redacted: secret]' });
    expect((await trpcFailure(admin(globex).ops.run({ id: key }))).code).toBe('NOT_FOUND');
  });

  it('shows the streams with their groups and consumers', async () => {
    await settled();
    const { streams } = await admin(acme).ops.streams();
    const created = streams.find((s) => s.event === 'maintenance/request.created');
    expect(created?.length).toBeGreaterThan(0);
    const group = created?.groups.find((g) => g.function === 'notify-test');
    expect(group).toMatchObject({ pending: 0, lag: 0 });
    expect(group?.consumers.length).toBeGreaterThan(0);
    expect(group?.consumers[0]?.idleMs).toBeGreaterThanOrEqual(0);
  });
});

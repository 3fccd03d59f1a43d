import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import {
  type ClaimRequest,
  type EventEnvelope,
  type RunLedger,
  redactionMarker,
  runKey,
} from '@fixstream/events';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openRunStorage, type RunStorage } from '../run-storage.ts';
import { createRunLedger } from './run-ledger.ts';

let client: MongoClient;
let storage: RunStorage;

beforeAll(async () => {
  client = await MongoClient.connect(mongoUriFor(inject('services').mongoUri, `ledger-${randomUUID()}`));
  storage = await openRunStorage(client.db(), []);
});
afterAll(async () => {
  await client.db().dropDatabase();
  await client.close();
});

const now = new Date('2026-11-30T12:00:00.000Z');

function request(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  const event: EventEnvelope = {
    id: randomUUID(),
    name: 'test/pinged',
    version: 1,
    occurredAt: now.toISOString(),
    data: { n: 1 },
  } as EventEnvelope;
  return {
    key: runKey(event.id, 'fn'),
    functionId: 'fn',
    event,
    entryId: '1-0',
    consumer: 'c1',
    now,
    ...overrides,
  };
}

/** Ends the first attempt of a claimed run at a sleep until `until`. */
function putToSleep(ledger: RunLedger, claim: ClaimRequest, until: Date): Promise<void> {
  return ledger.finish([
    {
      key: claim.key,
      functionId: 'fn',
      attempt: 1,
      status: 'sleeping',
      error: null,
      nextAttemptAt: until,
      event: claim.event,
      finishedAt: now,
      durationMs: 1,
    },
  ]);
}

describe('claims that expect a recorded run (wake-ups)', () => {
  it('read the record of a sleeping run without inserting, and fall back to a fresh claim when there is none', async () => {
    const ledger = createRunLedger(storage);
    const asleep = request();
    expect(await ledger.claim([asleep])).toEqual([{ kind: 'fresh' }]);
    const until = new Date(now.getTime() + 60_000);
    await putToSleep(ledger, asleep, until);
    const missing = request({ expectRecorded: true });
    const plain = request();
    const answers = await ledger.claim([{ ...asleep, entryId: '2-0', expectRecorded: true }, missing, plain]);
    expect(answers).toEqual([
      { kind: 'recorded', attempts: 0, firstEntryId: '1-0', nextAttemptAt: until, sleeping: true },
      { kind: 'fresh' },
      { kind: 'fresh' },
    ]);
    expect(await storage.runs.countDocuments({ _id: { $in: [missing.key, plain.key] } })).toBe(2);
  });

  it('answer finished for a run with a result (and say so when asked which runs are final), and keep one fresh claim per key within a batch', async () => {
    const ledger = createRunLedger(storage);
    const done = request();
    await ledger.claim([done]);
    await ledger.finish([
      {
        key: done.key,
        functionId: 'fn',
        attempt: 1,
        status: 'succeeded',
        error: null,
        nextAttemptAt: null,
        finishedAt: now,
        durationMs: 1,
      },
    ]);
    expect(await ledger.finished([done.key, request().key])).toEqual(new Set([done.key]));
    const twice = request();
    const answers = await ledger.claim([
      { ...done, expectRecorded: true },
      twice,
      { ...twice, entryId: '3-0' },
    ]);
    expect(answers[0]).toEqual({ kind: 'finished' });
    expect(answers[1]).toEqual({ kind: 'fresh' });
    expect(answers[2]).toMatchObject({ kind: 'recorded', firstEntryId: '1-0' });
  });
});

describe("what the ledger records of a run's origin and attempts", () => {
  it("keeps each failed attempt on the run and the event's company and request on the result", async () => {
    const ledger = createRunLedger(storage);
    const data = { companyId: 'c1', requestId: 'r1' };
    const claim = request({ event: { ...request().event, name: 'maintenance/request.created', data } });
    const key = runKey(claim.event.id, 'fn');
    await ledger.claim([{ ...claim, key }]);
    const origin = { eventName: 'maintenance/request.created', companyId: 'c1', requestId: 'r1' };
    const outcome = { key, functionId: 'fn', nextAttemptAt: null, finishedAt: now, origin };
    await ledger.finish([{ ...outcome, attempt: 1, status: 'failed', error: 'boom', durationMs: 7 }]);
    await ledger.finish([{ ...outcome, attempt: 2, status: 'dead', error: 'boom again', durationMs: 9 }]);
    expect((await storage.runs.findOne({ _id: key }))?.failures).toEqual([
      { attempt: 1, error: 'boom', finishedAt: now, durationMs: 7 },
    ]);
    expect(await storage.results.findOne({ _id: key })).toMatchObject({
      status: 'dead',
      attempts: 2,
      ...origin,
    });
  });

  it('records the origin of runs recorded dead without running, from their raw event', async () => {
    const ledger = createRunLedger(storage);
    const eventId = randomUUID();
    const key = runKey(eventId, 'fn');
    await ledger.recordDead([
      {
        key,
        functionId: 'fn',
        eventId,
        event: { id: eventId, name: 'maintenance/request.created', data: { companyId: 'c2' } },
        error: 'invalid event',
        attempts: 0,
        at: now,
      },
    ]);
    expect(await storage.results.findOne({ _id: key })).toMatchObject({
      eventName: 'maintenance/request.created',
      companyId: 'c2',
      requestId: null,
    });
  });

  it('keeps the event, secrets redacted, and the Message-IDs with the result, and each failed attempt its own', async () => {
    const ledger = createRunLedger(storage);
    const base = request().event;
    const event = {
      ...base,
      data: { requestId: 'r2', source: { data: { signingSecret: 'whsec_x' } } },
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    const key = runKey(event.id, 'fn');
    await ledger.claim([request({ key, event })]);
    const outcome = { key, functionId: 'fn', nextAttemptAt: null, finishedAt: now, event, durationMs: 3 };
    await ledger.finish([
      { ...outcome, attempt: 1, status: 'failed', error: 'boom', messageIds: ['<a@acme.test>'] },
    ]);
    await ledger.finish([
      {
        ...outcome,
        attempt: 2,
        status: 'succeeded',
        error: null,
        messageIds: ['<a@acme.test>', '<b@acme.test>'],
        messageIdsOmitted: 3,
      },
    ]);
    expect((await storage.runs.findOne({ _id: key }))?.failures).toEqual([
      { attempt: 1, error: 'boom', finishedAt: now, durationMs: 3, messageIds: ['<a@acme.test>'] },
    ]);
    const result = await storage.results.findOne({ _id: key });
    expect(result).toMatchObject({
      messageIds: ['<a@acme.test>', '<b@acme.test>'],
      messageIdsOmitted: 3,
    });
    expect(result?.event).toEqual({
      id: event.id,
      name: event.name,
      version: 1,
      occurredAt: event.occurredAt,
      data: { requestId: 'r2', source: { data: { signingSecret: redactionMarker } } },
    });
    // The run's own document keeps the event as published: a replay publishes it from there.
    expect((await storage.runs.findOne({ _id: key }))?.event).toEqual(event);
  });

  it('keeps the event with a cancelled result, and none with a result of an event that was no envelope', async () => {
    const ledger = createRunLedger(storage);
    const asleep = request();
    await ledger.claim([asleep]);
    await putToSleep(ledger, asleep, new Date(now.getTime() + 60_000));
    expect(await ledger.cancelRuns([asleep.key], 'replaced')).toBe(1);
    const cancelled = await storage.results.findOne({ _id: asleep.key });
    expect(cancelled).toMatchObject({ status: 'cancelled', event: { id: asleep.event.id, data: { n: 1 } } });
    expect(cancelled).not.toHaveProperty('messageIds');

    const eventId = randomUUID();
    await ledger.recordDead([
      {
        key: runKey(eventId, 'fn'),
        functionId: 'fn',
        eventId,
        event: { fields: ['id', eventId] },
        error: 'not JSON',
        attempts: 0,
        at: now,
      },
    ]);
    expect(await storage.results.findOne({ _id: runKey(eventId, 'fn') })).not.toHaveProperty('event');
  });
});

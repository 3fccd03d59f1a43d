import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { type ClaimRequest, type EventEnvelope, runKey } from '@fixstream/events';
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

describe('claims that expect a recorded run (wake-ups)', () => {
  it('read the record of a sleeping run without inserting, and fall back to a fresh claim when there is none', async () => {
    const ledger = createRunLedger(storage);
    const asleep = request();
    expect(await ledger.claim([asleep])).toEqual([{ kind: 'fresh' }]);
    const until = new Date(now.getTime() + 60_000);
    await ledger.finish([
      {
        key: asleep.key,
        functionId: 'fn',
        attempt: 1,
        status: 'sleeping',
        error: null,
        nextAttemptAt: until,
        event: asleep.event,
        finishedAt: now,
        durationMs: 1,
      },
    ]);
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

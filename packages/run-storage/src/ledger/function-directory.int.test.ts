import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { runKey } from '@fixstream/events';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openRunStorage } from '../run-storage.ts';
import { recordedFunctions } from './function-directory.ts';
import { createRunLedger } from './run-ledger.ts';

let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(mongoUriFor(inject('services').mongoUri, `directory-${randomUUID()}`));
});
afterAll(async () => {
  await client.db().dropDatabase();
  await client.close();
});

const result = (eventId: string, functionId: string) => ({
  _id: runKey(eventId, functionId),
  functionId,
  status: 'succeeded' as const,
  attempts: 1,
  finishedAt: new Date(),
  durationMs: 5,
  error: null,
});

describe('ledger_functions', () => {
  it('holds every function the ledger records, and is filled from the ledger of a database written before it', async () => {
    const storage = await openRunStorage(client.db(), []);
    const { _id: key, attempts: attempt, ...outcome } = result('e1', 'mail-fn');
    await createRunLedger(storage).finish([{ ...outcome, key, attempt, nextAttemptAt: null }]);
    expect(await recordedFunctions(storage)).toEqual(['mail-fn']);

    // A database from before the directory: results of two functions, no directory.
    await storage.functions.deleteMany({});
    await storage.results.insertOne(result('e2', 'webhook-fn'));
    const reopened = await openRunStorage(client.db(), []);
    expect(await recordedFunctions(reopened)).toEqual(['mail-fn', 'webhook-fn']);
  });
});

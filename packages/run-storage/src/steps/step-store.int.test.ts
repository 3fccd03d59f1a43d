import { randomUUID } from 'node:crypto';
import { mongoUriFor } from '@fixstream/dev-services';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openRunStorage } from '../run-storage.ts';
import { createStepStore } from './step-store.ts';

let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(mongoUriFor(inject('services').mongoUri, `steps-${randomUUID()}`));
});
afterAll(async () => {
  await client.db().dropDatabase();
  await client.close();
});

describe('the step store', () => {
  it('loads the steps of several runs in one read, each under its run, and leaves out runs without steps', async () => {
    const store = createStepStore(await openRunStorage(client.db(), []));
    const until = new Date('2026-12-01T08:00:00.000Z');
    await store.save('a', 'fetch', { kind: 'done', result: { n: 1 } });
    await store.save('a', 'wait', { kind: 'sleep', until });
    await store.save('b', 'fetch', { kind: 'done', result: null });
    const loaded = await store.loadMany(['a', 'b', 'never-ran']);
    expect(loaded.get('a')).toEqual(
      new Map([
        ['fetch', { kind: 'done', result: { n: 1 } }],
        ['wait', { kind: 'sleep', until }],
      ]),
    );
    expect(loaded.get('b')).toEqual(new Map([['fetch', { kind: 'done', result: null }]]));
    expect(loaded.has('never-ran')).toBe(false);
    expect(await store.load('a')).toEqual(loaded.get('a'));
  });
});

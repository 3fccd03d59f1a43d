import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { encodeEvent } from '../codec.ts';
import { defineEvent, type EventOf } from '../event.ts';
import { streamKeys } from '../keys.ts';
import { createPublisher } from '../publisher.ts';
import { defineFunction } from './function.ts';
import { createFunctionWorker, type FunctionWorker } from './worker.ts';

const pinged = defineEvent({ name: 'test/pinged', version: 1, data: z.object({ n: z.number().int() }) });
type Pinged = EventOf<typeof pinged>;

let redis: Redis;
let prefix: string;
const workers: FunctionWorker[] = [];

beforeAll(() => {
  redis = new Redis(inject('services').redisUrl);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});
afterAll(async () => {
  await redis.quit();
});

function newPrefix(): string {
  prefix = `test:${randomUUID()}:`;
  return prefix;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function pendingCount(group: string): Promise<number> {
  const [count] = (await redis.xpending(streamKeys(prefix).stream(pinged.name), group)) as [number];
  return count;
}

function startWorker(handler: (event: Pinged) => Promise<void>, options: { concurrency?: number } = {}) {
  const fn = defineFunction({ id: 'count-pings', event: pinged, handler: ({ event }) => handler(event) });
  const worker = createFunctionWorker({ redis, prefix, functions: [fn], blockMs: 200, ...options });
  workers.push(worker);
  return worker.start();
}

describe('function worker on a real Redis', () => {
  it('handles each of N events once and acknowledges them all', async () => {
    newPrefix();
    const seen = new Map<number, number>();
    await startWorker(
      async (event) => {
        seen.set(event.data.n, (seen.get(event.data.n) ?? 0) + 1);
      },
      { concurrency: 8 },
    );
    const total = 500;
    await createPublisher({ redis, prefix }).publishMany(
      Array.from({ length: total }, (_, n) => pinged.create({ n })),
    );
    await waitFor(() => seen.size === total);
    await waitFor(async () => (await pendingCount('count-pings')) === 0);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('picks up events published before the group existed', async () => {
    newPrefix();
    await createPublisher({ redis, prefix }).publish(pinged.create({ n: 7 }));
    const seen: number[] = [];
    await startWorker(async (event) => {
      seen.push(event.data.n);
    });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([7]);
  });

  it('skips an invalid event without crashing and handles the events behind it', async () => {
    newPrefix();
    const seen: number[] = [];
    await startWorker(async (event) => {
      seen.push(event.data.n);
    });
    const stream = streamKeys(prefix).stream(pinged.name);
    const good = pinged.create({ n: 1 });
    await redis.xadd(stream, '*', ...encodeEvent({ ...good, id: randomUUID(), data: { n: 'not a number' } }));
    await redis.xadd(stream, '*', 'garbage', 'yes', 'data', '{not json');
    await redis.xadd(stream, '*', ...encodeEvent({ ...pinged.create({ n: 3 }), version: 99 }));
    await createPublisher({ redis, prefix }).publishMany([good, pinged.create({ n: 2 })]);
    await waitFor(() => seen.length === 2);
    await waitFor(async () => (await pendingCount('count-pings')) === 0);
    expect(seen).toEqual([1, 2]);
  });

  it('keeps running when a handler throws; the failed entry stays pending', async () => {
    newPrefix();
    const seen: number[] = [];
    await startWorker(async (event) => {
      if (event.data.n === 13) throw new Error('unlucky');
      seen.push(event.data.n);
    });
    await createPublisher({ redis, prefix }).publishMany([13, 14, 15].map((n) => pinged.create({ n })));
    await waitFor(() => seen.length === 2);
    expect(seen.sort()).toEqual([14, 15]);
    await waitFor(async () => (await pendingCount('count-pings')) === 1);
  });

  it('close() finishes in-flight runs, acks them, and is safe to call twice', async () => {
    newPrefix();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    let finished = 0;
    await startWorker(async () => {
      started++;
      await gate;
      finished++;
    });
    await createPublisher({ redis, prefix }).publishMany([1, 2, 3].map((n) => pinged.create({ n })));
    await waitFor(() => started === 3);
    const worker = workers[0] as FunctionWorker;
    const closing = worker.close();
    release();
    await Promise.all([closing, worker.close()]);
    expect(finished).toBe(3);
    expect(await pendingCount('count-pings')).toBe(0);
  });
});

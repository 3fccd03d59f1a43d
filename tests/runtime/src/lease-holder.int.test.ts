import type { ChildProcess } from 'node:child_process';
import { mongoUriFor } from '@fixstream/dev-services';
import { createRedisLease, type RedisConnection } from '@fixstream/events';
import { createOutbox } from '@fixstream/run-storage';
import { waitFor, writeOwingRequests } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { pinged } from './events.fixture.ts';
import {
  connectTestRedis,
  createHarness,
  fastTimings,
  forEachRedis,
  pendingCount,
  type RedisFlavour,
  type RuntimeHarness,
} from './harness.ts';
import { startJsonLineProcess } from './json-line-process.ts';
import {
  type LeaseWorkerConfig,
  leaseWorkerConfigVariable,
  type Observation,
  observedWorker,
} from './lease-holder.fixture.ts';

const leaseTtlMs = 2_000;
/** Beyond the TTL, how long a survivor may take to notice: one leader interval and slack for a busy machine. */
const takeoverMarginMs = 1_500;
/** Every leader pass trims, so each test sees its holder trim what the groups acknowledged within a pass. */
const timings = {
  ...fastTimings,
  leaderDuties: { ...fastTimings.leaderDuties, leaseTtlMs, trimIntervalMs: 0 },
};

/** A worker under test, in this process or another: its consumer name and everything it was seen doing. */
interface Instance {
  consumer: string;
  seen: Observation[];
}
interface ProcessInstance extends Instance {
  child: ChildProcess;
  exited: Promise<unknown>;
}

let h: RuntimeHarness;
let connections: RedisConnection[];
let children: ProcessInstance[];

const relays = (i: Instance) => i.seen.filter((o) => o.kind === 'relay').length;
const trims = (i: Instance) => i.seen.flatMap((o) => (o.kind === 'trim' ? [o.removed] : []));
const removedBy = (i: Instance) => trims(i).reduce((sum, n) => sum + n, 0);
const leaderChanges = (i: Instance) => i.seen.flatMap((o) => (o.kind === 'leader' ? [o.leader] : []));
/** What an instance was seen doing since its `from`-th observation, as counts a failed expectation shows. */
const dutiesSince = (i: Instance, from = 0) => {
  const later = { ...i, seen: i.seen.slice(from) };
  return { leader: leaderChanges(later), relays: relays(later), trims: trims(later).length };
};
const none = { leader: [], relays: 0, trims: 0 };

/** Owed events that were never published, due now: only a relay brings them to Redis. */
async function oweUnpublished(ns: number[]): Promise<void> {
  const events = ns.map((n) => pinged.create({ n }));
  await writeOwingRequests(h.db, events);
}

forEachRedis((flavour: RedisFlavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
    connections = [];
    children = [];
  });
  afterEach(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await h.close();
    for (const redis of connections) redis.disconnect();
  });

  const leaseKey = () => h.keys.lease('relay');
  const holder = () => h.redis.get(leaseKey());
  const fence = async () => Number(await h.redis.get(`${leaseKey()}:fence`));
  const stream = () => h.keys.stream(pinged.name);
  const streamLength = () => h.redis.xlen(stream());
  /** Every entry ever added to the stream (Redis counts them), trimmed or not. */
  const entriesAdded = async () => {
    const info = (await h.redis.xinfo('STREAM', stream())) as unknown[];
    return Number(info[info.indexOf('entries-added') + 1]);
  };

  /** A worker in this process, on a Redis connection of its own. */
  async function startHere(consumer: string): Promise<Instance> {
    const redis = connectTestRedis(flavour);
    connections.push(redis);
    const seen: Observation[] = [];
    const { functions, ...observed } = observedWorker(createOutbox(h.db.storage), (o) => seen.push(o));
    await h.startWorker([...functions], { ...timings, ...observed, redis, consumer });
    return { consumer, seen };
  }

  /** A worker in a child process of its own, on its own connections; resolves once it runs. */
  async function startProcess(consumer: string): Promise<ProcessInstance> {
    const config: LeaseWorkerConfig = {
      redis:
        flavour === 'Redis Cluster'
          ? { clusterNodes: inject('redisClusterNodes') }
          : { url: inject('services').redisUrl },
      mongoUri: mongoUriFor(inject('services').mongoUri, h.db.connection.name),
      prefix: h.prefix,
      consumer,
      timings,
    };
    const started = await startJsonLineProcess<Observation>(
      './lease-holder.process.ts',
      { [leaseWorkerConfigVariable]: JSON.stringify(config) },
      `the worker process ${consumer}`,
    );
    const instance: ProcessInstance = { consumer, ...started };
    children.push(instance);
    return instance;
  }

  async function startFirstHolder(): Promise<ProcessInstance> {
    const first = await startProcess('process-a');
    await waitFor(async () => (await holder()) === first.consumer, 'the worker process to hold the lease');
    return first;
  }

  /** Waits until `ns` each ran (only a relay publishes them) and the holder trimmed the stream to its last entry. */
  async function relayedAndTrimmed(instances: Instance[], ns: number[]): Promise<void> {
    const ran = () => instances.flatMap((i) => i.seen.flatMap((o) => (o.kind === 'ran' ? [o.n] : [])));
    await waitFor(() => ns.every((n) => ran().includes(n)), 'the owed events relayed and handled');
    // Acknowledged too, so a worker killed next holds no entry that another would run again.
    await waitFor(
      async () => (await pendingCount(h.redis, stream(), 'count-pings')) === 0,
      'every entry acked',
    );
    // Trimming keeps the last delivered entry (XTRIM MINID), so one entry stays.
    await waitFor(async () => (await streamLength()) === 1, 'the acknowledged entries trimmed');
    // A child process reports its trim after Redis has it: wait for the report too.
    await waitFor(async () => {
      const { accounted, added } = await trimCounts(instances);
      return accounted === added;
    }, 'the trims reported');
    // Each event ran once, on whichever worker read it.
    expect(ran().sort((a, b) => a - b)).toEqual([...new Set(ran())].sort((a, b) => a - b));
  }

  /** The relay's other half: once every run has finished, it settles the events (deletes their owed rows). */
  const settled = () =>
    waitFor(async () => (await h.db.storage.owedRows.countDocuments()) === 0, 'every owed event settled');

  /** Entries still in the stream or removed by a trim pass some instance reported, and entries ever added. */
  async function trimCounts(instances: Instance[]): Promise<{ accounted: number; added: number }> {
    const removed = instances.reduce((sum, i) => sum + removedBy(i), 0);
    return { accounted: removed + (await streamLength()), added: await entriesAdded() };
  }

  /** Every entry ever added is still in the stream or was removed by a trim pass some instance reported. */
  async function expectTrimsAccountedFor(instances: Instance[]): Promise<void> {
    const { accounted, added } = await trimCounts(instances);
    expect(accounted).toBe(added);
  }

  /** Waits until one of `instances` holds the lease, and returns it. */
  async function nextHolder(instances: Instance[], what: string): Promise<Instance> {
    let found: Instance | undefined;
    await waitFor(
      async () => {
        const current = await holder();
        found = instances.find((i) => i.consumer === current);
        return found !== undefined;
      },
      what,
      { timeoutMs: leaseTtlMs + 10_000 },
    );
    return found as Instance;
  }

  describe('the relay and trimmer lease', () => {
    it('only the holder relays and trims; when its process is killed, another takes over within the TTL and from then on relays and trims', async () => {
      const first = await startFirstHolder();
      const others = [await startHere('here-b'), await startHere('here-c')];
      const all = [first, ...others];

      await oweUnpublished([1, 2, 3]);
      await relayedAndTrimmed(all, [1, 2, 3]);
      expect(await holder()).toBe(first.consumer);
      expect(leaderChanges(first)).toEqual([true]);
      expect(relays(first)).toBeGreaterThan(0);
      expect(removedBy(first)).toBeGreaterThan(0);
      for (const other of others) expect(dutiesSince(other)).toEqual(none);
      await expectTrimsAccountedFor(all);

      // Death without a goodbye: the lease is neither renewed nor released.
      first.child.kill('SIGKILL');
      const diedAt = Date.now();
      const next = await nextHolder(others, 'a survivor to take the lease');
      const tookOverAfterMs = Date.now() - diedAt;
      expect(tookOverAfterMs).toBeLessThan(leaseTtlMs + takeoverMarginMs);
      const bystander = others.find((other) => other !== next) as Instance;

      await oweUnpublished([4, 5, 6]);
      await relayedAndTrimmed(all, [1, 2, 3, 4, 5, 6]);
      // Also the events the killed holder relayed but had not settled yet.
      await settled();
      expect(await holder()).toBe(next.consumer);
      expect(leaderChanges(next)).toEqual([true]);
      expect(relays(next)).toBeGreaterThan(0);
      expect(removedBy(next)).toBeGreaterThan(0);
      expect(dutiesSince(bystander)).toEqual(none);
      await expectTrimsAccountedFor(all);
      console.info(`${flavour}: lease taken over ${tookOverAfterMs} ms after its holder was killed`);
    });

    it('a holder paused past its lease is refused when it wakes: it stands down and the new holder keeps relaying and trimming', async () => {
      const first = await startFirstHolder();
      const second = await startHere('here-b');
      const firstToken = await fence();
      expect(firstToken).toBeGreaterThan(0);

      // Stopped, not dead: its connections stay open, its lease runs out.
      first.child.kill('SIGSTOP');
      const pausedAt = Date.now();
      await nextHolder([second], 'the other worker to take the lease');
      const tookOverAfterMs = Date.now() - pausedAt;
      expect(tookOverAfterMs).toBeLessThan(leaseTtlMs + takeoverMarginMs);
      const secondToken = await fence();
      expect(secondToken).toBeGreaterThan(firstToken);

      first.child.kill('SIGCONT');
      await waitFor(
        () => leaderChanges(first).includes(false),
        'the woken worker to learn it lost the lease',
      );
      const learntAt = first.seen.findIndex((o) => o.kind === 'leader' && !o.leader) + 1;
      // Its renewal was refused: the lease and its fencing token are still the new holder's.
      expect(await holder()).toBe(second.consumer);
      expect(await fence()).toBe(secondToken);
      const stale = createRedisLease(h.redis, leaseKey());
      expect(await stale.acquireToken(first.consumer, leaseTtlMs)).toBe(0);
      await stale.release(first.consumer);
      expect(await holder()).toBe(second.consumer);

      await oweUnpublished([1, 2, 3]);
      await relayedAndTrimmed([first, second], [1, 2, 3]);
      await settled();
      expect(await holder()).toBe(second.consumer);
      expect(leaderChanges(first)).toEqual([true, false]);
      expect(dutiesSince(first, learntAt)).toEqual(none);
      expect(leaderChanges(second)).toEqual([true]);
      expect(relays(second)).toBeGreaterThan(0);
      expect(removedBy(second)).toBeGreaterThan(0);
      await expectTrimsAccountedFor([first, second]);
      console.info(`${flavour}: lease taken over ${tookOverAfterMs} ms after its holder was paused`);
    });
  });
});

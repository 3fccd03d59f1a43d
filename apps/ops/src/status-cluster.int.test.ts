import { defineEvent, defineFunction } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import type { Cluster } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StatusReport } from './status/collect-status.ts';
import { pinged } from './testing/events.fixture.ts';
import { createOpsHarness, type OpsHarness } from './testing/ops-harness.ts';

let h: OpsHarness;
beforeEach(async () => {
  h = await createOpsHarness({ redisCluster: true });
});
afterEach(() => h.close());

const eventNamed = (name: string) =>
  defineEvent({ name, version: 1, data: z.object({ n: z.number().int() }) });
/** With `ops-test/pinged`, streams in three slot ranges: one on each master of the suite's 3-master cluster. */
const events = [pinged, eventNamed('ops-test/nudged'), eventNamed('ops-test/waved')];

describe('ops status on a Redis Cluster', { timeout: 60_000 }, () => {
  it('lists the streams held by every master, with their groups', async () => {
    const cluster = h.redis as Cluster;
    // From the cluster itself: ioredis's own slot table may not be filled in yet right after connecting.
    const ranges = await cluster.cluster('SLOTS');
    const masterOf = async (key: string) => {
      const slot = Number(await cluster.cluster('KEYSLOT', key));
      const range = ranges.find(([first, last]) => slot >= first && slot <= last);
      const master = range?.[2];
      return master ? `${master[0]}:${master[1]}` : `no master for slot ${slot}`;
    };
    const streams = events.map((event) => h.keys.stream(event.name));
    expect(new Set(await Promise.all(streams.map(masterOf))).size).toBe(3);

    const handled = new Set<string>();
    await h.startWorker(
      events.map((event) =>
        defineFunction({
          id: `count-${event.name.split('/')[1]}`,
          event,
          handler: async ({ event: { id } }) => void handled.add(id),
        }),
      ),
    );
    await h.publisher.publishMany(events.map((event) => event.create({ n: 1 })));
    await waitFor(() => handled.size === events.length, 'every event handled');

    const run = await h.cli('status', '--json');
    expect(run.code).toBe(0);
    const report = run.json<StatusReport>();
    expect(report.streams.map((s) => [s.stream, s.length, s.groups.map((g) => g.function)])).toEqual(
      [...events]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((event) => [h.keys.stream(event.name), 1, [`count-${event.name.split('/')[1]}`]]),
    );
  });
});

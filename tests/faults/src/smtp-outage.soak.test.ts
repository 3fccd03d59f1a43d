import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { requestCreated, streamGroups, streamKeys } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultWait, functionId, mailRuns } from './fault-world.ts';
import { type AppProcess, repoRoot } from './processes.ts';

/**
 * A soak test: it runs for real wall time, mostly idle, in a vitest process of its own that `pnpm test` starts
 * beside everything else (tools/test.sh; the main run leaves out `*.soak.test.ts`).
 */
const outageMs = 10 * 60_000;
/** Five requests every 2 s: 2.5 a second, about 1500 over the outage. */
const batchEveryMs = 2_000;
const batchSize = 5;
const sampleEveryMs = 5_000;
/** RSS before this is the worker loading its code and reaching its steady state, not growth. */
const warmUpMs = 60_000;
const rssMarginKiB = 25 * 1024;

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

const run = promisify(execFile);

interface RssSample {
  /** Since the sink stopped. */
  atMs: number;
  rssKiB: number;
  /** Entries the worker holds (delivered to its group, not acknowledged). */
  pending: number;
}

async function rssKiB(app: AppProcess): Promise<number> {
  const status = await readFile(`/proc/${app.child.pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${app.child.pid}/status`);
  return Number(match[1]);
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)}`;

function describeSeries(samples: readonly RssSample[]): string {
  return samples
    .map((s) => `${Math.round(s.atMs / 1000)}s ${mib(s.rssKiB)} MiB (${s.pending} pending)`)
    .join(', ');
}

/** `pnpm ops replay --all` as an operator runs it once the mail server is back; the runs it replayed. */
async function replayDeadRuns(): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'apps/ops/src/ops.cli.ts', 'replay', '--all', '--json'],
    { cwd: repoRoot, env: { ...process.env, ...world.appEnv() } },
  );
  return (JSON.parse(stdout) as { replayed: unknown[] }).replayed.length;
}

// Single Redis only: what is measured is the worker process, not Redis.
describe('SMTP outage with a growing stream', { timeout: outageMs + 10 * 60_000 }, () => {
  it('SMTP down 10 minutes while requests keep coming: the worker holds a bounded number of entries, its RSS stays flat, and once the server is back every request is mailed exactly once', async () => {
    const stream = streamKeys(world.prefix).stream(requestCreated.name);
    const deadKey = streamKeys(world.prefix).deadLetters(functionId);
    await world.api();
    await world.stopSink();
    const stoppedAt = Date.now();
    // Every setting but the connections is the worker's own default, as in production: 16 runs and 5 SMTP
    // connections, retries after 2 s, 8 s, 32 s and 2 min (with jitter), then the run is dead. A 10-minute outage
    // outlasts them, so runs die during it and an operator replays them once the server is back.
    const worker = await world.startWorker('worker', {}, 'production');
    const capacity = /"runsPerFunction":(\d+)/.exec(worker.output());
    if (!capacity) throw new Error(`no mail capacity line:\n${worker.output()}`);
    // Runs in flight (`concurrency`) plus the retry buffer (four times as many, apps/worker mail-capacity.ts).
    const mostHeld = Number(capacity[1]) * 5;

    const samples: RssSample[] = [];
    const sample = async () => {
      const [rss, groups] = await Promise.all([rssKiB(worker), streamGroups(world.redis, stream)]);
      const pending = groups.find((group) => group.name === functionId)?.pending ?? 0;
      samples.push({ atMs: Date.now() - stoppedAt, rssKiB: rss, pending });
    };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sample();
        await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
      }
    })();

    // Requests at a steady rate, through the API, for the whole outage.
    const events: Awaited<ReturnType<FaultWorld['createRequests']>> = [];
    for (let batch = 1; Date.now() - stoppedAt < outageMs; batch++) {
      events.push(...(await world.createRequests(batchSize)));
      const next = stoppedAt + batch * batchEveryMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
    sampling = false;
    await sampler;

    // The situation at the end of the outage: a stream much longer than what the worker holds, runs that failed
    // to connect, dead runs (the production schedule ran out), and not one mail.
    const [group] = (await streamGroups(world.redis, stream)).filter((g) => g.name === functionId);
    if (!group) throw new Error('the worker has no consumer group');
    const undelivered = (await world.redis.xrange(stream, `(${group.lastDeliveredId}`, '+')).length;
    const dead = await world.db.storage.results.countDocuments({ ...mailRuns, status: 'dead' });
    const failed = await world.db.storage.runs.findOne({ lastError: { $ne: null } });
    const series = describeSeries(samples);
    console.info(
      `after ${outageMs / 60_000} min: ${events.length} requests, ${undelivered} not yet delivered to the worker, ` +
        `${group.pending} held, ${dead} dead runs; RSS series: ${series}`,
    );
    expect(world.mails()).toHaveLength(0);
    expect(failed?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(dead).toBeGreaterThan(0);
    expect(await world.redis.xlen(deadKey)).toBeGreaterThan(0);
    expect(undelivered).toBeGreaterThan(5 * mostHeld);
    const mostPending = Math.max(...samples.map((s) => s.pending));
    expect(mostPending, `pending entries over the outage: ${series}`).toBeLessThanOrEqual(mostHeld);

    // Flat: after the warm-up, the highest RSS of the last third is at most the highest of the first third plus a
    // margin that absorbs GC timing and allocator noise on a busy machine, but not a backlog held in memory.
    const steady = samples.filter((s) => s.atMs >= warmUpMs);
    const third = Math.floor(steady.length / 3);
    expect(third, `too few samples: ${series}`).toBeGreaterThanOrEqual(10);
    const firstMax = Math.max(...steady.slice(0, third).map((s) => s.rssKiB));
    const lastMax = Math.max(...steady.slice(-third).map((s) => s.rssKiB));
    console.info(
      `worker RSS after the warm-up: first third max ${mib(firstMax)} MiB, last third max ${mib(lastMax)} MiB`,
    );
    expect(
      lastMax,
      `RSS grew: last third max ${mib(lastMax)} MiB > first third max ${mib(firstMax)} MiB + ${mib(rssMarginKiB)} MiB; series: ${series}`,
    ).toBeLessThanOrEqual(firstMax + rssMarginKiB);

    // The server is back. Runs waiting for a retry succeed at their next attempt (within 2 min), the backlog flows,
    // and dead runs are replayed; a run whose last attempt was under way as the server came back may die just
    // after, so replay until every request is mailed.
    await world.startSinkAgain();
    const backAt = Date.now();
    const messageIds = events.map((event) => world.messageIdOf(event.id));
    const mailedOrDead = async () => {
      const counts = world.mailCounts();
      const deadNow = await world.db.storage.results.countDocuments({ ...mailRuns, status: 'dead' });
      return messageIds.filter((id) => counts.has(id)).length + deadNow === events.length;
    };
    let replayed = 0;
    while (world.mailCounts().size < events.length) {
      replayed += await replayDeadRuns();
      await waitFor(
        mailedOrDead,
        () => `every request mailed or dead: ${world.mailCounts().size} of ${events.length} mailed`,
        { timeoutMs: 300_000, intervalMs: 1_000 },
      );
    }
    await world.waitForMails(events, 60_000);
    console.info(
      `all ${events.length} mails ${Math.round((Date.now() - backAt) / 1000)} s after the server came back; ` +
        `${replayed} dead runs replayed`,
    );
    const counts = world.mailCounts();
    expect([...counts.keys()].sort()).toEqual([...messageIds].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitFor(
      async () =>
        (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) ===
        events.length,
      'every run recorded as succeeded',
      faultWait,
    );
  });
});

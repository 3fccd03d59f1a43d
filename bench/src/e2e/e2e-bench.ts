import { waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import { login } from '../api/trpc-http.ts';
import type { AppProcess } from '../proc/app-process.ts';
import { startApiApp, startWorkerApp } from '../proc/fixstream-apps.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import type { AcceptedMail } from '../services/mail-sink.child.ts';
import { type RequestParties, requestParties, seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf } from '../stats/figure.ts';
import { percentile } from '../stats/percentiles.ts';
import { measureCapacity } from './capacity.ts';
import { openLoop } from './open-loop.ts';
import { requestJson } from './request-body.ts';

/** Latency from the `requests.create` answer to the mail accepted by the sink, per arrival rate. */
export interface E2eRateFigures {
  rate: number;
  requests: number;
  p50Ms: Figure;
  p95Ms: Figure;
  p99Ms: Figure;
  /** The API's own answer time at that rate, for context. */
  apiP50Ms: Figure;
}

/** `rate50`, `rate200`: the plan's fixed rates; `halfCapacity`: half the rate measured in the same run. */
export type E2eRoundKey = `rate${number}` | 'halfCapacity';

export interface E2eFigures {
  rounds: Partial<Record<E2eRoundKey, E2eRateFigures>>;
  /** Requests/s the API and worker completed together in the capacity burst (see `measureCapacity`). */
  capacityRps: Figure;
}

const subjectTag = /(bench-e2e-\d+-\d+ #\d+)$/;

/**
 * The product's flow end to end: the API and the worker as processes, requests created over HTTP at a fixed
 * rate, and for each one the time between its answer and its mail reaching the sink. Besides the plan's fixed
 * rates, it measures the pair's capacity first and runs at half of it, a load the system is sized for.
 */
export async function runE2eBench(ctx: BenchContext): Promise<E2eFigures> {
  const { e2e } = ctx.plan;
  const mongoUri = ctx.services.databaseUri(`bench-e2e-${Date.now()}`);
  const seed = await seedDatabase(ctx.repoRoot, mongoUri);
  const parties = requestParties(seed);
  const env = baseAppEnv(ctx, { mongoUri, prefix: `bench:e2e:${Date.now()}:` });
  const port = await getPort();
  const apps: AppProcess[] = [];
  const arrivals = new Map<string, number>();
  const unsubscribe = ctx.services.sink.subscribe((mail: AcceptedMail) => {
    const tag = subjectTag.exec(mail.subject ?? '')?.[1];
    if (tag) arrivals.set(tag, mail.acceptedAtMs);
  });
  try {
    const api = await startApiApp(ctx, { name: 'e2e-api', env, port });
    apps.push(api);
    ctx.rss.watch('api', api.pid);
    const worker = await startWorkerApp(ctx, { name: 'e2e-worker', env });
    apps.push(worker);
    ctx.rss.watch('worker', worker.pid);
    await Promise.all([ctx.footprint.measure('api', api), ctx.footprint.measure('worker', worker)]);
    const apiUrl = `http://127.0.0.1:${port}`;
    const token = await login(apiUrl, parties.requester.email, parties.requester.password);
    let runs = 0;
    const run = (rate: number, durationSec: number) =>
      measure({ apiUrl, token, parties, arrivals, rate, run: ++runs, durationSec });

    const firstRate = e2e.rates[0] ?? 50;
    await run(firstRate, e2e.warmupRequests / firstRate);
    const capacity = await measureCapacity({
      apiUrl,
      token,
      parties,
      sink: ctx.services.sink,
      ...e2e.capacity,
      tag: `bench-capacity-${Date.now()}`,
    });
    const halfRate = Math.max(1, Math.round(capacity.requestsPerSec / 2));
    ctx.log(
      `e2e capacity: ${capacity.requestsPerSec.toFixed(1)} requests/s completed (${capacity.answered} sent by ${e2e.capacity.clients} clients in ${e2e.capacity.durationSec} s); half: ${halfRate}/s`,
    );
    const plan: [E2eRoundKey, number][] = [
      ...e2e.rates.map((rate): [E2eRoundKey, number] => [`rate${rate}`, rate]),
      ['halfCapacity', halfRate],
    ];
    const samples = new Map<E2eRoundKey, { p50: number; p95: number; p99: number; api50: number }[]>();
    for (let round = 1; round <= ctx.rounds; round++) {
      for (const [key, rate] of plan) {
        const latencies = await run(rate, e2e.durationSec);
        const summary = {
          p50: percentile(latencies.mail, 50),
          p95: percentile(latencies.mail, 95),
          p99: percentile(latencies.mail, 99),
          api50: percentile(latencies.api, 50),
        };
        samples.set(key, [...(samples.get(key) ?? []), summary]);
        ctx.log(
          `e2e ${key === 'halfCapacity' ? 'half capacity, ' : ''}${rate}/s round ${round}: mail p50 ${summary.p50.toFixed(1)} p95 ${summary.p95.toFixed(1)} p99 ${summary.p99.toFixed(1)} ms (API p50 ${summary.api50.toFixed(1)} ms)`,
        );
      }
    }
    const rounds: E2eFigures['rounds'] = {};
    for (const [key, rate] of plan) {
      const list = samples.get(key) ?? [];
      const ms = (pick: (s: (typeof list)[number]) => number) => figureOf(list.map(pick), 'ms');
      rounds[key] = {
        rate,
        requests: Math.round(rate * e2e.durationSec),
        p50Ms: ms((s) => s.p50),
        p95Ms: ms((s) => s.p95),
        p99Ms: ms((s) => s.p99),
        apiP50Ms: ms((s) => s.api50),
      };
    }
    return { rounds, capacityRps: figureOf([capacity.requestsPerSec], 'req/s') };
  } finally {
    unsubscribe();
    for (const app of apps) await ctx.rss.release(app.pid);
    await Promise.all(apps.map((app) => app.stop()));
  }
}

async function measure(load: {
  apiUrl: string;
  token: string;
  parties: RequestParties;
  arrivals: Map<string, number>;
  rate: number;
  /** Numbers the run's subjects, so no two runs (even at the same rate) share one. */
  run: number;
  durationSec: number;
}): Promise<{ mail: number[]; api: number[] }> {
  const tagOf = (i: number) => `bench-e2e-${load.run}-${load.rate} #${i}`;
  const sent = await openLoop({
    url: `${load.apiUrl}/trpc/requests.create`,
    token: load.token,
    rate: load.rate,
    durationSec: load.durationSec,
    body: (i) => ({ subject: tagOf(i), json: requestJson(load.parties, tagOf(i), i) }),
  });
  const failed = sent.filter((s) => !s.ok).length;
  if (failed > 0) throw new Error(`e2e at ${load.rate}/s: ${failed} of ${sent.length} requests failed`);
  await waitFor(
    () => sent.every((s) => load.arrivals.has(s.subject)),
    () =>
      `${sent.length} mails of the e2e round (${sent.filter((s) => load.arrivals.has(s.subject)).length} arrived)`,
    { timeoutMs: 180_000, intervalMs: 20 },
  );
  return {
    mail: sent.map((s) => (load.arrivals.get(s.subject) as number) - s.answeredAtMs),
    api: sent.map((s) => s.latencyMs),
  };
}

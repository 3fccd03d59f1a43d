import getPort from 'get-port';
import { login } from '../api/trpc-http.ts';
import { type AppProcess, startApp } from '../proc/app-process.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import type { AcceptedMail } from '../services/mail-sink.child.ts';
import { type RequestParties, requestParties, seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf } from '../stats/figure.ts';
import { percentile } from '../stats/percentiles.ts';
import { waitUntil } from '../stats/wait-until.ts';
import { openLoop } from './open-loop.ts';

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

export type E2eFigures = Record<`rate${number}`, E2eRateFigures>;

const subjectTag = /(bench-e2e-\d+-\d+ #\d+)$/;

/**
 * The product's flow end to end: the API and the worker as processes, requests created over HTTP at a fixed
 * rate, and for each one the time between its answer and its mail reaching the sink.
 */
export async function runE2eBench(ctx: BenchContext): Promise<E2eFigures> {
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
    const api = await startApp({
      app: 'api',
      name: 'e2e-api',
      root: ctx.repoRoot,
      env: { ...env, API_PORT: String(port), API_HOST: '127.0.0.1' },
      readyLine: /API listening/,
      nodeArgs: ctx.appNodeArgs,
    });
    apps.push(api);
    ctx.rss.watch('api', api.pid);
    const worker = await startApp({
      app: 'worker',
      name: 'e2e-worker',
      root: ctx.repoRoot,
      env,
      readyLine: /worker running/,
      nodeArgs: ctx.appNodeArgs,
    });
    apps.push(worker);
    ctx.rss.watch('worker', worker.pid);
    const apiUrl = `http://127.0.0.1:${port}`;
    const token = await login(apiUrl, parties.requester.email, parties.requester.password);
    const run = (rate: number, round: number, durationSec: number) =>
      measure({ apiUrl, token, parties, arrivals, rate, round, durationSec });

    await run(ctx.plan.e2e.rates[0] ?? 50, 0, ctx.plan.e2e.warmupRequests / (ctx.plan.e2e.rates[0] ?? 50));
    const samples = new Map<number, { p50: number; p95: number; p99: number; api50: number }[]>();
    for (let round = 1; round <= ctx.rounds; round++) {
      for (const rate of ctx.plan.e2e.rates) {
        const latencies = await run(rate, round, ctx.plan.e2e.durationSec);
        const summary = {
          p50: percentile(latencies.mail, 50),
          p95: percentile(latencies.mail, 95),
          p99: percentile(latencies.mail, 99),
          api50: percentile(latencies.api, 50),
        };
        samples.set(rate, [...(samples.get(rate) ?? []), summary]);
        ctx.log(
          `e2e ${rate}/s round ${round}: mail p50 ${summary.p50.toFixed(1)} p95 ${summary.p95.toFixed(1)} p99 ${summary.p99.toFixed(1)} ms (API p50 ${summary.api50.toFixed(1)} ms)`,
        );
      }
    }
    const figures: E2eFigures = {};
    for (const [rate, list] of samples) {
      figures[`rate${rate}`] = {
        rate,
        requests: Math.round(rate * ctx.plan.e2e.durationSec),
        p50Ms: figureOf(
          list.map((s) => s.p50),
          'ms',
        ),
        p95Ms: figureOf(
          list.map((s) => s.p95),
          'ms',
        ),
        p99Ms: figureOf(
          list.map((s) => s.p99),
          'ms',
        ),
        apiP50Ms: figureOf(
          list.map((s) => s.api50),
          'ms',
        ),
      };
    }
    return figures;
  } finally {
    unsubscribe();
    for (const app of apps) await ctx.rss.release(app.pid);
    await Promise.all(apps.map((app) => app.stop()));
  }
}

async function measure(o: {
  apiUrl: string;
  token: string;
  parties: RequestParties;
  arrivals: Map<string, number>;
  rate: number;
  round: number;
  durationSec: number;
}): Promise<{ mail: number[]; api: number[] }> {
  const { parties } = o;
  const tagOf = (i: number) => `bench-e2e-${o.rate}-${o.round} #${i}`;
  const sent = await openLoop({
    url: `${o.apiUrl}/trpc/requests.create`,
    token: o.token,
    rate: o.rate,
    durationSec: o.durationSec,
    body: (i) => ({
      subject: tagOf(i),
      json: JSON.stringify({
        subject: `Pump vibrates ${tagOf(i)}`,
        type: i % 2 ? 'preventive' : 'corrective',
        equipment: parties.equipmentIds[i % parties.equipmentIds.length],
        maintenanceTeam: parties.teamId,
        assignedTechnician: parties.technicianIds[i % parties.technicianIds.length],
        priority: i % 4,
      }),
    }),
  });
  const failed = sent.filter((s) => !s.ok).length;
  if (failed > 0) throw new Error(`e2e at ${o.rate}/s: ${failed} of ${sent.length} requests failed`);
  await waitUntil(
    () => sent.every((s) => o.arrivals.has(s.subject)),
    `${sent.length} mails of the e2e round`,
    {
      timeoutMs: 180_000,
      intervalMs: 20,
      progress: () => `${sent.filter((s) => o.arrivals.has(s.subject)).length} arrived`,
    },
  );
  return {
    mail: sent.map((s) => (o.arrivals.get(s.subject) as number) - s.answeredAtMs),
    api: sent.map((s) => s.latencyMs),
  };
}

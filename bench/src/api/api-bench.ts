import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { startApp } from '../proc/app-process.ts';
import { isMessage } from '../proc/child-ipc.ts';
import { startNodeChild } from '../proc/node-child.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import { requestParties, seedDatabase } from '../services/seed-data.ts';
import { type ApiFigures, apiFiguresOf } from './api-figures.ts';
import { createRequestBody } from './create-request-body.ts';
import { type LoadRun, loadRun } from './load-run.ts';
import { noopTracingCostUs } from './noop-tracing-cost.ts';
import { startObservabilitySides, tracingOffEnv } from './observability-sides.ts';
import { login } from './trpc-http.ts';

const sides = ['ours', 'baseline', 'bare', 'observed'] as const;
/** The processes loaded in each round: see `ApiFigures`. */
export type ApiSide = (typeof sides)[number];

/**
 * Runs the API (as in production), the baseline server and the API without and with observability on one seeded
 * database and loads them in alternating rounds, so drift on a noisy machine hits every side alike.
 */
export async function runApiBench(ctx: BenchContext): Promise<ApiFigures> {
  const { plan } = ctx;
  const mongoUri = ctx.services.databaseUri(`bench-api-${Date.now()}`);
  const seed = await seedDatabase(ctx.repoRoot, mongoUri);
  const parties = requestParties(seed);
  const env: Record<string, string> = {
    ...baseAppEnv(ctx, { mongoUri, prefix: 'bench:api:' }),
    ...tracingOffEnv,
  };
  const [apiPort, baselinePort] = [await getPort(), await getPort()];
  const api = await startApp({
    app: 'api',
    name: 'api',
    root: ctx.repoRoot,
    env: { ...env, API_PORT: String(apiPort), API_HOST: '127.0.0.1' },
    readyLine: /API listening/,
    readyUrl: `http://127.0.0.1:${apiPort}/readyz`,
    nodeArgs: ctx.appNodeArgs,
  });
  ctx.rss.watch('api', api.pid);
  await ctx.footprint.measure('api', api);
  const baseline = startNodeChild({
    name: 'baseline',
    entry: fileURLToPath(new URL('./baseline-server.child.ts', import.meta.url)),
    args: [JSON.stringify({ mongoUri, port: baselinePort, jwtSecret: env.JWT_SECRET })],
    cwd: ctx.repoRoot,
  });
  const observability = await startObservabilitySides(ctx, env, plan.api.scrapeIntervalMs).catch(
    async (error: unknown) => {
      await ctx.rss.release(api.pid);
      await Promise.all([api.stop(), baseline.stop()]);
      throw error;
    },
  );
  try {
    await baseline.waitForMessage(isMessage('ready'));
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const token = await login(apiUrl, parties.requester.email, parties.requester.password);
    const body = createRequestBody(parties);
    const targets: Record<ApiSide, string> = {
      ours: `${apiUrl}/trpc/requests.create`,
      baseline: `http://127.0.0.1:${baselinePort}/requests`,
      bare: `${observability.bareUrl}/trpc/requests.create`,
      observed: `${observability.observedUrl}/trpc/requests.create`,
    };
    let observedRequests = 0;
    const run = async (side: ApiSide, durationSec: number): Promise<LoadRun> => {
      const load = () =>
        loadRun({
          url: targets[side],
          headers: { authorization: `Bearer ${token}` },
          body,
          connections: plan.api.connections,
          durationSec,
        });
      const result = await (side === 'observed' ? observability.whileScraped(load) : load());
      if (result.failures > 0 || result.throughputRps === 0)
        throw new Error(`${side}: ${result.failures} failed requests during the load run`);
      if (side === 'observed') observedRequests += result.sent;
      return result;
    };
    for (const side of sides) await run(side, plan.api.warmupSec);
    const runs: Record<ApiSide, LoadRun[]> = { ours: [], baseline: [], bare: [], observed: [] };
    const noopUs: number[] = [];
    const rounds = Math.max(ctx.rounds, plan.api.rounds);
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order, so no side always runs on the emptier collection.
      for (const side of round % 2 ? sides : [...sides].reverse()) {
        const result = await run(side, plan.api.durationSec);
        runs[side].push(result);
        ctx.log(
          `api ${side} round ${round}: ${result.throughputRps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
        );
      }
      noopUs.push(await noopTracingCostUs(plan.api.noopTracingIterations));
    }
    const evidence = await observability.stop();
    ctx.log(
      `api observed: ${evidence.spans} spans reached the OTLP sink for ${observedRequests} requests (${JSON.stringify(evidence.spansByName)}), ${evidence.scrapes} scrapes of /metrics; no-op tracing ${noopUs.map((us) => us.toFixed(2)).join(' / ')} µs per request`,
    );
    if (
      evidence.spans === 0 ||
      evidence.refusedExports > 0 ||
      evidence.scrapes === 0 ||
      evidence.scrapeFailures > 0
    )
      throw new Error(`the observed API was not observed as intended: ${JSON.stringify(evidence)}`);
    return apiFiguresOf({ connections: plan.api.connections, runs, noopUs, evidence, observedRequests });
  } finally {
    await ctx.rss.release(api.pid);
    await Promise.all([api.stop(), baseline.stop(), observability.stop()]);
  }
}

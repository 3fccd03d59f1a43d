import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { startApp } from '../proc/app-process.ts';
import { isMessage } from '../proc/child-ipc.ts';
import { startNodeChild } from '../proc/node-child.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import { requestParties, seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf, ratioFigure } from '../stats/figure.ts';
import { type LoadRun, loadRun } from './load-run.ts';
import { login } from './trpc-http.ts';

/** The API figures: `requests.create` through tRPC beside plain Express + mongoose on the same database. */
export interface ApiFigures {
  connections: number;
  ours: { throughputRps: Figure; p50Ms: Figure; p99Ms: Figure };
  baseline: { throughputRps: Figure; p50Ms: Figure; p99Ms: Figure };
  overheadRatio: Figure;
}

/**
 * Runs the API (as in production) and the baseline server on one seeded database and loads them in alternating
 * rounds, so drift on a noisy machine hits both sides alike.
 */
export async function runApiBench(ctx: BenchContext): Promise<ApiFigures> {
  const { plan } = ctx;
  const mongoUri = ctx.services.databaseUri(`bench-api-${Date.now()}`);
  const seed = await seedDatabase(ctx.repoRoot, mongoUri);
  const parties = requestParties(seed);
  const env = baseAppEnv(ctx, { mongoUri, prefix: 'bench:api:' });
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
  try {
    await baseline.waitForMessage(isMessage('ready'));
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const token = await login(apiUrl, parties.requester.email, parties.requester.password);
    const body = JSON.stringify({
      subject: 'Conveyor belt squeaks at station 4',
      type: 'corrective',
      equipment: parties.equipmentIds[0],
      maintenanceTeam: parties.teamId,
      assignedTechnician: parties.technicianIds[0],
      description: 'Benchmark request',
      priority: 2,
    });
    const targets = {
      ours: `${apiUrl}/trpc/requests.create`,
      baseline: `http://127.0.0.1:${baselinePort}/requests`,
    };
    const run = async (side: keyof typeof targets, durationSec: number): Promise<LoadRun> => {
      const result = await loadRun({
        url: targets[side],
        headers: { authorization: `Bearer ${token}` },
        body,
        connections: plan.api.connections,
        durationSec,
      });
      if (result.failures > 0 || result.throughputRps === 0)
        throw new Error(`${side}: ${result.failures} failed requests during the load run`);
      return result;
    };
    await run('ours', plan.api.warmupSec);
    await run('baseline', plan.api.warmupSec);
    const runs: Record<keyof typeof targets, LoadRun[]> = { ours: [], baseline: [] };
    for (let round = 1; round <= ctx.rounds; round++) {
      // Alternate which side goes first, so neither always runs on the emptier collection.
      const order: (keyof typeof targets)[] = round % 2 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const side of order) {
        const result = await run(side, plan.api.durationSec);
        runs[side].push(result);
        ctx.log(
          `api ${side} round ${round}: ${result.throughputRps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
        );
      }
    }
    const side = (list: LoadRun[]) => ({
      throughputRps: figureOf(
        list.map((r) => r.throughputRps),
        'req/s',
      ),
      p50Ms: figureOf(
        list.map((r) => r.p50Ms),
        'ms',
      ),
      p99Ms: figureOf(
        list.map((r) => r.p99Ms),
        'ms',
      ),
    });
    return {
      connections: plan.api.connections,
      ours: side(runs.ours),
      baseline: side(runs.baseline),
      overheadRatio: ratioFigure(
        runs.baseline.map((r) => r.throughputRps),
        runs.ours.map((r) => r.throughputRps),
      ),
    };
  } finally {
    await ctx.rss.release(api.pid);
    await Promise.all([api.stop(), baseline.stop()]);
  }
}

/**
 * Where the cost of the API's observability goes. Loads API processes on one seeded database with the bench's
 * `requests.create`: `bare` (API_METRICS=false, no OTLP endpoint), `metrics` (scraped every second, no tracing),
 * `traced` (spans exported to a sink, no metrics), `observed` (both, the bench's side) and `bare-again` (a second
 * bare process: what two identical sides differ by on this machine). Per side it prints the requests/s, the cost
 * `1 - side / bare` per round, and the CPU milliseconds per request of the API process (its main thread apart)
 * and of the database server, read from /proc: on a shared machine throughput swings with everyone's work, CPU per
 * request much less.
 *
 *   node --import tsx bench/src/probes/observability-cost.probe.ts [rounds=5] [seconds=10] [sides=bare,observed]
 *     [--concurrent] [--cpu-prof]
 *
 * Sides take turns as in `pnpm bench --only api`, 16 connections each; `--concurrent` loads them all at once with 8
 * each, so drift hits them alike. `--cpu-prof` writes V8 CPU profiles of every API into
 * /tmp/observability-probe/profiles (`bench/src/profile/cpu-profile-summary.cli.ts` summarises one).
 * `PROBE_SIDES='{"name":{"VAR":"value"}}'` adds sides with env of their own; `$SINK` in a value is the sink's URL.
 */
import { join, resolve } from 'node:path';
import getPort from 'get-port';
import { createRequestBody } from '../api/create-request-body.ts';
import { type LoadRun, loadRun } from '../api/load-run.ts';
import { startScrapeLoop } from '../api/metrics-scrape-loop.ts';
import { tracingOffEnv } from '../api/observability-sides.ts';
import { OtlpSink } from '../api/otlp-sink.ts';
import { login } from '../api/trpc-http.ts';
import { AppFootprint } from '../proc/app-footprint.ts';
import type { AppProcess } from '../proc/app-process.ts';
import { startApiApp } from '../proc/fixstream-apps.ts';
import { PeakRssTracker } from '../proc/peak-rss.ts';
import { databaseServerPid, processCpuMs } from '../proc/process-cpu.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import { benchPlan } from '../run/bench-plan.ts';
import { buildApps } from '../run/build-apps.ts';
import { startBenchServices } from '../services/bench-services.ts';
import { requestParties, seedDatabase } from '../services/seed-data.ts';
import { costPctFigure, type Figure, figureOf } from '../stats/figure.ts';

const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [rounds = 5, seconds = 10, sideList = 'bare,observed'] = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith('--'));
const concurrent = flags.includes('--concurrent');
const repoRoot = resolve(import.meta.dirname, '../../..');
const log = (message: string) => console.error(`[probe] ${message}`);

interface Side {
  name: string;
  app: AppProcess;
  url: string;
  scraped: boolean;
}

interface SideRun {
  load: LoadRun;
  apiCpuMs: number;
  mainThreadCpuMs: number;
  databaseCpuMs: number;
  /** This process: the load generator, and the sink and scraper when the side has them. */
  probeCpuMs: number;
}

const services = await startBenchServices({ repoRoot });
const sink = await OtlpSink.start();
const apps: AppProcess[] = [];
try {
  await buildApps(repoRoot, log);
  const ctx: BenchContext = {
    repoRoot,
    services,
    plan: benchPlan(false),
    rounds: Number(rounds),
    rss: new PeakRssTracker(),
    footprint: new AppFootprint(),
    appNodeArgs: flags.includes('--cpu-prof')
      ? ['--cpu-prof', `--cpu-prof-dir=${join('/tmp/observability-probe', 'profiles')}`]
      : [],
    seedflowRoot: null,
    log,
  };
  const mongoUri = services.databaseUri(`probe-obs-${Date.now()}`);
  const parties = requestParties(await seedDatabase(repoRoot, mongoUri));
  const env = { ...baseAppEnv(ctx, { mongoUri, prefix: 'probe:obs:' }), ...tracingOffEnv };
  const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint };
  const sideEnv: Record<string, Record<string, string>> = {
    bare: { API_METRICS: 'false' },
    'bare-again': { API_METRICS: 'false' },
    metrics: { API_METRICS: 'true' },
    traced: { API_METRICS: 'false', ...traced },
    observed: { API_METRICS: 'true', ...traced },
    ...JSON.parse((process.env.PROBE_SIDES ?? '{}').replaceAll('$SINK', sink.endpoint)),
  };
  const sides: Side[] = [];
  for (const name of String(sideList).split(',')) {
    const sideVars = sideEnv[name];
    if (!sideVars) throw new Error(`no side ${name}: ${Object.keys(sideEnv).join(', ')}`);
    const port = await getPort();
    const app = await startApiApp(ctx, { name: `api-${name}`, env: { ...env, ...sideVars }, port });
    apps.push(app);
    sides.push({ name, app, url: `http://127.0.0.1:${port}`, scraped: sideVars.API_METRICS === 'true' });
  }
  const database = await databaseServerPid(services.mongoUri);
  const token = await login(sides[0]?.url ?? '', parties.requester.email, parties.requester.password);
  const body = createRequestBody(parties);

  const run = async (side: Side, durationSec: number): Promise<SideRun> => {
    const cpu = () =>
      Promise.all([
        processCpuMs(side.app.pid),
        processCpuMs(side.app.pid, side.app.pid),
        database === null ? 0 : processCpuMs(database),
      ]);
    const before = await cpu();
    const probeBefore = process.cpuUsage();
    const scrape = side.scraped ? startScrapeLoop(`${side.url}/metrics`, 1_000) : null;
    const load = await loadRun({
      url: `${side.url}/trpc/requests.create`,
      headers: { authorization: `Bearer ${token}` },
      body,
      connections: concurrent ? 8 : 16,
      durationSec,
    });
    await scrape?.stop();
    const probe = process.cpuUsage(probeBefore);
    const after = await cpu();
    if (load.failures > 0) throw new Error(`${side.name}: ${load.failures} failed requests`);
    const perRequest = (i: number) => ((after[i] ?? 0) - (before[i] ?? 0)) / load.sent;
    return {
      load,
      apiCpuMs: perRequest(0),
      mainThreadCpuMs: perRequest(1),
      databaseCpuMs: perRequest(2),
      probeCpuMs: (probe.user + probe.system) / 1000 / load.sent,
    };
  };

  for (const side of sides) await run(side, 3);
  const runs = new Map<string, SideRun[]>(sides.map((side) => [side.name, []]));
  const record = (round: number, side: Side, result: SideRun) => {
    runs.get(side.name)?.push(result);
    log(
      `round ${round} ${side.name}: ${result.load.throughputRps.toFixed(0)} req/s, API ${result.apiCpuMs.toFixed(2)} ms CPU/req (main thread ${result.mainThreadCpuMs.toFixed(2)}), database ${result.databaseCpuMs.toFixed(2)}`,
    );
  };
  for (let round = 1; round <= Number(rounds); round++) {
    if (concurrent) {
      const results = await Promise.all(sides.map((side) => run(side, Number(seconds))));
      for (const [i, side] of sides.entries()) record(round, side, results[i] as SideRun);
    } else {
      for (const side of round % 2 ? sides : [...sides].reverse())
        record(round, side, await run(side, Number(seconds)));
    }
  }

  const show = (values: number[], unit: string) => {
    const figure: Figure = figureOf(values, unit);
    return `${figure.median} (${figure.min}–${figure.max})`;
  };
  const bare = runs.get('bare') ?? [];
  const over = (list: SideRun[], of: (r: SideRun) => number) =>
    bare.length === list.length
      ? show(
          list.map((r, i) => of(r) - of(bare[i] as SideRun)),
          'ms',
        )
      : '-';
  console.log(
    `| side | req/s | cost vs bare, % | API CPU, ms/req | over bare | main thread over bare | database CPU, ms/req | over bare | load generator CPU, ms/req |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, list] of runs) {
    const rps = list.map((r) => r.load.throughputRps);
    const cost =
      bare.length === list.length
        ? costPctFigure(
            rps,
            bare.map((r) => r.load.throughputRps),
          )
        : null;
    console.log(
      `| ${name} | ${show(rps, 'req/s')} | ${cost ? `${cost.median} (${cost.min}–${cost.max})` : '-'} | ${show(
        list.map((r) => r.apiCpuMs),
        'ms',
      )} | ${over(list, (r) => r.apiCpuMs)} | ${over(list, (r) => r.mainThreadCpuMs)} | ${show(
        list.map((r) => r.databaseCpuMs),
        'ms',
      )} | ${over(list, (r) => r.databaseCpuMs)} | ${show(
        list.map((r) => r.probeCpuMs),
        'ms',
      )} |`,
    );
  }
  log(`spans the sink received: ${JSON.stringify(Object.fromEntries(sink.spansByName))}`);
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await sink.close();
  await services.stop();
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runApiBench } from '../api/api-bench.ts';
import { runBusBench } from '../bus/bus-bench.ts';
import type { BenchArgs } from '../cli/bench-args.ts';
import { runE2eBench } from '../e2e/e2e-bench.ts';
import { runEmailBench } from '../email/email-bench.ts';
import { AppFootprint } from '../proc/app-footprint.ts';
import { PeakRssTracker } from '../proc/peak-rss.ts';
import { runReadsBench } from '../reads/reads-bench.ts';
import { runRecoveryBench } from '../recovery/recovery-bench.ts';
import {
  type BenchResults,
  buildResults,
  type RunMeta,
  type SectionFigures,
} from '../report/bench-results.ts';
import { ratioChartSvg } from '../report/chart-svg.ts';
import { formatLikeBiome } from '../report/format-results.ts';
import { resultsMarkdown } from '../report/markdown.ts';
import { missingKeys } from '../report/required-keys.ts';
import { seedflowResults } from '../report/seedflow-results.ts';
import { asHigherIsBetter, targets } from '../report/targets.ts';
import { stampOf, writeResultFiles } from '../report/write-results.ts';
import { ensureSeedflowWorktree } from '../seedflow/seedflow-worktree.ts';
import { type BenchServices, startBenchServices } from '../services/bench-services.ts';
import { runCronBench } from '../timers/cron-bench.ts';
import { runTimersBench } from '../timers/timers-bench.ts';
import { runWebBench } from '../web/web-bench.ts';
import { runWebhooksBench } from '../webhooks/webhooks-bench.ts';
import type { BenchContext } from './bench-context.ts';
import { benchPlan } from './bench-plan.ts';
import { buildApps } from './build-apps.ts';
import { commitOf, machineOf } from './run-meta.ts';

/**
 * The whole benchmark: services up, each requested section, results written, services down (also on failure
 * and on Ctrl-C). Returns the exit code: non-zero when a required key is missing or not a number.
 */
export async function runBench(args: BenchArgs, repoRoot: string): Promise<number> {
  const startedAt = new Date();
  const started = performance.now();
  const log = (message: string) =>
    console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  let services: BenchServices | null = null;
  const rss = new PeakRssTracker();
  const footprint = new AppFootprint();
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping every process and service the bench started`);
    void Promise.race([services?.stop(), new Promise((resolve) => setTimeout(resolve, 20_000))]).finally(() =>
      process.exit(130),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let seedflowRoot = args.seedflowRoot;
    let seedflowCommit: string | null = null;
    if (seedflowRoot && args.sections.some((s) => s === 'bus' || s === 'email')) {
      try {
        seedflowCommit = await ensureSeedflowWorktree(repoRoot, seedflowRoot, log);
      } catch (error) {
        log(`seed-flow comparison skipped: ${error instanceof Error ? error.message : String(error)}`);
        seedflowRoot = null;
      }
    } else seedflowRoot = null;
    if (args.sections.some((s) => !['bus', 'timers', 'cron'].includes(s))) await buildApps(repoRoot, log);
    log(`starting Redis, ${process.env.MONGODB_URI ? 'the given MongoDB' : 'FerretDB'} and the SMTP sink`);
    services = await startBenchServices({ repoRoot, mongoUri: process.env.MONGODB_URI || undefined });
    const plan = benchPlan(args.quick);
    if (args.rates) plan.e2e = { ...plan.e2e, rates: args.rates };
    const ctx: BenchContext = {
      repoRoot,
      services,
      plan,
      rounds: args.rounds,
      rss,
      footprint,
      appNodeArgs: args.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${join(args.outDir, 'profiles')}`] : [],
      seedflowRoot,
      log,
    };
    const sections: SectionFigures = {};
    for (const section of args.sections) {
      log(`— ${section} —`);
      if (section === 'api') sections.api = await runApiBench(ctx);
      if (section === 'bus') sections.bus = await runBusBench(ctx);
      if (section === 'email') sections.email = await runEmailBench(ctx);
      if (section === 'e2e') sections.e2e = await runE2eBench(ctx);
      if (section === 'recovery') sections.recovery = await runRecoveryBench(ctx);
      if (section === 'reads') sections.reads = await runReadsBench(ctx);
      if (section === 'webhooks') sections.webhooks = await runWebhooksBench(ctx);
      if (section === 'timers') sections.timers = await runTimersBench(ctx);
      if (section === 'cron') sections.cron = await runCronBench(ctx);
      if (section === 'web') sections.web = await runWebBench(ctx);
    }
    sections.rss = { apiPeakMb: rss.peakMb('api'), workerPeakMb: rss.peakMb('worker') };
    sections.footprint = footprint.figures();

    const meta: RunMeta = {
      label: 'guarantees',
      commit: await commitOf(repoRoot),
      mode: args.quick ? 'quick' : 'full',
      createdAt: startedAt.toISOString(),
      rounds: args.rounds,
      durationSec: (performance.now() - started) / 1000,
      machine: await machineOf(services.mongoKind),
    };
    const results = buildResults(meta, sections);
    const stamp = stampOf(startedAt);
    const written = await writeResultFiles(args.outDir, results, { stamped: stamp, stable: 'latest' });
    let seedflow: BenchResults | null = null;
    if (seedflowCommit) {
      seedflow = seedflowResults({ ...meta, label: 'seed-flow', commit: seedflowCommit }, sections);
      written.push(
        ...(await writeResultFiles(args.outDir, seedflow, {
          stamped: `seedflow-${stamp}`,
          stable: 'seedflow',
        })),
      );
    }
    await formatLikeBiome(repoRoot, written);
    await writeSummary(repoRoot, args.outDir, results, seedflow);
    log(`wrote ${[...written, join(args.outDir, 'latest.md'), join(args.outDir, 'latest.svg')].join(', ')}`);
    const missing = missingKeys(results, args.sections);
    if (missing.length > 0) {
      console.error(`bench: required keys missing or not numeric: ${missing.join(', ')}`);
      return 1;
    }
    log(`all required keys present; done in ${meta.durationSec.toFixed(0)} s`);
    return 0;
  } finally {
    rss.stop();
    await services?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `--redraw`: latest.md and latest.svg again from latest.json (and seedflow.json), e.g. after editing the notes. */
export async function redrawSummary(repoRoot: string, outDir: string): Promise<number> {
  const read = async (name: string) =>
    JSON.parse(await readFile(join(outDir, name), 'utf8').catch(() => 'null')) as BenchResults | null;
  const latest = await read('latest.json');
  if (!latest) {
    console.error(`bench: no latest.json in ${outDir}`);
    return 1;
  }
  await writeSummary(repoRoot, outDir, latest, await read('seedflow.json'));
  console.log(`redrew ${join(outDir, 'latest.md')} and latest.svg`);
  return 0;
}

/** latest.md and latest.svg from the results (also used to redraw them from saved JSON). */
export async function writeSummary(
  repoRoot: string,
  outDir: string,
  results: BenchResults,
  seedflow: BenchResults | null,
) {
  await mkdir(outDir, { recursive: true });
  const bars = targets.flatMap((target) => {
    const figure = results.figures[target.path];
    return figure ? [{ label: target.chartLabel, ...asHigherIsBetter(target, figure) }] : [];
  });
  await writeFile(
    join(outDir, 'latest.svg'),
    ratioChartSvg('fixstream against its comparisons and targets', bars),
  );
  await writeFile(join(outDir, 'latest.md'), resultsMarkdown(results, seedflow, 'latest.svg'));
  await formatLikeBiome(repoRoot, [join(outDir, 'latest.md'), join(outDir, 'latest.svg')]);
}

import type { ApiFigures } from '../api/api-figures.ts';
import type { BusFigures } from '../bus/bus-bench.ts';
import type { E2eFigures } from '../e2e/e2e-bench.ts';
import type { EmailFigures } from '../email/email-bench.ts';
import type { FootprintFigures } from '../proc/app-footprint.ts';
import type { ReadsFigures } from '../reads/reads-bench.ts';
import type { RecoveryFigures } from '../recovery/recovery-bench.ts';
import type { Figure } from '../stats/figure.ts';
import { figureOf } from '../stats/figure.ts';
import type { CronFigures } from '../timers/cron-bench.ts';
import type { TimersFigures } from '../timers/timers-bench.ts';
import type { WebFigures } from '../web/web-bench.ts';
import type { WebhookFigures } from '../webhooks/webhooks-bench.ts';
import { putApiFigures } from './api-results.ts';
import { putReadsFigures } from './reads-results.ts';
import { putTimersFigures } from './timers-results.ts';
import { putWebFigures } from './web-results.ts';
import { putWebhookFigures } from './webhooks-results.ts';

/** What one `pnpm bench` measured, per section (a section left out with --only is absent). */
export interface SectionFigures {
  api?: ApiFigures;
  bus?: BusFigures;
  email?: EmailFigures;
  e2e?: E2eFigures;
  recovery?: RecoveryFigures;
  reads?: ReadsFigures;
  webhooks?: WebhookFigures;
  timers?: TimersFigures;
  cron?: CronFigures;
  web?: WebFigures;
  rss?: { apiPeakMb: number | null; workerPeakMb: number | null };
  footprint?: FootprintFigures;
}

/** Where and how the figures were taken. */
export interface RunMeta {
  label: string;
  commit: string;
  mode: 'full' | 'quick';
  createdAt: string;
  rounds: number;
  durationSec: number;
  machine: { cpus: number; cpuModel: string; node: string; mongo: string; redis: string };
}

/**
 * The results file: every figure's median as a plain number at a stable dotted path (`api.overheadRatio`,
 * `e2e.rate200.p50Ms`, …) for scripts and CI, and under `figures` the same paths with min, max and each run.
 */
export type BenchResults = { meta: RunMeta; figures: Record<string, Figure> } & Record<string, unknown>;

/** Flattens the section figures into the results file. */
export function buildResults(meta: RunMeta, sections: SectionFigures): BenchResults {
  const figures: Record<string, Figure> = {};
  const results: BenchResults = { meta, figures };
  const put = (path: string, figure: Figure | undefined) => {
    if (!figure) return;
    figures[path] = figure;
    setPath(results, path, figure.median);
  };
  const { api, bus, email, e2e, recovery, reads, rss, footprint } = sections;
  if (api) putApiFigures(api, put, (path, value) => setPath(results, path, value));
  if (bus) {
    setPath(results, 'bus.concurrency', bus.concurrency);
    setPath(results, 'bus.eventsPerRound', bus.events);
    for (const [variant, byWorkers] of Object.entries(bus.rates))
      for (const [workers, figure] of Object.entries(byWorkers ?? {}))
        put(`bus.eventsPerSec.${variant}.${workers}`, figure);
    put('bus.xaddCeilingPerSec', bus.xaddCeilingPerSec);
    put('bus.ratioVsBullmq', bus.ratioVsBullmq);
    put('bus.ratioVsBullmqWorkers3', bus.ratioVsBullmqWorkers3);
    put('bus.streamOnlyRatioVsBullmq', bus.streamOnlyRatioVsBullmq);
    put('bus.mongoRoundTripsPerEvent', bus.mongoRoundTripsPerEvent);
    put('bus.redisRoundTripsPerEvent', bus.redisRoundTripsPerEvent);
  }
  if (email) {
    setPath(results, 'email.mailsPerRound', email.mails);
    setPath(results, 'email.concurrency', email.concurrency);
    setPath(results, 'email.poolSize', email.poolSize);
    for (const [variant, figure] of Object.entries(email.rates)) put(`email.mailsPerSec.${variant}`, figure);
    put('email.ratioVsLimit', email.ratioVsLimit);
    put('email.ratioVsBullmq', email.ratioVsBullmq);
  }
  if (e2e) {
    put('e2e.capacityRps', e2e.capacityRps);
    for (const [key, rate] of Object.entries(e2e.rounds)) {
      if (!rate) continue;
      setPath(results, `e2e.${key}.rate`, rate.rate);
      setPath(results, `e2e.${key}.requestsPerRound`, rate.requests);
      put(`e2e.${key}.p50Ms`, rate.p50Ms);
      put(`e2e.${key}.p95Ms`, rate.p95Ms);
      put(`e2e.${key}.p99Ms`, rate.p99Ms);
      put(`e2e.${key}.apiP50Ms`, rate.apiP50Ms);
    }
  }
  if (recovery) {
    setPath(results, 'recovery.requestsPerRound', recovery.requests);
    setPath(results, 'recovery.sinkRecipientDelayMs', recovery.sinkDelays.recipientMs);
    setPath(results, 'recovery.sinkDataDelayMs', recovery.sinkDelays.dataMs);
    put('recovery.sigkillToAllMailedS', recovery.sigkillToAllMailedS);
    put('recovery.repeatedMails', recovery.repeatedMails);
  }
  if (reads) putReadsFigures(reads, put, (path, value) => setPath(results, path, value));
  if (sections.webhooks)
    putWebhookFigures(sections.webhooks, put, (path, value) => setPath(results, path, value));
  putTimersFigures(sections.timers, sections.cron, put, (path, value) => setPath(results, path, value));
  if (sections.web) putWebFigures(sections.web, put, (path, value) => setPath(results, path, value));
  if (rss) {
    const peak = (path: string, mb: number | null) =>
      mb === null ? setPath(results, path, null) : put(path, figureOf([mb], 'MiB'));
    peak('rss.apiPeakMb', rss.apiPeakMb);
    peak('rss.workerPeakMb', rss.workerPeakMb);
  }
  if (footprint) {
    put('rss.apiIdleMb', footprint.apiIdleMb);
    put('rss.workerIdleMb', footprint.workerIdleMb);
    put('startup.apiReadyMs', footprint.apiReadyMs);
    put('startup.workerReadyMs', footprint.workerReadyMs);
  }
  return results;
}

/** Sets `a.b.c` in a nested plain object, creating the objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
}

/** Reads `a.b.c` from a nested plain object. */
export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

import type { Figure } from '../stats/figure.ts';
import { alignTables } from './align-tables.ts';
import { apiMarkdown } from './api-table.ts';
import type { BenchResults } from './bench-results.ts';
import { boundsNotes } from './bounds-notes.ts';
import { jobsMarkdown } from './jobs-table.ts';
import { readsMarkdown } from './reads-table.ts';
import { targetMet, targets } from './targets.ts';
import { timersMarkdown } from './timers-table.ts';
import { webMarkdown } from './web-table.ts';
import { webhooksMarkdown } from './webhooks-table.ts';

/** "median (min–max) unit" for a figure, or "—" when it was not measured. */
export function showFigure(figure: Figure | undefined, digits = 1): string {
  if (!figure) return '—';
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(digits));
  return `${f(figure.median)} (${f(figure.min)}–${f(figure.max)})`;
}

/**
 * latest.md: the targets first (met or not), then every figure with its spread, the seed-flow comparison, the
 * chart, what bounds each figure and how to reproduce it.
 */
export function resultsMarkdown(
  latest: BenchResults,
  seedflow: BenchResults | null,
  chartFile: string,
): string {
  const fig = (path: string) => latest.figures[path];
  const sf = (path: string) => seedflow?.figures[path];
  const m = latest.meta;
  const lines: string[] = [
    '# fixstream benchmark',
    '',
    `${m.mode === 'quick' ? '**Quick run (harness check, figures not meaningful).** ' : ''}Measured ${m.createdAt} on ${m.machine.cpus} × ${m.machine.cpuModel}, Node ${m.machine.node}, ${m.machine.mongo}, Redis ${m.machine.redis}; commit \`${m.commit}\` (${m.label}). Each figure is the median of ${m.rounds} rounds, min–max in brackets; the whole run took ${Math.round(m.durationSec)} s. API, worker, FerretDB, Redis, the SMTP sink and the load generator all share the 2 cores.`,
    '',
    `![Where fixstream stands against each comparison](${chartFile})`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...targets.map((target) => {
      const figure = fig(target.path);
      const met = targetMet(target, figure);
      const digits = figure && Math.abs(figure.median) < 0.1 ? 3 : 2;
      return `| ${target.label} | ${showFigure(figure, digits)} | ${met === null ? '—' : met ? 'yes' : '**no**'} |`;
    }),
    '',
    ...apiMarkdown(latest),
    '## Bus: publish → consumer group → no-op → ack',
    '',
    `${String((latest.bus as { eventsPerRound?: number } | undefined)?.eventsPerRound ?? '—')} events per round, published while the consumers run; ${String((latest.bus as { concurrency?: number } | undefined)?.concurrency ?? '—')} runs in flight per process on every side.`,
    '',
    '| events/s | 1 worker process | 3 worker processes |',
    '| --- | --- | --- |',
    `| fixstream runtime, MongoDB ledger (what ships) | ${showFigure(fig('bus.eventsPerSec.ours.workers1'))} | ${showFigure(fig('bus.eventsPerSec.ours.workers3'))} |`,
    `| fixstream runtime, no durable ledger (stream only) | ${showFigure(fig('bus.eventsPerSec.streamOnly.workers1'))} | ${showFigure(fig('bus.eventsPerSec.streamOnly.workers3'))} |`,
    `| seed-flow runtime (${seedflow ? seedflow.meta.commit : 'not measured'}) | ${showFigure(fig('bus.eventsPerSec.seedflow.workers1'))} | ${showFigure(fig('bus.eventsPerSec.seedflow.workers3'))} |`,
    `| BullMQ 6.7 (Queue.add + Worker, no-op) | ${showFigure(fig('bus.eventsPerSec.bullmq.workers1'))} | ${showFigure(fig('bus.eventsPerSec.bullmq.workers3'))} |`,
    `| bare consumer group (XREADGROUP + zod + XACK) | ${showFigure(fig('bus.eventsPerSec.bareGroup.workers1'))} | — |`,
    `| raw pipelined XADD, nobody reading | ${showFigure(fig('bus.xaddCeilingPerSec'))} | — |`,
    '',
    `\`bus.ratioVsBullmq\` ${showFigure(fig('bus.ratioVsBullmq'), 2)} (3 workers: ${showFigure(fig('bus.ratioVsBullmqWorkers3'), 2)}); stream only vs BullMQ ${showFigure(fig('bus.streamOnlyRatioVsBullmq'), 2)}.`,
    '',
    `Round trips per event on the worker's hot path (fixstream runtime with the MongoDB ledger, 1 process; counted, not timed, inside the worker over each measured round, relay and heartbeats included): MongoDB ${showFigure(fig('bus.mongoRoundTripsPerEvent'), 3)} (driver command events, handshakes and pings left out), Redis ${showFigure(fig('bus.redisRoundTripsPerEvent'), 3)} (commands on every connection of the process, a pipeline or MULTI counted once).`,
    '',
    '## Email pipeline',
    '',
    `${String((latest.email as { mailsPerRound?: number } | undefined)?.mailsPerRound ?? '—')} mails per round, concurrency ${String((latest.email as { concurrency?: number } | undefined)?.concurrency ?? '—')}, SMTP pool ${String((latest.email as { poolSize?: number } | undefined)?.poolSize ?? '—')}, all to the dev SMTP sink (smtp-server + mailparser, own process).`,
    '',
    '| mails/s | |',
    '| --- | --- |',
    `| worker (load request, render HTML + text, pooled SMTP, ledger) | ${showFigure(fig('email.mailsPerSec.worker'))} |`,
    `| same handler under BullMQ | ${showFigure(fig('email.mailsPerSec.bullmq'))} |`,
    `| seed-flow worker | ${showFigure(fig('email.mailsPerSec.seedflow'))} |`,
    `| limit: render + send in a loop, no queue, no database | ${showFigure(fig('email.mailsPerSec.limit'))} |`,
    '',
    `\`email.ratioVsLimit\` ${showFigure(fig('email.ratioVsLimit'), 2)}, \`email.ratioVsBullmq\` ${showFigure(fig('email.ratioVsBullmq'), 2)}.`,
    '',
    '## End to end: `requests.create` answer → mail accepted by the sink',
    '',
    '| arrival rate | p50 ms | p95 ms | p99 ms | API answer p50 ms |',
    '| --- | --- | --- | --- | --- |',
    ...['rate50', 'rate200', 'halfCapacity'].map(
      (key) =>
        `| ${rateLabel(latest, key)} | ${showFigure(fig(`e2e.${key}.p50Ms`))} | ${showFigure(fig(`e2e.${key}.p95Ms`))} | ${showFigure(fig(`e2e.${key}.p99Ms`))} | ${showFigure(fig(`e2e.${key}.apiP50Ms`))} |`,
    ),
    '',
    `Capacity, measured once before the rounds: ${fig('e2e.capacityRps')?.median.toFixed(1) ?? '—'} requests/s answered and mailed (a closed-loop burst of back-to-back \`requests.create\` calls; mails accepted per second once the burst is steady). Half capacity runs at half of it.`,
    '',
    '## Recovery after SIGKILL',
    '',
    `${String(getNumber(latest, 'recovery', 'requestsPerRound') ?? '—')} requests per round through the API; the worker (default settings) is SIGKILLed once some of their mails have arrived, and a new worker is started at once. The sink holds its reply to each RCPT TO ${String(getNumber(latest, 'recovery', 'sinkRecipientDelayMs') ?? '—')} ms and to each body ${String(getNumber(latest, 'recovery', 'sinkDataDelayMs') ?? '—')} ms, so at the kill some mails are not yet with it (whoever takes the run over sends them) and some are (those go out twice).`,
    '',
    '| | |',
    '| --- | --- |',
    `| seconds from the SIGKILL until every request has its mail | ${showFigure(fig('recovery.sigkillToAllMailedS'), 2)} |`,
    `| requests mailed more than once (at least once delivery; informational) | ${showFigure(fig('recovery.repeatedMails'), 0)} |`,
    '',
    ...readsMarkdown(latest),
    ...jobsMarkdown(latest),
    ...webhooksMarkdown(latest),
    ...timersMarkdown(latest),
    ...webMarkdown(latest),
    '## Memory',
    '',
    "The compiled apps (`pnpm build`, then `node apps/<app>/dist/main.js`, no loader), each started fresh. Startup: from spawn until the API's `/readyz` answers 200 (MongoDB and Redis answer) or the worker logs `worker running` (its groups exist and it reads). Idle: RSS 3 s after that, before any load. Peak: the kernel's high-water mark (VmHWM) of every process of that app over every round it ran in.",
    '',
    '| | startup to ready ms | idle RSS MiB | peak RSS MiB |',
    '| --- | --- | --- | --- |',
    `| API | ${showFigure(fig('startup.apiReadyMs'), 0)} | ${showFigure(fig('rss.apiIdleMb'))} | ${showFigure(fig('rss.apiPeakMb'))} |`,
    `| worker | ${showFigure(fig('startup.workerReadyMs'), 0)} | ${showFigure(fig('rss.workerIdleMb'))} | ${showFigure(fig('rss.workerPeakMb'))} |`,
    '',
  ];
  if (seedflow) {
    lines.push(
      '## Seed flow → guarantees',
      '',
      `The seed-flow build (commit \`${seedflow.meta.commit}\`: first runtime, no ledger, no retries, no relay) measured in the same run, on the same services, in alternating rounds (\`seedflow.json\`).`,
      '',
      '| | seed flow | guarantees (now) | now / seed flow |',
      '| --- | --- | --- | --- |',
      ...(
        [
          ['bus events/s, 1 worker', 'bus.eventsPerSec.ours.workers1'],
          ['bus events/s, 3 workers', 'bus.eventsPerSec.ours.workers3'],
          ['email mails/s (worker)', 'email.mailsPerSec.worker'],
        ] as const
      ).map(([label, path]) => {
        const before = sf(path);
        const after = fig(path);
        const change = before && after ? `${(after.median / before.median).toFixed(2)}×` : '—';
        return `| ${label} | ${showFigure(before)} | ${showFigure(after)} | ${change} |`;
      }),
      '',
    );
  }
  lines.push(...boundsNotes(latest), '');
  return alignTables(lines.join('\n'));
}

/** "50/s" for a fixed rate, "half capacity (N/s)" for the measured one. */
function rateLabel(results: BenchResults, key: string): string {
  const rate = (results.e2e as Record<string, { rate?: unknown }> | undefined)?.[key]?.rate;
  const perSec = typeof rate === 'number' ? `${rate}/s` : key.startsWith('rate') ? `${key.slice(4)}/s` : '—';
  return key === 'halfCapacity' ? `half capacity (${perSec})` : perSec;
}

function getNumber(results: BenchResults, section: string, key: string): number | null {
  const value = (results[section] as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'number' ? value : null;
}

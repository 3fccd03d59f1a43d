import { jobDefaultHours, jobQueries, reportPeriodDays } from '../reads/job-queries.ts';
import { type BenchResults, getPath } from './bench-results.ts';
import { latencyCell } from './reads-table.ts';

const count = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : '—');

/**
 * The background jobs' queries under the list table of "Reads as history grows": one row per query, p50 / p99
 * and the rows it found at each size, so a job query that grows with the history (or with the other companies)
 * shows beside the lists that do not. Empty when the run has no job figures (runs before they were measured).
 */
export function jobsMarkdown(results: BenchResults): string[] {
  const jobs = (getPath(results, 'reads.jobs') as Record<string, Record<string, unknown>> | undefined) ?? {};
  const steps = Object.keys((getPath(results, 'reads.steps') as Record<string, unknown> | undefined) ?? {});
  const sizes = steps.filter((size) => Object.values(jobs).some((bySize) => size in bySize));
  if (sizes.length === 0) return [];
  const fig = (path: string) => results.figures[path];
  const labelOf = (name: string) => jobQueries.find((query) => query.name === name)?.label ?? `\`${name}\``;
  const samples = Object.keys(jobs).flatMap((name) =>
    sizes.map((size) => getPath(results, `reads.jobs.${name}.${size}.samples`)),
  );
  const counts = samples.filter((value): value is number => typeof value === 'number');
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return [
    '### Background-job queries',
    '',
    `The background jobs' queries (\`packages/db/src/queries/\`), timed straight against the same database before each step's list shapes (the jobs call no API), at the fill's "now": the first page of 20 of the measured company's overdue requests (unscheduled deadlines ${jobDefaultHours.join(' / ')} h for priority 0–3), the escalation job's whole sweep (every page of 100 of every company, one after another), the report's overdue count and most late requests, equipment due for preventive work by now across companies, and the measured company's figures for the last ${reportPeriodDays} days. Cells are p50 / p99 in ms (${low === high ? low : `${low}–${high}`} calls each, fewer once a query has used up its time budget), then the rows its answer listed (for the sweep, all its pages' rows; for \`periodFigures\`, the period's closes).`,
    '',
    `| job query | ${sizes.join(' | ')} |`,
    `| --- | ${sizes.map(() => '---').join(' | ')} |`,
    ...Object.keys(jobs).map((name) => {
      const cells = sizes.map((size) => {
        const latency = latencyCell(
          fig(`reads.jobs.${name}.${size}.p50Ms`),
          fig(`reads.jobs.${name}.${size}.p99Ms`),
        );
        const rows = getPath(results, `reads.jobRows.${name}.${size}`);
        return latency === '—' ? latency : `${latency} (${count(rows)} rows)`;
      });
      return `| ${labelOf(name)} | ${cells.join(' | ')} |`;
    }),
    '',
  ];
}

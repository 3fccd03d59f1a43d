import { companyRoster } from '../reads/company-data.ts';
import { openWorkMix } from '../reads/open-work.ts';
import { preventiveDueShare } from '../reads/preventive-dates.ts';
import { readShapes } from '../reads/read-shapes.ts';
import type { Figure } from '../stats/figure.ts';
import { type BenchResults, getPath } from './bench-results.ts';

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const count = (value: unknown) => Number(value).toLocaleString('en-US');
const othersOf = (value: unknown) => (value === 1 ? '1 other company' : `${String(value)} other companies`);

/** "p50 / p99" of one shape at one size, or "—" when it was not measured. */
export function latencyCell(p50: Figure | undefined, p99: Figure | undefined): string {
  return p50 && p99 ? `${ms(p50.median)} / ${ms(p99.median)}` : '—';
}

/** The sizes measured under `prefix` (`reads.shapes` or `reads.unpatched`), in the order of the steps. */
function sizesUnder(results: BenchResults, prefix: string): string[] {
  const steps = Object.keys((getPath(results, 'reads.steps') as Record<string, unknown> | undefined) ?? {});
  const shapes = (getPath(results, prefix) as Record<string, Record<string, unknown>> | undefined) ?? {};
  return steps.filter((size) => Object.values(shapes).some((sizes) => size in sizes));
}

/** "200" or "3–30": how many calls per shape the cells under `prefix` pooled. */
function sampleRange(results: BenchResults, prefix: string, sizes: readonly string[]): string {
  const shapes = Object.keys((getPath(results, prefix) as Record<string, unknown> | undefined) ?? {});
  const counts = shapes
    .flatMap((name) => sizes.map((size) => getPath(results, `${prefix}.${name}.${size}.samples`)))
    .filter((value): value is number => typeof value === 'number');
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? String(low) : `${low}–${high}`;
}

/**
 * The "Reads as history grows" section of latest.md: one row per shape, p50 / p99 at each size on the bench's
 * FerretDB, then on FerretDB built without the index-pushdown patch, and how much the median grew from the smallest
 * to the largest size. Empty when the run measured no reads.
 */
export function readsMarkdown(results: BenchResults): string[] {
  const fig = (path: string) => results.figures[path];
  const sizes = sizesUnder(results, 'reads.shapes');
  if (sizes.length === 0) return [];
  const disabledSizes = sizesUnder(results, 'reads.unpatched');
  const [first, last] = [sizes[0] as string, sizes.at(-1) as string];
  const step = (size: string, key: string) => getPath(results, `reads.steps.${size}.${key}`);
  const names = Object.keys(getPath(results, 'reads.shapes') as Record<string, unknown>);
  const labelOf = (name: string) => readShapes.find((shape) => shape.name === name)?.label ?? `\`${name}\``;
  const growth = (name: string) => {
    const [from, to] = [
      fig(`reads.shapes.${name}.${first}.p50Ms`),
      fig(`reads.shapes.${name}.${last}.p50Ms`),
    ];
    return from && to && from.median > 0 ? `${(to.median / from.median).toFixed(1)}×` : '—';
  };
  const cell = (prefix: string, name: string, size: string) =>
    latencyCell(fig(`${prefix}.${name}.${size}.p50Ms`), fig(`${prefix}.${name}.${size}.p99Ms`));
  const columns = [...sizes, ...disabledSizes.map((size) => `${size}, before the pushdown patch`)];
  const r = companyRoster;
  return [
    '## Reads as history grows',
    '',
    `One company (${r.admins} admin, ${r.managers} managers, ${r.technicians} technicians, ${r.employees} employees, ${r.teams} teams, ${r.equipment} equipment) filled with ${sizes.map((size) => count(step(size, 'requests'))).join(', then ')} requests spread over two years (2 % new, 2 % in progress, the rest repaired or scrap; about half scheduled; the open ones scheduled ${openWorkMix.aheadDays.join('–')} days ahead but for ${openWorkMix.overdueShare * 100} % of them, which are overdue; ${preventiveDueShare * 100} % of the equipment with a preventive interval due), by \`insertMany\` once the models' indexes exist; at the largest size other companies of as many requests share the collection. After each step every shape is called through the compiled API over HTTP, 20 a page, signed in as a manager, a technician (member of two teams) and an employee of that company, one call at a time and the shapes in turn. Cells are p50 / p99 in ms over all the calls of a shape (${sampleRange(results, 'reads.shapes', sizes)} per shape).`,
    '',
    ...(disabledSizes.length
      ? [
          `"Before the pushdown patch": the same API on FerretDB built from the same sources without \`index-pushdown.patch\` (the build this project ran before it), at ${disabledSizes.join(' and ')} (${sampleRange(results, 'reads.unpatched', disabledSizes)} calls per shape, fewer once a shape has used up its time budget): it reads only \`_id\` lookups from an index, and filters, sorts and counts in Go.`,
          '',
        ]
      : []),
    `| shape | ${columns.join(' | ')} | p50 growth ${first} → ${last} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} | --- |`,
    ...names.map((name) => {
      const cells = [
        ...sizes.map((size) => cell('reads.shapes', name, size)),
        ...disabledSizes.map((size) => cell('reads.unpatched', name, size)),
      ];
      return `| ${labelOf(name)} | ${cells.join(' | ')} | ${growth(name)} |`;
    }),
    '',
    `Filling: ${sizes.map((size) => `${size}, ${count(step(size, 'requestsInCollection'))} requests in the collection (${othersOf(step(size, 'otherCompanies'))}), ${String(step(size, 'fillSec'))} s`).join('; ')}.`,
    '',
  ];
}

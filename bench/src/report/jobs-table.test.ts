import { describe, expect, it } from 'vitest';
import type { ReadsFigures } from '../reads/reads-bench.ts';
import { shapeLatency } from '../reads/shape-latency.ts';
import { buildResults, type RunMeta } from './bench-results.ts';
import { jobsMarkdown } from './jobs-table.ts';
import { slowestP99 } from './reads-results.ts';

const meta: RunMeta = {
  label: 'test',
  commit: 'abc',
  mode: 'quick',
  createdAt: '2026-01-01T00:00:00.000Z',
  rounds: 1,
  durationSec: 1,
  machine: { cpus: 2, cpuModel: 'cpu', node: 'v22', mongo: 'ferretdb', redis: '7' },
};

/** `count` samples of 1..count ms times `scale`. */
const latency = (scale: number, count = 100) =>
  shapeLatency(Array.from({ length: count }, (_, i) => (i + 1) * scale));

const step = (size: string, requests: number) => ({
  size,
  requests,
  otherCompanies: 0,
  requestsInCollection: requests,
  fillSec: 1,
});

const reads: ReadsFigures = {
  steps: [step('1k', 1_000), step('10k', 10_000)],
  shapes: { listDefault: { '1k': latency(0.1), '10k': latency(0.1) } },
  unpatched: null,
  jobs: {
    overdueCompany: { '1k': latency(0.02), '10k': latency(0.05, 20) },
    periodFigures: { '1k': latency(0.1) },
  },
  jobRows: { overdueCompany: { '1k': 3, '10k': 1_234 }, periodFigures: { '1k': 9 } },
};

describe('jobsMarkdown', () => {
  const lines = jobsMarkdown(buildResults(meta, { reads }));
  const table = lines.filter((line) => line.startsWith('|'));

  it('has a column per size the job queries were measured at', () => {
    expect(table[0]).toBe('| job query | 1k | 10k |');
    expect(table[1]).toBe('| --- | --- | --- |');
  });

  it('shows p50 / p99 and the rows found per cell, and a dash where a query was not measured', () => {
    expect(table[2]).toBe(
      '| `findOverdueRequests`, a page of 20 of the measured company | 1.0 / 2.0 (3 rows) | 0.5 / 1.0 (1,234 rows) |',
    );
    expect(table[3]).toBe("| `periodFigures`, the measured company's last 7 days | 5.0 / 9.9 (9 rows) | — |");
  });

  it('says how many calls each cell pooled', () => {
    expect(lines.join('\n')).toContain('(20–100 calls each');
  });

  it('is empty for results without job figures', () => {
    expect(jobsMarkdown(buildResults(meta, {}))).toEqual([]);
  });
});

describe('slowestP99', () => {
  it('picks the largest p99 at the size, whichever query it was', () => {
    expect(slowestP99(reads.jobs, '1k')?.median).toBe(9.9);
    expect(slowestP99(reads.jobs, '10k')?.median).toBe(1);
    expect(slowestP99(reads.jobs, '100k')).toBeUndefined();
  });
});

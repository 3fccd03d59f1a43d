import { describe, expect, it } from 'vitest';
import type { ReadsFigures } from '../reads/reads-bench.ts';
import { shapeLatency } from '../reads/shape-latency.ts';
import { buildResults, type RunMeta } from './bench-results.ts';
import { readsMarkdown } from './reads-table.ts';
import { missingKeys } from './required-keys.ts';

const meta = (mode: RunMeta['mode']): RunMeta => ({
  label: 'test',
  commit: 'abc',
  mode,
  createdAt: '2026-01-01T00:00:00.000Z',
  rounds: 3,
  durationSec: 1,
  machine: { cpus: 2, cpuModel: 'cpu', node: 'v22', mongo: 'ferretdb', redis: '7' },
});

/** 100 samples of 1..100 ms times `scale`: p50 = 50 × scale, p99 = 99 × scale. */
const latency = (scale: number) => shapeLatency(Array.from({ length: 100 }, (_, i) => (i + 1) * scale));

const step = (size: string, requests: number, otherCompanies = 0) => ({
  size,
  requests,
  otherCompanies,
  requestsInCollection: requests * (otherCompanies + 1),
  fillSec: 1.5,
});

const fullRun: ReadsFigures = {
  steps: [step('1k', 1_000), step('10k', 10_000), step('100k', 100_000, 9)],
  shapes: {
    listDefault: { '1k': latency(0.1), '10k': latency(0.1), '100k': latency(0.2) },
    stats: { '1k': latency(0.05), '10k': latency(0.05), '100k': latency(0.05) },
  },
  unpatched: {
    listDefault: { '1k': latency(1), '10k': latency(10) },
    stats: { '1k': latency(0.05) },
  },
  jobs: {
    overdueCompany: { '1k': latency(0.02), '10k': latency(0.05), '100k': latency(0.5) },
    preventiveDue: { '1k': latency(0.01), '10k': latency(0.01), '100k': latency(0.6) },
  },
  jobRows: { overdueCompany: { '1k': 3, '10k': 30, '100k': 3_000 }, preventiveDue: { '1k': 5, '100k': 45 } },
};

describe('read results', () => {
  it('puts the headline keys, and one key per shape and size on each server', () => {
    const results = buildResults(meta('full'), { reads: fullRun });
    expect(results.reads).toMatchObject({
      list100k: { p50Ms: 10, p99Ms: 19.8 },
      stats100k: { p50Ms: 2.5 },
      jobs100k: { maxP99Ms: 59.4 },
      jobs: { overdueCompany: { '100k': { p50Ms: 25, p99Ms: 49.5, samples: 100 } } },
      jobRows: { overdueCompany: { '100k': 3_000 }, preventiveDue: { '1k': 5 } },
      shapes: { listDefault: { '1k': { p50Ms: 5, p99Ms: 9.9, samples: 100 } } },
      unpatched: { listDefault: { '10k': { p50Ms: 500, p99Ms: 990 } } },
      steps: { '100k': { requestsInCollection: 1_000_000, otherCompanies: 9 } },
    });
    expect(missingKeys(results, ['reads'])).toEqual([]);
  });

  it('asks a quick run, which stops at 10k, for the 10k keys instead of the 100k ones', () => {
    const quick: ReadsFigures = {
      ...fullRun,
      steps: fullRun.steps.slice(0, 2),
      shapes: {
        listDefault: { '1k': latency(0.1), '10k': latency(0.1) },
        stats: { '1k': latency(0.05), '10k': latency(0.05) },
      },
      jobs: { overdueCompany: { '1k': latency(0.02), '10k': latency(0.05) } },
    };
    expect(missingKeys(buildResults(meta('quick'), { reads: quick }), ['reads'])).toEqual([]);
    expect(missingKeys(buildResults(meta('full'), { reads: quick }), ['reads'])).toEqual([
      'reads.list100k.p50Ms',
      'reads.list100k.p99Ms',
      'reads.stats100k.p50Ms',
      'reads.jobs100k.maxP99Ms',
    ]);
  });
});

describe('readsMarkdown', () => {
  const lines = readsMarkdown(buildResults(meta('full'), { reads: fullRun }));
  const table = lines.filter((line) => line.startsWith('|'));

  it('has a column per size, then per size without pushdown, then the growth of the median', () => {
    expect(table[0]).toBe(
      '| shape | 1k | 10k | 100k | 1k, before the pushdown patch | 10k, before the pushdown patch | p50 growth 1k → 100k |',
    );
    expect(table[1]).toBe('| --- | --- | --- | --- | --- | --- | --- |');
  });

  it('shows p50 / p99 per cell, a dash where a shape was not measured, and the growth from first to last size', () => {
    expect(table[2]).toBe(
      '| `requests.list` (manager, newest first) | 5.0 / 9.9 | 5.0 / 9.9 | 10.0 / 19.8 | 50.0 / 99.0 | 500 / 990 | 2.0× |',
    );
    expect(table[3]).toBe(
      '| `requests.stats` (manager), from the cache | 2.5 / 5.0 | 2.5 / 5.0 | 2.5 / 5.0 | 2.5 / 5.0 | — | 1.0× |',
    );
  });

  it('says how many calls each cell pooled and how each step was filled', () => {
    const text = lines.join('\n');
    expect(text).toContain('(100 per shape)');
    expect(text).toContain('filled with 1,000, then 10,000, then 100,000 requests');
    expect(text).toContain('100k, 1,000,000 requests in the collection (9 other companies), 1.5 s');
  });

  it('is empty for a run without reads', () => {
    expect(readsMarkdown(buildResults(meta('full'), {}))).toEqual([]);
  });
});

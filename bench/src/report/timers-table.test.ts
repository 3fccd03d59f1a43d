import { describe, expect, it } from 'vitest';
import type { BenchResults } from './bench-results.ts';
import { timersMarkdown } from './timers-table.ts';

const meta = {} as BenchResults['meta'];

describe('timersMarkdown', () => {
  it('writes nothing when neither section ran', () => {
    expect(timersMarkdown({ meta, figures: {} })).toEqual([]);
  });

  it('shows the lag, the counts and the runs per worker', () => {
    const results: BenchResults = {
      meta,
      figures: {},
      timers: {
        scheduled: 10,
        fired: 10,
        duplicates: 0,
        missing: 0,
        lagP50Ms: 40,
        lagP99Ms: 120,
        lagMaxMs: 130,
      },
      cron: { ticks: 5, expected: 5, duplicates: 0, perWorker: { a: 2, b: 3 } },
    };
    const text = timersMarkdown(results).join('\n');
    expect(text).toContain('| lag p50 / p99 / max ms | 40 / 120 / 130 |');
    expect(text).toContain('| fired / scheduled (each once) | 10 / 10 (0 twice, 0 missing) |');
    expect(text).toContain('| runs per worker | a 2, b 3 |');
  });
});

import { describe, expect, it } from 'vitest';
import { cronSummary, lagSummary, spreadWakeTimes, startPeakEnd } from './timer-stats.ts';

describe('spreadWakeTimes', () => {
  it('spreads evenly from the start, within the window', () => {
    expect(spreadWakeTimes(4, 1_000, 60_000)).toEqual([1_000, 16_000, 31_000, 46_000]);
  });
});

describe('lagSummary', () => {
  it('counts each run once, reports duplicates and missing runs', () => {
    const summary = lagSummary(['0 10', '1 20', '1 900', '2 30'], 4);
    expect(summary).toMatchObject({ scheduled: 4, fired: 3, duplicates: 1, missing: 1, lagMaxMs: 30 });
    expect(summary.lagP50Ms).toBe(20);
  });
});

describe('cronSummary', () => {
  it('counts ticks in the window once each, by worker, with their delay', () => {
    const lines = ['1000 1050 w1', '2000 2100 w2', '2000 2200 w3', '3000 3020 w1', '4000 4001 w2'];
    const summary = cronSummary(lines, { fromMs: 1_000, toMs: 3_000 }, ['w1', 'w2', 'w3']);
    expect(summary).toEqual({
      expected: 3,
      ticks: 3,
      duplicates: 1,
      delayP50Ms: 50,
      delayP99Ms: 100,
      perWorker: { w1: 2, w2: 1, w3: 0 },
    });
  });
});

describe('startPeakEnd', () => {
  it('takes the first, highest and last sample', () => {
    expect(startPeakEnd([50, 80, 60])).toEqual({ startMb: 50, peakMb: 80, endMb: 60 });
  });
});

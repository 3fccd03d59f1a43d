import { describe, expect, it } from 'vitest';
import { figureOf } from '../stats/figure.ts';
import type { WebFigures } from '../web/web-bench.ts';
import { buildResults, type RunMeta } from './bench-results.ts';
import { resultsMarkdown } from './markdown.ts';
import { missingKeys } from './required-keys.ts';
import { targetMet, targets } from './targets.ts';
import { webMarkdown } from './web-table.ts';

const ms = (...runs: number[]) => figureOf(runs, 'ms');
const web = (requestsInserted: number): WebFigures => ({
  initialJsKb: figureOf([120.9], 'kB'),
  board: {
    requestsInserted,
    requestsOnBoard: requestsInserted + 1,
    columnPageSize: 50,
    renderMs: ms(900, 1_100, 1_000),
    cardsRendered: figureOf([200, 200, 200], 'cards'),
    longTasks: figureOf([2, 3, 4], 'tasks'),
    totalBlockingMs: ms(80, 120, 100),
    longestTaskMs: ms(90, 110, 100),
    loadBlockingMs: ms(60, 90, 70),
    interactionBlockingMs: ms(20, 30, 30),
  },
});
const meta = (mode: RunMeta['mode']) => ({ mode }) as RunMeta;

describe('web figures in the results', () => {
  it('puts the board under the size the run added, with the keys the full run requires and both targets', () => {
    const results = buildResults(meta('full'), { web: web(1_000) });
    expect(results.figures['web.initialJsKb']?.median).toBe(120.9);
    expect(results.figures['web.board1000.renderMs']?.median).toBe(1_000);
    expect(results.figures['web.board1000.totalBlockingMs']).toMatchObject({
      median: 100,
      min: 80,
      max: 120,
    });
    expect(missingKeys(results, ['web'])).toEqual([]);
    const met = (path: string) => {
      const target = targets.find((candidate) => candidate.path === path);
      return target ? targetMet(target, results.figures[path]) : 'no target';
    };
    expect(met('web.initialJsKb')).toBe(true);
    expect(met('web.board1000.totalBlockingMs')).toBe(true);
  });

  it("requires the quick run's smaller board, and never reads it as the budget's 1,000", () => {
    const quick = buildResults(meta('quick'), { web: web(200) });
    expect(missingKeys(quick, ['web'])).toEqual([]);
    expect(quick.figures['web.board1000.totalBlockingMs']).toBeUndefined();
    expect(missingKeys(buildResults(meta('full'), { web: web(200) }), ['web'])).toContain(
      'web.board1000.renderMs',
    );
  });

  it('draws the Web section with the board row, and nothing when the section did not run', () => {
    const results = buildResults(meta('full'), { web: web(1_000) });
    const text = webMarkdown(results).join('\n');
    expect(text).toContain('| initial JS, kB gzipped (budget 250) | 121 (121–121) |');
    expect(text).toContain(
      '| 1000 added | 1001 | 200 (200–200) | 1000 (900–1100) | 3 (2–4) | 100 (90–110) | 70 (60–90) | 30 (20–30) | 100 (80–120) |',
    );
    expect(
      resultsMarkdown({ ...results, meta: { ...results.meta, machine: {} } } as never, null, 'c.svg'),
    ).toContain('| Board with 1,000 requests: total blocking time ≤ 200 ms');
    expect(webMarkdown(buildResults(meta('full'), {}))).toEqual([]);
  });
});

/** One reported number: the median of several runs, with their spread and the runs themselves. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number[];
  unit: string;
}

/** Median, min and max of the runs (which must not be empty); values are rounded for reading, not for math. */
export function figureOf(runs: readonly number[], unit: string): Figure {
  if (runs.length === 0) throw new Error('a figure needs at least one run');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median: round(median),
    min: round(sorted[0] as number),
    max: round(sorted.at(-1) as number),
    runs: runs.map(round),
    unit,
  };
}

/** Per-round ratios a/b: rounds alternate the two sides, so pairing them cancels most of the machine's drift. */
export function ratioFigure(numerators: readonly number[], denominators: readonly number[]): Figure {
  const ratios = numerators.map((value, i) => value / (denominators[i] ?? Number.NaN));
  return figureOf(ratios, 'ratio');
}

/**
 * Per-round cost in percent, `100 × (1 - with / without)`: the share of throughput lost to what `with` adds,
 * paired by round as in `ratioFigure`. Negative when the round's noise outweighed the cost.
 */
export function costPctFigure(withIt: readonly number[], without: readonly number[]): Figure {
  return figureOf(
    withIt.map((value, i) => 100 * (1 - value / (without[i] ?? Number.NaN))),
    '%',
  );
}

/** Three significant digits past the decimal point where it matters, fewer for large numbers. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

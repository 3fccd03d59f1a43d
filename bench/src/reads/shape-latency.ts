import { type Figure, figureOf } from '../stats/figure.ts';
import { percentile } from '../stats/percentiles.ts';

/** One shape at one size: its median and 99th percentile over every sample, and how many samples there were. */
export interface ShapeLatency {
  p50Ms: Figure;
  p99Ms: Figure;
  samples: number;
}

/**
 * Percentiles over all samples pooled (a p99 needs every sample, not the median of small rounds), each as a
 * figure of one run so the results file reads like the other parts'.
 */
export function shapeLatency(samplesMs: readonly number[]): ShapeLatency {
  if (samplesMs.length === 0) throw new Error('a latency needs at least one sample');
  return {
    p50Ms: figureOf([percentile(samplesMs, 50)], 'ms'),
    p99Ms: figureOf([percentile(samplesMs, 99)], 'ms'),
    samples: samplesMs.length,
  };
}

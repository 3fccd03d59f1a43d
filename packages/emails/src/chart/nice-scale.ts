/**
 * The ticks of a count axis from 0: steps of 1, 2 or 5 times a power of ten, never a fraction (requests are
 * counted whole), the smallest step that needs at most `maxIntervals` of them, and the last tick at or above `max`
 * so the longest bar ends inside the axis without leaving much of it empty.
 */
export function countTicks(max: number, maxIntervals = 7): number[] {
  if (!Number.isFinite(max) || max < 0) throw new RangeError(`max must be a finite count, got ${max}`);
  const top = Math.max(max, 1);
  const magnitude = 10 ** Math.floor(Math.log10(top / maxIntervals));
  const steps = [1, 2, 5, 10].map((multiple) => Math.max(1, Math.round(multiple * magnitude)));
  const step =
    steps.find((candidate) => Math.ceil(top / candidate) <= maxIntervals) ?? (steps.at(-1) as number);
  const intervals = Math.ceil(top / step);
  return Array.from({ length: intervals + 1 }, (_, index) => index * step);
}

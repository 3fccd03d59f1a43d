const units = [
  { suffix: 'd', ms: 86_400_000 },
  { suffix: 'h', ms: 3_600_000 },
  { suffix: 'm', ms: 60_000 },
  { suffix: 's', ms: 1_000 },
] as const;

/**
 * A duration as an operator reads it at a glance: the two largest units, like `3m12s`, `2h5m` or `4d1h`
 * (a zero second unit is left out: `5m`); under a second in milliseconds. Negative values (clock skew between
 * this machine and Redis) count as zero.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  const first = units.findIndex((unit) => total >= unit.ms);
  if (first === -1) return `${total}ms`;
  const major = units[first] as (typeof units)[number];
  const majorCount = Math.floor(total / major.ms);
  const minor = units[first + 1];
  if (!minor) return `${majorCount}${major.suffix}`;
  const minorCount = Math.floor((total - majorCount * major.ms) / minor.ms);
  return minorCount === 0
    ? `${majorCount}${major.suffix}`
    : `${majorCount}${major.suffix}${minorCount}${minor.suffix}`;
}

import type { ApiFigures } from '../api/api-figures.ts';
import type { Figure } from '../stats/figure.ts';

/**
 * Puts the API figures at their paths: `api.{throughputRps,p50Ms,p99Ms}` for ours (the keys since the first run),
 * `api.{baseline,bare,observed}.*` for the other sides, `api.overheadRatio` and `api.observability.*`.
 */
export function putApiFigures(
  api: ApiFigures,
  put: (path: string, figure: Figure | undefined) => void,
  set: (path: string, value: number) => void,
): void {
  set('api.connections', api.connections);
  const keys = ['throughputRps', 'p50Ms', 'p99Ms'] as const;
  for (const key of keys) put(`api.${key}`, api.ours[key]);
  for (const side of ['baseline', 'bare', 'observed'] as const)
    for (const key of keys) put(`api.${side}.${key}`, api[side][key]);
  put('api.overheadRatio', api.overheadRatio);
  for (const [key, figure] of Object.entries(api.observability)) put(`api.observability.${key}`, figure);
}

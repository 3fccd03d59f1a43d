import type { RouterInputs } from '@fixstream/client';

type RunsInput = Extract<RouterInputs['ops']['runs'], object>;
export type RunStatusFilter = NonNullable<RunsInput['status']>;

/** The runs list's filters as the form holds them: `from`/`until` are `datetime-local` values in local time. */
export interface RunFilters {
  functionId: string;
  status: RunStatusFilter | '';
  from: string;
  until: string;
}

export const runStatusFilters: readonly RunStatusFilter[] = ['succeeded', 'dead', 'cancelled'];

/** A `datetime-local` value ("2026-11-30T16:05") as the ISO instant the API takes; undefined when empty or bad. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The `ops.runs` input of the filters, leaving out what is not set (the API's input is strict). */
export function runsInputOf(filters: RunFilters): Omit<RunsInput, 'cursor'> {
  const from = isoOf(filters.from);
  const until = isoOf(filters.until);
  return {
    limit: 20,
    ...(filters.functionId ? { functionId: filters.functionId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(from ? { from } : {}),
    ...(until ? { until } : {}),
  };
}

import { type RequestStatus, requestStatuses } from '@fixstream/schemas';
import { useQuery } from '@tanstack/react-query';
import { can } from '../abilities/role-abilities.ts';
import { isSearching, type RequestFilters } from '../requests/request-filters.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';

/**
 * Stage counts from `requests.stats` (summed over teams), or null where they would not match the cards shown:
 * the role may not see stats (employees), or a filter the stats do not know about is set.
 */
export function useStageTotals(filters: RequestFilters): Record<RequestStatus, number> | null {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const applies = can(user.role, 'seeStats') && !filters.technician && !filters.type && !filters.overdue;
  const stats = useQuery(
    trpc.requests.stats.queryOptions(filters.team ? { team: filters.team } : {}, { enabled: applies }),
  );
  if (!applies || !stats.data || isSearching(filters)) return null;
  const totals = Object.fromEntries(requestStatuses.map((status) => [status, 0])) as Record<
    RequestStatus,
    number
  >;
  for (const team of stats.data.teams)
    for (const status of requestStatuses) totals[status] += team.counts[status];
  return totals;
}

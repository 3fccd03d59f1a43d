import type { RouterInputs } from '@fixstream/client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';

type ListInput = Omit<NonNullable<RouterInputs['requests']['list']>, 'cursor'>;

/**
 * `requests.list` a page at a time, following `nextCursor`. Not tRPC's `infiniteQueryOptions`: that adds a
 * `direction` field to the input, which the API's strict input schema refuses.
 */
export function useRequestPages(input: ListInput) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useInfiniteQuery({
    queryKey: trpc.requests.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.requests.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

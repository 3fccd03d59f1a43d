import type { RouterInputs } from '@fixstream/client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';
import { opsPolling } from './ops-polling.ts';

type RunsInput = Omit<Extract<RouterInputs['ops']['runs'], object>, 'cursor'>;
type DeadLettersInput = Omit<Extract<RouterInputs['ops']['deadLetters'], object>, 'cursor'>;

const pageOptions = {
  initialPageParam: null as string | null,
  getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
  ...opsPolling,
};

/**
 * `ops.runs` a page at a time, following `nextCursor`, kept live. Not tRPC's `infiniteQueryOptions`: it adds a
 * `direction` field that the API's strict input refuses (as for `requests.list`).
 */
export function useRunPages(input: RunsInput) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useInfiniteQuery({
    queryKey: trpc.ops.runs.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.ops.runs.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    ...pageOptions,
  });
}

/** `ops.deadLetters` a page at a time, kept live, like {@link useRunPages}. */
export function useDeadLetterPages(input: DeadLettersInput) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useInfiniteQuery({
    queryKey: trpc.ops.deadLetters.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.ops.deadLetters.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    ...pageOptions,
  });
}

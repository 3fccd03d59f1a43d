import type { RouterOutputs } from '@fixstream/client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';

export type ScheduledRequest = RouterOutputs['requests']['list']['items'][number] & { scheduledDate: string };

/** How far the calendar pages through `requests.list` (100 a page): enough for a site's open and recent work. */
export const maxPages = 20;

const input = { limit: 100, sort: 'newest' } as const;

/**
 * The requests the caller may see that have a scheduled date. `requests.list` has no date filter, so this reads
 * its pages (up to `maxPages`) once and the month view picks its days from them; `truncated` says when the read
 * stopped before the last page, so the page can say that older requests may be missing.
 */
export function useScheduledRequests() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useQuery({
    // under the procedure's own key, so invalidating `requests` after a change refreshes the calendar too
    queryKey: [...trpc.requests.list.infiniteQueryKey(input), 'calendar'],
    queryFn: async () => {
      const scheduled: ScheduledRequest[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < maxPages; page += 1) {
        const result = await client.requests.list.query({ ...input, ...(cursor ? { cursor } : {}) });
        for (const item of result.items)
          if (item.scheduledDate) scheduled.push({ ...item, scheduledDate: item.scheduledDate });
        cursor = result.nextCursor;
        if (!cursor) return { scheduled, truncated: false };
      }
      return { scheduled, truncated: true };
    },
    staleTime: 30_000,
  });
}

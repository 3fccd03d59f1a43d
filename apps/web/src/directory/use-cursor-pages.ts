import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Any of the API's cursor-paged lists, a page at a time. The key should be the procedure's own tRPC key, so that
 * invalidating the router's `pathKey()` after a change refreshes it.
 */
export function useCursorPages<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
) {
  const pages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  return { ...pages, items: (pages.data?.pages ?? []).flatMap((page) => page.items) };
}

/** How often the Operations pages ask again; the pages say so ("updates every 5 s"). */
export const opsPollMs = 5_000;

/**
 * Query options that keep an Operations page live without a reload. TanStack Query stops interval refetches while
 * the tab is hidden (`refetchIntervalInBackground: false`) and refetches when it shows again, so a forgotten tab
 * costs the API nothing.
 */
export const opsPolling = {
  refetchInterval: opsPollMs,
  refetchIntervalInBackground: false,
  staleTime: 0,
} as const;

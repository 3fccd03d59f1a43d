import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc/trpc.ts';

/** After a replay, every Operations query is out of date: this refetches them now rather than at the next poll. */
export function useOpsRefresh(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.ops.pathKey() });
}

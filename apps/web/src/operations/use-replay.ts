import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc/trpc.ts';
import { describeReplay } from './replay-result.ts';
import { useOpsRefresh } from './use-ops-refresh.ts';

/**
 * `ops.replay` with its answer as a sentence. Held by the page, not by the row's button: a replayed run leaves the
 * dead list at the next refetch, and the answer must stay on screen after its row is gone.
 */
export function useReplay() {
  const trpc = useTRPC();
  const refresh = useOpsRefresh();
  const mutation = useMutation(trpc.ops.replay.mutationOptions({ onSettled: refresh }));
  const runId = mutation.variables?.id;
  return {
    replay: (id: string) => mutation.mutate({ id }),
    pendingId: mutation.isPending ? runId : undefined,
    error: mutation.error ? `Replay of ${runId}: ${mutation.error.message}` : null,
    success: mutation.data ? `Replay of ${mutation.data.id}: ${describeReplay(mutation.data)}` : null,
  };
}

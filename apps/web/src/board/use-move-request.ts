import { type RequestStatus, stageLabels } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { errorMessage } from '../forms/error-message.ts';
import { useTRPC } from '../trpc/trpc.ts';

export interface MoveOutcome {
  kind: 'moved' | 'refused';
  message: string;
}

/**
 * Moves a request to another stage and says what happened: the API decides whether the move is allowed (role,
 * lifecycle), and a refusal shows its sentence as it is.
 */
export function useMoveRequest() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<MoveOutcome | null>(null);
  const [lastMoved, setLastMoved] = useState<string | null>(null);
  const mutation = useMutation(
    trpc.requests.updateStatus.mutationOptions({
      async onSuccess(request) {
        setOutcome({
          kind: 'moved',
          message: `Moved “${request.subject}” to ${stageLabels[request.status]}.`,
        });
        setLastMoved(request.id);
        await queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
      },
      onError(error) {
        setOutcome({ kind: 'refused', message: errorMessage(error) });
      },
    }),
  );
  const { mutate } = mutation;
  // Stable across renders, so the memoized cards that receive it are not all re-rendered.
  const move = useCallback(
    (id: string, status: RequestStatus) => {
      setOutcome(null);
      mutate({ id, status });
    },
    [mutate],
  );
  return {
    move,
    pending: mutation.isPending,
    outcome,
    /** The request last moved, so its card can take the focus back in its new column. */
    lastMoved,
  };
}

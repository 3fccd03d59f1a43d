import { useMutation } from '@tanstack/react-query';
import { FormAlert } from '../forms/form-alert.tsx';
import { useTRPC } from '../trpc/trpc.ts';
import { describeRedrive } from './replay-result.ts';
import { useOpsRefresh } from './use-ops-refresh.ts';

/**
 * A Redrive button per function with dead runs: replays that function's dead runs of the company at once. The
 * answer stays shown after the function's dead runs, and so its button, are gone.
 */
export function RedrivePanel({ functionIds }: { functionIds: readonly string[] }) {
  const trpc = useTRPC();
  const refresh = useOpsRefresh();
  const redrive = useMutation(trpc.ops.redrive.mutationOptions({ onSettled: refresh }));
  const error = redrive.error
    ? `Redrive of ${redrive.variables?.functionId}: ${redrive.error.message}`
    : null;
  return (
    <section aria-labelledby="redrive-heading">
      <h2 id="redrive-heading">Redrive a function</h2>
      {functionIds.length === 0 ? <p className="muted">No function has dead runs.</p> : null}
      <ul className="plain redrive-list">
        {functionIds.map((functionId) => (
          <li key={functionId}>
            <button
              type="button"
              className="small"
              disabled={redrive.isPending}
              onClick={() => redrive.mutate({ functionId })}
            >
              Redrive {functionId}
            </button>
          </li>
        ))}
      </ul>
      <FormAlert error={error} success={redrive.data ? describeRedrive(redrive.data) : null} />
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { FormAlert } from '../forms/form-alert.tsx';
import { useTRPC } from '../trpc/trpc.ts';
import { LiveNote } from './live-note.tsx';
import { opsPolling } from './ops-polling.ts';
import { RedrivePanel } from './redrive-panel.tsx';
import { RunSummaryTable } from './run-summary-table.tsx';
import { useReplay } from './use-replay.ts';
import { useDeadLetterPages } from './use-run-pages.ts';

/** The company's dead runs, newest first, with Replay per run and Redrive per function. */
export function DeadLettersPage() {
  const trpc = useTRPC();
  const pages = useDeadLetterPages({ limit: 20 });
  const stats = useQuery({ ...trpc.ops.functions.queryOptions({ windowMinutes: 1440 }), ...opsPolling });
  const replay = useReplay();
  const runs = (pages.data?.pages ?? []).flatMap((page) => page.items);
  const functionsWithDead = [
    ...new Set([
      ...runs.map((run) => run.functionId),
      ...(stats.data?.functions ?? []).filter((fn) => fn.dead > 0).map((fn) => fn.functionId),
    ]),
  ].sort();
  return (
    <>
      <h1>Dead letters</h1>
      <LiveNote updatedAt={pages.dataUpdatedAt} fetching={pages.isFetching} />
      <p className="muted">
        Runs that used up their retries or failed for good. Replay runs one again from attempt 1; a run
        already replayed, in progress or succeeded is left alone.
      </p>
      {pages.isError ? (
        <p role="alert" className="alert alert-error">
          {pages.error.message}
        </p>
      ) : null}
      <RedrivePanel functionIds={functionsWithDead} />
      <h2>Dead runs</h2>
      <FormAlert error={replay.error} success={replay.success} />
      <RunSummaryTable
        caption="Dead runs"
        runs={runs}
        action={{
          header: 'Replay',
          cell: (run) => (
            <button
              type="button"
              className="small"
              aria-label={`Replay ${run.functionId} of event ${run.eventId}`}
              disabled={replay.pendingId === run.id}
              onClick={() => replay.replay(run.id)}
            >
              Replay
            </button>
          ),
        }}
      />
      <CursorPagesFooter pages={pages} items={runs} empty="No dead runs." />
    </>
  );
}

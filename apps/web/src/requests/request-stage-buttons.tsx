import { stageLabels, transitions } from '@fixstream/schemas';
import { useMoveRequest } from '../board/use-move-request.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import type { MaintenanceRequest } from './request-meta.ts';

/** The stage moves the lifecycle allows from where the request is; the API's answer is shown as it comes. */
export function RequestStageButtons({ request }: { request: MaintenanceRequest }) {
  const moves = useMoveRequest();
  const next = transitions[request.status];
  return (
    <section aria-labelledby="stage-heading">
      <h2 id="stage-heading">Stage</h2>
      <FormAlert
        error={moves.outcome?.kind === 'refused' ? moves.outcome.message : null}
        success={moves.outcome?.kind === 'moved' ? moves.outcome.message : null}
      />
      {next.length ? (
        <div className="move-buttons">
          {next.map((status) => (
            <button
              key={status}
              type="button"
              disabled={moves.pending}
              onClick={() => moves.move(request.id, status)}
            >
              Move to {stageLabels[status]}
            </button>
          ))}
        </div>
      ) : (
        <p className="muted">{stageLabels[request.status]} is final.</p>
      )}
    </section>
  );
}

import type { RouterOutputs } from '@fixstream/client';
import { formatDuration, formatMoment } from './ops-format.ts';
import { RunStatusBadge } from './run-status-badge.tsx';

type RunDetail = RouterOutputs['ops']['run'];

/** Each recorded attempt, oldest first: the retried failures, then the final outcome. */
export function RunAttemptsTable({ attempts }: { attempts: RunDetail['attempts'] }) {
  if (attempts.length === 0) return <p className="muted">No attempt has finished yet.</p>;
  return (
    <table className="requests ops-table">
      <caption className="visually-hidden">Attempts</caption>
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">Outcome</th>
          <th scope="col">Duration</th>
          <th scope="col">Finished</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt) => (
          <tr key={`${attempt.attempt}-${attempt.finishedAt}`}>
            <th scope="row">{attempt.attempt}</th>
            <td>
              <RunStatusBadge status={attempt.outcome} />
            </td>
            <td>{formatDuration(attempt.durationMs)}</td>
            <td>{formatMoment(attempt.finishedAt)}</td>
            <td className="run-error">{attempt.error ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The run's durable steps and sleeps (timers), in the order recorded. */
export function RunStepsTable({ steps }: { steps: RunDetail['steps'] }) {
  return (
    <table className="requests ops-table">
      <caption className="visually-hidden">Steps and timers</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Kind</th>
          <th scope="col">Recorded</th>
          <th scope="col">Sleeps until</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => (
          <tr key={`${step.name}-${step.recordedAt}`}>
            <th scope="row">{step.name}</th>
            <td>{step.kind === 'sleep' ? 'Timer (sleep)' : 'Step done'}</td>
            <td>{formatMoment(step.recordedAt)}</td>
            <td>{formatMoment(step.until)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

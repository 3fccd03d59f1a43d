import type { RouterOutputs } from '@fixstream/client';
import { formatDuration } from './ops-format.ts';

type Stream = RouterOutputs['ops']['streams']['streams'][number];

/** One event stream: its length, and per consumer group (one per function) lag, pending and consumers. */
export function StreamTable({ stream }: { stream: Stream }) {
  return (
    <section className="ops-stream" aria-labelledby={`stream-${stream.stream}`}>
      <h3 id={`stream-${stream.stream}`}>{stream.event}</h3>
      <p className="muted">
        <code>{stream.stream}</code> · length {stream.length} · wake-ups held {stream.wakeUps}
      </p>
      {stream.groups.length === 0 ? (
        <p className="muted">No consumer group reads this stream.</p>
      ) : (
        <table className="requests ops-table">
          <caption className="visually-hidden">Consumer groups of {stream.event}</caption>
          <thead>
            <tr>
              <th scope="col">Consumer group (function)</th>
              <th scope="col">Lag</th>
              <th scope="col">Pending</th>
              <th scope="col">Oldest pending</th>
              <th scope="col">Consumers (pending, idle)</th>
            </tr>
          </thead>
          <tbody>
            {stream.groups.map((group) => (
              <tr key={group.function}>
                <th scope="row">{group.function}</th>
                <td>{group.lag ?? 'unknown'}</td>
                <td>{group.pending}</td>
                <td>{formatDuration(group.oldestPendingAgeMs)}</td>
                <td>
                  {group.consumers.length === 0 ? (
                    'none'
                  ) : (
                    <ul className="plain">
                      {group.consumers.map((consumer) => (
                        <li key={consumer.name}>
                          {consumer.name}: {consumer.pending} pending, idle {formatDuration(consumer.idleMs)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

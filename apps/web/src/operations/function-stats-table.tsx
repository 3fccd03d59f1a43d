import type { RouterOutputs } from '@fixstream/client';
import { Link } from 'wouter';
import { formatDuration, formatNumber, formatRate } from './ops-format.ts';

type FunctionStats = RouterOutputs['ops']['functions'];

/** Per function over the window: throughput, failure rate and duration percentiles of the company's runs. */
export function FunctionStatsTable({ stats }: { stats: FunctionStats }) {
  if (stats.functions.length === 0) return <p className="muted">No runs finished in this window.</p>;
  return (
    <table className="requests ops-table">
      <caption className="visually-hidden">Functions in the window</caption>
      <thead>
        <tr>
          <th scope="col">Function</th>
          <th scope="col">Succeeded</th>
          <th scope="col">Dead</th>
          <th scope="col">Cancelled</th>
          <th scope="col">Runs per minute</th>
          <th scope="col">Failure rate</th>
          <th scope="col">p50 duration</th>
          <th scope="col">p99 duration</th>
        </tr>
      </thead>
      <tbody>
        {stats.functions.map((fn) => (
          <tr key={fn.functionId}>
            <th scope="row">
              <Link href={`/ops/runs?function=${encodeURIComponent(fn.functionId)}`}>{fn.functionId}</Link>
            </th>
            <td>{fn.succeeded}</td>
            <td>{fn.dead}</td>
            <td>{fn.cancelled}</td>
            <td>{formatNumber(fn.runsPerMinute)}</td>
            <td>{formatRate(fn.failureRate)}</td>
            <td>{formatDuration(fn.p50DurationMs)}</td>
            <td>{formatDuration(fn.p99DurationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc/trpc.ts';
import { FunctionStatsTable } from './function-stats-table.tsx';
import { LiveNote } from './live-note.tsx';
import { opsPolling } from './ops-polling.ts';
import { StreamTable } from './streams-table.tsx';

const windows = [
  { minutes: 15, label: 'Last 15 minutes' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 360, label: 'Last 6 hours' },
  { minutes: 1440, label: 'Last 24 hours' },
] as const;

/** The streams and consumer groups every company shares, and this company's functions over a chosen window. */
export function OpsOverviewPage() {
  const trpc = useTRPC();
  const [windowMinutes, setWindowMinutes] = useState(60);
  const streams = useQuery({ ...trpc.ops.streams.queryOptions(), ...opsPolling });
  const functions = useQuery({ ...trpc.ops.functions.queryOptions({ windowMinutes }), ...opsPolling });
  return (
    <>
      <h1>Operations</h1>
      <LiveNote
        updatedAt={Math.min(streams.dataUpdatedAt, functions.dataUpdatedAt)}
        fetching={streams.isFetching || functions.isFetching}
      />
      <section aria-labelledby="ops-functions">
        <h2 id="ops-functions">Functions</h2>
        <div className="filters">
          <label>
            Window
            <select value={windowMinutes} onChange={(event) => setWindowMinutes(Number(event.target.value))}>
              {windows.map((option) => (
                <option key={option.minutes} value={option.minutes}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {functions.isError ? (
          <p role="alert" className="alert alert-error">
            {functions.error.message}
          </p>
        ) : null}
        {functions.data ? <FunctionStatsTable stats={functions.data} /> : null}
        {functions.isPending ? <p className="muted">Loading…</p> : null}
      </section>
      <section aria-labelledby="ops-streams">
        <h2 id="ops-streams">Streams and consumer groups</h2>
        <p className="muted">Shared by every company: names and counts only.</p>
        {streams.isError ? (
          <p role="alert" className="alert alert-error">
            {streams.error.message}
          </p>
        ) : null}
        {streams.isPending ? <p className="muted">Loading…</p> : null}
        {streams.data?.streams.map((stream) => (
          <StreamTable key={stream.stream} stream={stream} />
        ))}
      </section>
    </>
  );
}

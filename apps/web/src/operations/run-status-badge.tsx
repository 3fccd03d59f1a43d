const statusLabels: Record<string, string> = {
  succeeded: 'Succeeded',
  dead: 'Dead',
  cancelled: 'Cancelled',
  running: 'Running',
  failed: 'Failed, retry due',
  sleeping: 'Sleeping',
};

/** A run's status or an attempt's outcome as a coloured word (the word carries the meaning, not the colour). */
export function RunStatusBadge({ status }: { status: string }) {
  return <span className={`badge run-${status}`}>{statusLabels[status] ?? status}</span>;
}

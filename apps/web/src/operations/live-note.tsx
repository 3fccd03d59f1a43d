import { opsPollMs } from './ops-polling.ts';

/** Says that the page keeps itself current, and when it last did, so nobody reloads to see news. */
export function LiveNote({ updatedAt, fetching }: { updatedAt: number; fetching: boolean }) {
  const at = updatedAt ? new Date(updatedAt).toLocaleTimeString() : '—';
  return (
    <p className="muted live-note">
      Updates every {opsPollMs / 1_000} s (paused while this tab is hidden). Last updated {at}
      {fetching ? ', updating…' : '.'}
    </p>
  );
}

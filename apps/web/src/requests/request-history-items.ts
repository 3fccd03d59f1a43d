import type { RouterOutputs } from '@fixstream/client';

type HistoryEvent = RouterOutputs['requests']['history']['events'][number];

/** One thing an event caused, whatever its kind, so a table can show them in time order. */
export interface HistoryItem {
  key: string;
  kind: 'Mail' | 'Job' | 'Webhook delivery';
  what: string;
  status: string;
  attempts: number;
  error: string | null;
  finishedAt: string;
  /** The run to open in Operations. */
  runId: string;
}

/**
 * An event's runs and webhook deliveries, merged and sorted by when they finished. Functions named `send-…` end
 * in a mail, so they read as mails; a delivery names its endpoint.
 */
export function historyItems(event: HistoryEvent): HistoryItem[] {
  const runs: HistoryItem[] = event.runs.map((run) => ({
    key: run.id,
    kind: run.functionId.startsWith('send-') ? 'Mail' : 'Job',
    what: run.functionId,
    status: run.status,
    attempts: run.attempts,
    error: run.error,
    finishedAt: run.finishedAt,
    runId: run.id,
  }));
  const deliveries: HistoryItem[] = event.webhookDeliveries.map((delivery) => ({
    key: `${delivery.runId}:${delivery.endpointId}`,
    kind: 'Webhook delivery',
    what: `endpoint ${delivery.endpointId}`,
    status: delivery.status,
    attempts: delivery.attempts,
    error: delivery.error,
    finishedAt: delivery.finishedAt,
    runId: delivery.runId,
  }));
  return [...runs, ...deliveries].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
}

import { webhookDeliveryDue } from '@fixstream/events';
import { eventIdOfKey, type ResultDocument, requestRuns, stillOwed } from '@fixstream/run-storage';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../errors/app-error.ts';
import { toRunSummary } from '../ops/ops-runs.service.ts';
import type { RequestHistoryOutput } from './request-history.schemas.ts';

/** Runs one history answer carries at most; a request's life causes a few dozen. */
export const requestHistoryRunCap = 500;

type HistoryEvent = RequestHistoryOutput['events'][number];

/**
 * What happened to a request: its events and what each caused, from the run ledger (results record the request
 * their event was about, `RunOrigin.requestId`), plus the events it still owes that nothing has finished yet. The
 * policy's `request` target has checked that the caller may see the request. The request keeps its events in its
 * outbox until a later change of it drops the settled ones; whether one is still owed is its `outbox_owed` row's
 * to say. Webhook deliveries are runs of
 * `webhooks/delivery.due`, whose event id is `<source event id>_<endpoint id>`.
 */
export async function requestHistory(deps: ApiDeps, requestId: string): Promise<RequestHistoryOutput> {
  const [request, runs] = await Promise.all([
    deps.db.models.Request.findOne({ _id: requestId }, { outbox: 1 }).lean(),
    requestRuns(deps.db.storage, requestId, requestHistoryRunCap + 1),
  ]);
  if (!request) throw notFound('Maintenance request');
  const events = new Map<string, HistoryEvent>();
  const eventOf = (eventId: string): HistoryEvent => {
    let event = events.get(eventId);
    if (!event) {
      event = { eventId, eventName: '', occurredAt: null, owed: false, runs: [], webhookDeliveries: [] };
      events.set(eventId, event);
    }
    return event;
  };
  const outbox = request.outbox ?? [];
  const owed = await stillOwed(
    deps.db.storage,
    outbox.map((held) => held.id),
  );
  for (const held of outbox) {
    const event = eventOf(held.id);
    event.eventName = held.name;
    event.occurredAt = held.occurredAt;
    event.owed = owed.has(held.id);
  }
  for (const run of runs.slice(0, requestHistoryRunCap)) addRun(eventOf, run);
  return {
    requestId,
    events: [...events.values()].sort((a, b) => a.eventId.localeCompare(b.eventId)),
    truncated: runs.length > requestHistoryRunCap,
  };
}

function addRun(eventOf: (eventId: string) => HistoryEvent, run: ResultDocument): void {
  const eventId = eventIdOfKey(run._id, run.functionId);
  if (run.eventName === webhookDeliveryDue.name) {
    const split = eventId.lastIndexOf('_');
    const event = eventOf(split > 0 ? eventId.slice(0, split) : eventId);
    event.webhookDeliveries.push({
      runId: run._id,
      endpointId: split > 0 ? eventId.slice(split + 1) : '',
      status: run.status,
      attempts: run.attempts,
      error: run.error,
      finishedAt: run.finishedAt.toISOString(),
    });
    return;
  }
  const event = eventOf(eventId);
  event.eventName ||= run.eventName ?? '';
  event.runs.push(toRunSummary(run));
}

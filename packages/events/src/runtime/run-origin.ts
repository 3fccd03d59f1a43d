/**
 * What a run's event was about, as the ledger records it beside the run's result: enough for a company's view of
 * its own runs (`companyId`) and a request's history (`requestId`) to be read by index, without keeping the event.
 */
export interface RunOrigin {
  eventName: string;
  /** `data.companyId` of the event; null for events of no company (cron ticks, test events). */
  companyId: string | null;
  /** `data.requestId`, or for a webhook delivery the request of the event it delivers; null when none. */
  requestId: string | null;
}

/**
 * Reads the origin of any event, valid or not (a run recorded dead because its event failed the schema has one
 * too): only string fields count, anything else is null.
 */
export function runOriginOf(event: { name?: unknown; data?: unknown }): RunOrigin {
  const data = asRecord(event.data);
  const source = asRecord(asRecord(data?.source)?.data);
  return {
    eventName: typeof event.name === 'string' ? event.name : '',
    companyId: stringOrNull(data?.companyId),
    requestId: stringOrNull(data?.requestId) ?? stringOrNull(source?.requestId),
  };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

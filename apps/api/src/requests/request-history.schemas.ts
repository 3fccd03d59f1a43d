import { z } from 'zod';
import { finalStatus, runSummaryOutput } from '../ops/ops.schemas.ts';
import { isoString } from '../shared/schemas.ts';

export const requestHistoryOutput = z.object({
  requestId: z.string(),
  /** The request's events, oldest first, each with what it caused. */
  events: z.array(
    z.object({
      eventId: z.string(),
      eventName: z.string(),
      /** When it happened, while the request still holds the event (a later change of it drops settled events). */
      occurredAt: isoString.nullable(),
      /** Still owed: some function subscribed to it has not finished it yet. */
      owed: z.boolean(),
      /** The finished runs of the worker's functions on it (mails, reminders, the webhook fan-out). */
      runs: z.array(runSummaryOutput),
      /** Its webhook deliveries, one per endpoint subscribed to it, as their runs ended. */
      webhookDeliveries: z.array(
        z.object({
          runId: z.string(),
          endpointId: z.string(),
          status: finalStatus,
          attempts: z.number(),
          error: z.string().nullable(),
          finishedAt: isoString,
        }),
      ),
    }),
  ),
  /** More runs exist than one answer carries (`requestHistoryRunCap`); the oldest are shown. */
  truncated: z.boolean(),
});
export type RequestHistoryOutput = z.output<typeof requestHistoryOutput>;

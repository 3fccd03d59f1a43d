import type { Types } from 'mongoose';
import type { Database } from './database.ts';
import { webhookDisableId } from './models/webhook-endpoint-disable.model.ts';

/** An endpoint as its stored parts (the endpoint, its disable claim, its deliveries log) make it. */
export interface WebhookState {
  /** Whether deliveries go to it: enabled by its admins and not disabled by failing deliveries since. */
  active: boolean;
  /** Why it is not active, and since when; null while active. */
  disabled: { reason: string; at: Date; by: 'admin' | 'failures' } | null;
  /** Failed attempts in a row since its last success or its `enabledAt`, counted up to `countUpTo`. */
  consecutiveFailures: number;
  /** The run that disabled it for failures (and mails its admins), when one did in the current period. */
  disabledByRun: string | null;
}

interface EndpointParts {
  _id: Types.ObjectId;
  enabled: boolean;
  enabledAt: Date;
  disabledAt?: Date | null;
  disabledReason?: string | null;
}

/**
 * Reads what deliveries recorded about an endpoint. The worker never writes the endpoint (only the API does), so
 * its state is assembled here: the disable claim of the current enabled period (by `_id`), and the head of the
 * deliveries log (index `{endpoint, _id}`, newest first) back to the first success or the period's start.
 */
export async function webhookState(
  db: Database,
  endpoint: EndpointParts,
  options: { countUpTo: number },
): Promise<WebhookState> {
  const { WebhookDelivery, WebhookEndpointDisable } = db.models;
  const [claim, head] = await Promise.all([
    endpoint.enabled
      ? WebhookEndpointDisable.findById(webhookDisableId(String(endpoint._id), endpoint.enabledAt), {
          reason: 1,
          at: 1,
          runKey: 1,
        }).lean()
      : null,
    WebhookDelivery.find({ endpoint: endpoint._id }, { outcome: 1, at: 1 })
      .sort({ _id: -1 })
      .hint({ endpoint: 1, _id: -1 })
      .limit(options.countUpTo)
      .lean(),
  ]);
  let consecutiveFailures = 0;
  for (const attempt of head) {
    if (attempt.outcome === 'delivered' || attempt.at < endpoint.enabledAt) break;
    if (attempt.outcome !== 'disabled') consecutiveFailures++;
  }
  const disabled = !endpoint.enabled
    ? {
        reason: endpoint.disabledReason ?? 'disabled by an admin',
        at: endpoint.disabledAt ?? endpoint.enabledAt,
        by: 'admin' as const,
      }
    : claim
      ? { reason: claim.reason, at: claim.at, by: 'failures' as const }
      : null;
  return { active: disabled === null, disabled, consecutiveFailures, disabledByRun: claim?.runKey ?? null };
}

import type { FunctionDefinition } from '@fixstream/events';
import type { FunctionDeps } from '../function-deps.ts';
import { deliverWebhookFunction } from './deliver-webhook.function.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { webhookFanOuts } from './webhook-fan-out.function.ts';

/** The fan-out of every event endpoints may subscribe to, and the delivery (docs/webhooks.md). */
export function webhookFunctions(deps: FunctionDeps, webhooks: WebhookDeps): FunctionDefinition[] {
  return [...webhookFanOuts(deps, webhooks), deliverWebhookFunction(deps, webhooks)] as FunctionDefinition[];
}

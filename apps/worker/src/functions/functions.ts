import type { FunctionDefinition } from '@fixstream/events';
import type { FunctionDeps } from './function-deps.ts';
import { sendAssignmentNotification } from './send-assignment-notification.function.ts';
import { type PasswordResetSettings, sendPasswordReset } from './send-password-reset.function.ts';
import { sendRequestNotification } from './send-request-notification.function.ts';
import { sendStatusUpdate } from './send-status-update.function.ts';
import type { WebhookDeps } from './webhooks/webhook-deps.ts';
import { webhookFunctions } from './webhooks/webhook-functions.ts';

/** Every function this worker runs; the webhook functions when their settings are given. */
export function createFunctions(
  deps: FunctionDeps & PasswordResetSettings & { webhooks?: WebhookDeps },
): FunctionDefinition[] {
  return [
    sendRequestNotification(deps),
    sendStatusUpdate(deps),
    sendAssignmentNotification(deps),
    sendPasswordReset(deps),
    ...(deps.webhooks ? webhookFunctions(deps, deps.webhooks) : []),
  ] as FunctionDefinition[];
}

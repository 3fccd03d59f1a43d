export { refusedRange } from './address-ranges.ts';
export {
  type DestinationAllowlist,
  EMPTY_ALLOWLIST,
  InvalidAllowlistError,
  parseDestinationAllowlist,
} from './allowlist.ts';
export { webhookAllowlistSetting } from './allowlist-env.ts';
export { type DeliverWebhookInput, deliverWebhook } from './deliver.ts';
export { type DeliveryOutcome, type DeliveryResult, outcomeOfStatus } from './delivery-result.ts';
export {
  type CheckedDestination,
  checkDestination,
  DestinationLookupError,
  type DestinationPolicy,
  DestinationRefusedError,
  type RefusalReason,
  type ResolvedAddress,
  type ResolveHost,
} from './destination-guard.ts';
export {
  defineRetrySchedule,
  nextRetryDelayMs,
  type RandomSource,
  type RetrySchedule,
} from './retry-schedule.ts';
export { generateWebhookSecret, InvalidWebhookSecretError, parseWebhookSecret } from './secret.ts';
export { type SignWebhookInput, signWebhook, type WebhookSignatureHeaders } from './sign.ts';

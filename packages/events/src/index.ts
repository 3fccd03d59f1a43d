export { type EventName, eventCatalog } from './catalog/catalog.ts';
export { objectIdString } from './catalog/ids.schema.ts';
export { passwordResetRequested } from './catalog/password-reset-requested.event.ts';
export { reportDue } from './catalog/report-due.event.ts';
export { requestAssigned } from './catalog/request-assigned.event.ts';
export { requestCreated } from './catalog/request-created.event.ts';
export { requestRescheduled } from './catalog/request-rescheduled.event.ts';
export { requestStatusChanged } from './catalog/request-status-changed.event.ts';
export { webhookDeliveryDue } from './catalog/webhook-delivery-due.event.ts';
export { type WebhookEventName, webhookEventNames, webhookEvents } from './catalog/webhook-events.ts';
export { type DecodedEntry, decodeEntry, encodeEvent } from './codec.ts';
export {
  defineEvent,
  type EventDefinition,
  type EventEnvelope,
  type EventOf,
  eventIdSchema,
} from './event.ts';
export { type StreamKeys, streamKeys } from './keys.ts';
export { createPublisher, type EventPublisher, type PublishOutcome, publishOwedNow } from './publisher.ts';
export { redactionMarker, redactSecrets } from './redact-secrets.ts';
export { connectRedis, type RedisConnectOptions, type RedisTarget } from './redis/connect.ts';
export { isCluster, type RedisConnection, serversOf } from './redis/connection.ts';
export { createRedisLease } from './redis/redis-lease.ts';
export { Batcher } from './runtime/batcher.ts';
export {
  type CronTick,
  cronTick,
  cronTickEvent,
  cronTickId,
  defineCronFunction,
} from './runtime/cron/cron-function.ts';
export {
  type CompiledSchedule,
  type CronSchedule,
  compileSchedule,
  InvalidScheduleError,
  isTimeZone,
} from './runtime/cron/cron-schedule.ts';
export type { CronStore, ScheduledFunction } from './runtime/cron/cron-store.ts';
export { type DeadLetter, parseDeadLetter, writeDeadLetters } from './runtime/dead-letters.ts';
export { describeError, isPermanent, PermanentError, RunTimeoutError } from './runtime/errors.ts';
export { defineFunction, type FunctionContext, type FunctionDefinition } from './runtime/function.ts';
export { removeIdleConsumers } from './runtime/idle-consumers.ts';
export type { LeaderSweep } from './runtime/leader-duties.ts';
export {
  type ClaimRequest,
  type ClaimResult,
  type DeadRecord,
  finalRunStatuses,
  type RunLedger,
  type RunOutcome,
  type RunState,
  type RunStatus,
  runKey,
} from './runtime/ledger.ts';
export { type RuntimeLogger, silentLogger } from './runtime/logger.ts';
export { messageIdsKept } from './runtime/message-id-log.ts';
export type { DueEvent, Lease, OutboxStore, Postponement } from './runtime/outbox.ts';
export { defaultRetryPolicy, type RetryPolicy, retryDelayMs } from './runtime/retry-policy.ts';
export type { AttemptOutcome, DeadLetterReason, RunObserver } from './runtime/run-observer.ts';
export { type RunOrigin, runOriginOf } from './runtime/run-origin.ts';
export { type AttemptStart, type OwnershipKeys, runOwnership } from './runtime/run-ownership.ts';
export { isRunSleeping, RunSleeping } from './runtime/steps/run-sleeping.ts';
export type { StepRecord, StepStore } from './runtime/steps/step-store.ts';
export { createStepTools, type StepTools } from './runtime/steps/step-tools.ts';
export {
  type ConsumerInfo,
  compareStreamIds,
  type GroupInfo,
  groupConsumers,
  oldestPendingId,
  scanStreams,
  streamGroups,
  streamIdTimestamp,
} from './runtime/stream-info.ts';
export { waitingWakeUps } from './runtime/timers/sleep-timers.ts';
export { sweepTombstones, tombstoneKeepMs } from './runtime/tombstones.ts';
export { trimStream } from './runtime/trimmer.ts';
export {
  createFunctionWorker,
  defaultIdleConsumerMs,
  defaultReclaimIdleMs,
  type FunctionWorker,
  type FunctionWorkerOptions,
} from './runtime/worker.ts';
export { spanAround } from './tracing/span-around.ts';
export {
  activeTraceContext,
  contextOfTraceFields,
  type EventTraceContext,
  traceFieldsOf,
} from './tracing/trace-context.ts';
export {
  formatTraceparent,
  parseTraceparent,
  type Traceparent,
  traceparentSchema,
  tracestateSchema,
} from './tracing/traceparent.ts';

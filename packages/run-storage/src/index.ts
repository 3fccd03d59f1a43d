export { type ResultDocument, resultStatuses } from './collections/function-run-results.ts';
export { type AttemptFailure, type RunDocument, runStatuses } from './collections/function-runs.ts';
export type { OwedRow } from './collections/outbox-owed.ts';
export type { ReplayDocument } from './collections/replay-outboxes.ts';
export type { StepDocument } from './collections/run-steps.ts';
export { createCronStore, lastTick } from './cron/cron-store.ts';
export { INDEXED_DATES_FROM, INDEXED_DATES_UNTIL, indexedDates } from './indexed-dates.ts';
export { type KeptEvent, keptEvent } from './kept-event.ts';
export { createRunLedger } from './ledger/run-ledger.ts';
export { bulkUpdate, chunks, countByIndex, duplicateIndexes, isDuplicateKey } from './mongo-helpers.ts';
export {
  type CompanyRunsPage,
  type CompanyRunsQuery,
  listCompanyRuns,
  type RunCursor,
} from './ops/company-runs.ts';
export {
  type FunctionStats,
  type FunctionStatsQuery,
  functionStats,
  percentile,
} from './ops/function-stats.ts';
export {
  type DeadRun,
  type EventRun,
  type EventSource,
  eventIdOfKey,
  eventRuns,
  type FunctionRunCounts,
  findEvent,
  type LedgerRunState,
  listDeadRuns,
  type OwedEventsSummary,
  owedEventsSummary,
  runCounts,
} from './ops/ops-queries.ts';
export {
  ReplayBusyError,
  type ReplayedRun,
  type ReplayOutcome,
  type ReplaySelection,
  replayLeaseName,
  replayRuns,
  type SkipCause,
  type SkippedRun,
} from './ops/ops-replay.ts';
export { type RunDetail, requestRuns, runCompany, runDetail, stillOwed } from './ops/run-detail.ts';
export { type ScheduleStatus, scheduleStatus } from './ops/schedule-status.ts';
export {
  createOutbox,
  type Outbox,
  type OutboxOptions,
  type OutboxWriteOptions,
  type OwedEvent,
  outboxGraceMs,
  owedBy,
} from './outbox/outbox.ts';
export { type OutboxEvent, outboxEventSchema } from './outbox/outbox-event.ts';
export { outboxRef, owedRowId, oweOnce } from './outbox/owed-rows.ts';
export { deleteEach, type PassOutcome, sweepInBatches } from './retention/batches.ts';
export {
  createRetentionSweeper,
  type RetentionSweep,
  type RetentionSweeper,
  type RetentionSweeperOptions,
  type RetentionWindows,
} from './retention/retention-sweeper.ts';
export type { SweptFunction } from './retention/run-retention.ts';
export {
  cronAggregateName,
  type OutboxAggregate,
  openRunStorage,
  type RunStorage,
  replayAggregateName,
} from './run-storage.ts';
export { createStepStore } from './steps/step-store.ts';

export { type ConnectOptions, connectDatabase, type Database, type Models } from './database.ts';
export type { CompanyFields } from './models/company.model.ts';
export type { EquipmentFields } from './models/equipment.model.ts';
export type { OutboxEvent } from './models/outbox.schema.ts';
export {
  type RequestFields,
  type RequestStatus,
  type RequestType,
  requestStatuses,
  requestTypes,
} from './models/request.model.ts';
export { type RunFields, runStatuses } from './models/run.model.ts';
export type { TeamFields } from './models/team.model.ts';
export { type UserFields, type UserRole, userRoles } from './models/user.model.ts';
export {
  type DeadRun,
  type EventRun,
  type EventSource,
  eventRuns,
  type FunctionRunCounts,
  findEvent,
  type LedgerRunState,
  listDeadRuns,
  type OwedEventsSummary,
  owedEventsSummary,
  runCounts,
} from './ops-queries.ts';
export {
  ReplayBusyError,
  type ReplayedRun,
  type ReplayOutcome,
  type ReplaySelection,
  replayLeaseName,
  replayRuns,
  type SkippedRun,
} from './ops-replay.ts';
export { createOutboxStore, type OutboxStoreOptions, oweEvents } from './outbox.store.ts';
export {
  createOwedEventRecorder,
  forgetOwedEvents,
  makeOwedEventsDue,
  type OutboxSource,
  type OwedEventRecorder,
  type OwedEventRef,
  outboxRef,
  owedRowId,
  recordOwedEvents,
} from './owed-events.ts';
export { createPasswordHasher, type PasswordHasher } from './password-hasher.ts';
export {
  createRetentionSweeper,
  type RetentionSweep,
  type RetentionSweeper,
  type RetentionSweeperOptions,
  type RetentionWindows,
} from './retention/retention-sweeper.ts';
export type { SweptFunction } from './retention/run-retention.ts';
export { createRunLedger } from './run-ledger.ts';

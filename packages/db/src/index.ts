export {
  companyReportAggregateName,
  companyReportId,
  companyReportOutboxRef,
  type OwedCompanyReport,
  oweCompanyReport,
} from './company-report-outbox.ts';
export {
  type ConnectOptions,
  connectDatabase,
  type Database,
  type Models,
} from './database.ts';
export {
  type CompanyFields,
  type CompanyReportFrequency,
  reportFrequencies,
} from './models/company.model.ts';
export type { EquipmentFields } from './models/equipment.model.ts';
export type { PasswordResetRequestFields } from './models/password-reset-request.model.ts';
export {
  type RequestFields,
  type RequestStatus,
  type RequestType,
  requestStatuses,
  requestTypes,
} from './models/request.model.ts';
export type { RequestSearchTermFields } from './models/request-search-term.model.ts';
export type { TeamFields } from './models/team.model.ts';
export { type UserFields, type UserRole, userRoles } from './models/user.model.ts';
export {
  type WebhookDeliveryFields,
  type WebhookDeliveryOutcome,
  webhookDeliveryOutcomes,
} from './models/webhook-delivery.model.ts';
export type { WebhookEndpointFields } from './models/webhook-endpoint.model.ts';
export { webhookDisableId } from './models/webhook-endpoint-disable.model.ts';
export { createPasswordHasher, type PasswordHasher } from './password-hasher.ts';
export { passwordResetAggregateName, passwordResetOutboxRef } from './password-reset-outbox.ts';
export { hashResetToken, mintResetToken, resetTokenPattern } from './password-reset-token.ts';
export { chosenPassword, maxPasswordBytes } from './password-rule.ts';
export { commonValuesPage, type EveryValue } from './queries/common-values.ts';
export {
  type CompanyOverdue,
  type CompanyOverdueRequest,
  companyOverdue,
} from './queries/company-overdue.ts';
export {
  type Branch,
  type IdPage,
  type MergedPage,
  mergedIdPage,
  mergedPage,
} from './queries/merged-id-page.ts';
export { orderedValuesPage, type ValuesPage } from './queries/ordered-values.ts';
export {
  type DeadlineHoursByPriority,
  findOverdueRequests,
  type OverduePage,
  type OverdueRequest,
} from './queries/overdue-requests.ts';
export { type PeriodFigures, periodFigures } from './queries/period-figures.ts';
export {
  findEquipmentDueForPreventive,
  nextPreventiveAt,
  type PreventiveDue,
} from './queries/preventive-due.ts';
export { countRequestsPerTeamAndStage, type TeamStageCounts } from './queries/request-counts.ts';
export { equalityFields, type IndexKey, idOrderIndex, rangeIndex } from './queries/serving-index.ts';
export { requestAggregateName, requestOutboxRef } from './request-outbox.ts';
export {
  type CreateRequestDeps,
  type CreateRequestResult,
  createRequestRecord,
  type NewRequest,
  RequestRefused,
} from './requests/create-request.ts';
export {
  type PasswordResetSweep,
  passwordResetKeepMs,
  sweepPasswordResets,
} from './retention/password-reset-retention.ts';
export { sweepRevisionClaims } from './retention/revision-claim-retention.ts';
export { sweepWebhooks, type WebhookSweep } from './retention/webhook-retention.ts';
export { rebuildSearchTerms, type SearchTermsRebuild } from './search/rebuild-search-terms.ts';
export {
  dropRequestSearchTerms,
  requestSearchTermDocs,
  type SearchableRequest,
  searchTermOf,
  stageTermOf,
  subjectTerms,
  type TermRevisions,
  writeRequestSearchTerms,
  writeSearchTermsOf,
} from './search/request-search-terms.ts';
export {
  webhookMessageAggregateName,
  webhookMessageId,
  webhookMessageOutboxRef,
} from './webhook-message-outbox.ts';
export { type WebhookState, webhookState } from './webhook-state.ts';

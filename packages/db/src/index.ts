export {
  type ConnectOptions,
  connectDatabase,
  type Database,
  type Models,
} from './database.ts';
export type { CompanyFields } from './models/company.model.ts';
export type { EquipmentFields } from './models/equipment.model.ts';
export type { PasswordResetRequestFields } from './models/password-reset-request.model.ts';
export {
  type RequestFields,
  type RequestStatus,
  type RequestType,
  requestStatuses,
  requestTypes,
} from './models/request.model.ts';
export type { TeamFields } from './models/team.model.ts';
export { type UserFields, type UserRole, userRoles } from './models/user.model.ts';
export { createPasswordHasher, type PasswordHasher } from './password-hasher.ts';
export { passwordResetAggregateName, passwordResetOutboxRef } from './password-reset-outbox.ts';
export { hashResetToken, mintResetToken, resetTokenPattern } from './password-reset-token.ts';
export { chosenPassword, maxPasswordBytes } from './password-rule.ts';
export { requestAggregateName, requestOutboxRef } from './request-outbox.ts';
export {
  type PasswordResetSweep,
  passwordResetKeepMs,
  sweepPasswordResets,
} from './retention/password-reset-retention.ts';
export { sweepRevisionClaims } from './retention/revision-claim-retention.ts';

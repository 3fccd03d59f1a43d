export {
  type ConnectOptions,
  connectDatabase,
  type Database,
  type Models,
} from './database.ts';
export type { CompanyFields } from './models/company.model.ts';
export type { EquipmentFields } from './models/equipment.model.ts';
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
export { requestAggregateName, requestOutboxRef } from './request-outbox.ts';
export { sweepRevisionClaims } from './retention/revision-claim-retention.ts';

export {
  changePasswordInput,
  loginInput,
  requestPasswordResetInput,
  resetPasswordInput,
} from './auth.schemas.ts';
export {
  type CreateEquipmentInput,
  createEquipmentInput,
  preventiveIntervalDays,
  type UpdateEquipmentInput,
  updateEquipmentInput,
} from './equipment.schemas.ts';
export { objectIdString } from './ids.schemas.ts';
export { chosenPassword, maxPasswordBytes, resetTokenPattern } from './password.schemas.ts';
export {
  assignInput,
  type CreateRequestInput,
  createRequestInput,
  type ListRequestsInput,
  listRequestsInput,
  priority,
  type RequestSort,
  requestIdInput,
  requestSorts,
  subjectSearch,
  type UpdateRequestInput,
  updateRequestInput,
  updateStatusInput,
} from './request.schemas.ts';
export {
  closedStages,
  type RequestStatus,
  type RequestType,
  requestStatuses,
  requestTypes,
  stageLabels,
  transitions,
} from './request-lifecycle.ts';
export { type UserRole, userRoles } from './roles.ts';
export { matchesSearchWords, searchWords } from './search-words.ts';
export { createTeamInput, updateTeamInput } from './team.schemas.ts';
export { emailAddress, isoDateTime, optionalText, text, withChanges } from './text.schemas.ts';
export { createUserInput, updateUserInput } from './user.schemas.ts';
export {
  createWebhookInput,
  updateWebhookInput,
  type WebhookEventName,
  webhookEventNames,
} from './webhook.schemas.ts';

import { requestStatuses, requestTypes } from '@fixstream/db';
import { z } from 'zod';
import { idString, isoDateTime, isoString, objectId, optionalText, text } from '../shared/schemas.ts';

export const priority = z.number().int().min(0).max(3);

export const createRequestInput = z.strictObject({
  subject: text(200),
  type: z.enum(requestTypes),
  equipment: objectId,
  maintenanceTeam: objectId,
  assignedTechnician: objectId,
  description: optionalText(5000),
  priority: priority.default(1),
  scheduledDate: isoDateTime.nullish(),
  duration: z.number().min(0).max(10_000).nullish(),
});
export type CreateRequestInput = z.output<typeof createRequestInput>;

export const requestIdInput = z.strictObject({ id: objectId });

export const listRequestsInput = z
  .strictObject({
    status: z.enum(requestStatuses).optional(),
    type: z.enum(requestTypes).optional(),
    team: objectId.optional(),
    technician: objectId.optional(),
    equipment: objectId.optional(),
    cursor: objectId.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
export type ListRequestsInput = z.output<typeof listRequestsInput>;

export const requestOutput = z.object({
  id: idString,
  subject: z.string(),
  description: z.string().nullable(),
  type: z.enum(requestTypes),
  status: z.enum(requestStatuses),
  priority,
  equipment: idString,
  maintenanceTeam: idString,
  assignedTechnician: idString.nullable(),
  requestedBy: idString,
  company: idString,
  scheduledDate: isoString.nullable(),
  duration: z.number().nullable(),
  closedAt: isoString.nullable(),
  createdAt: isoString,
  updatedAt: isoString,
});
export type RequestOutput = z.output<typeof requestOutput>;

export const requestPageOutput = z.object({
  items: z.array(requestOutput),
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: idString.nullable(),
});

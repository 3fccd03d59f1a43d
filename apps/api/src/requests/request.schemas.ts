import { priority, requestStatuses, requestTypes } from '@fixstream/schemas';
import { z } from 'zod';
import { idString, isoString, objectId } from '../shared/schemas.ts';

export {
  assignInput,
  type CreateRequestInput,
  createRequestInput,
  type ListRequestsInput,
  listRequestsInput,
  priority,
  requestIdInput,
  requestSorts,
  type UpdateRequestInput,
  updateRequestInput,
  updateStatusInput,
} from '@fixstream/schemas';

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

export const statsInput = z.strictObject({ team: objectId.optional() }).default({});

export const statsOutput = z.object({
  teams: z.array(
    z.object({
      team: z.object({ id: idString, name: z.string() }),
      counts: z.object(
        Object.fromEntries(requestStatuses.map((s) => [s, z.number()])) as Record<
          (typeof requestStatuses)[number],
          z.ZodNumber
        >,
      ),
      total: z.number(),
      /** When this team's counts were taken: a create or stage change in the team invalidates them. */
      countedAt: isoString,
    }),
  ),
  /** When the oldest of the teams' counts were taken: they come from a cache, per team. */
  countedAt: isoString,
});
export type StatsOutput = z.output<typeof statsOutput>;

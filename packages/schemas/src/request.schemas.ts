import { z } from 'zod';
import { objectIdString as objectId } from './ids.schemas.ts';
import { requestStatuses, requestTypes } from './request-lifecycle.ts';
import { searchWords } from './search-words.ts';
import { isoDateTime, optionalText, text, withChanges } from './text.schemas.ts';

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

/** What `requests.list` looks for in subjects: at least one word (see `searchWords`), 100 characters at most. */
export const subjectSearch = text(100).refine(
  (value) => value === '' || searchWords(value).length > 0,
  'must contain a letter or a digit',
);

export const requestSorts = ['newest', 'oldest', 'priority'] as const;
export type RequestSort = (typeof requestSorts)[number];

export const listRequestsInput = z
  .strictObject({
    status: z.enum(requestStatuses).optional(),
    type: z.enum(requestTypes).optional(),
    team: objectId.optional(),
    technician: objectId.optional(),
    equipment: objectId.optional(),
    /** Scheduled date passed and not closed yet. */
    overdue: z.boolean().optional(),
    /** Only requests whose subject has a word beginning with each word of this, ignoring case and accents. */
    search: subjectSearch.optional(),
    /** newest first (default), oldest first, or highest priority first (newest first within one priority). */
    sort: z.enum(requestSorts).default('newest'),
    /** The `nextCursor` of the previous page, with the same filters and sort. */
    cursor: z
      .string()
      .regex(/^([0-3]:)?[a-f\d]{24}$/i, 'must be a nextCursor returned by requests.list')
      .optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20, sort: 'newest' });
export type ListRequestsInput = z.output<typeof listRequestsInput>;

export const updateStatusInput = z.strictObject({ id: objectId, status: z.enum(requestStatuses) });

export const assignInput = z.strictObject({ id: objectId, technicianId: objectId });

export const updateRequestInput = withChanges(
  z.strictObject({
    id: objectId,
    subject: text(200).optional(),
    description: optionalText(5000),
    priority: priority.optional(),
    scheduledDate: isoDateTime.nullish(),
    duration: z.number().min(0).max(10_000).nullish(),
  }),
);
export type UpdateRequestInput = z.output<typeof updateRequestInput>;

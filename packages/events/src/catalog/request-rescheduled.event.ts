import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { objectIdString } from './ids.schema.ts';

/**
 * A request's scheduled date changed (`requests.update`). `remind-technician-rescheduled` schedules the reminder
 * for the new date; the reminder of the old date finds the date moved when it wakes and sends nothing.
 */
export const requestRescheduled = defineEvent({
  name: 'maintenance/request.rescheduled',
  version: 1,
  data: z.object({
    requestId: objectIdString,
    companyId: objectIdString,
    type: z.enum(['corrective', 'preventive']),
    /** ISO 8601; null when the request had no date. */
    from: z.iso.datetime().nullable(),
    /** ISO 8601; null when the date was taken off. */
    to: z.iso.datetime().nullable(),
    changedById: objectIdString,
  }),
});

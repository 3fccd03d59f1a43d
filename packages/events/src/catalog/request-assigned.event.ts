import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { objectIdString } from './ids.schema.ts';

/** A request got another technician; `send-assignment-notification` tells the new one. */
export const requestAssigned = defineEvent({
  name: 'maintenance/request.assigned',
  version: 1,
  data: z.object({
    requestId: objectIdString,
    companyId: objectIdString,
    technicianId: objectIdString,
    previousTechnicianId: objectIdString.nullable(),
    assignedById: objectIdString,
  }),
});

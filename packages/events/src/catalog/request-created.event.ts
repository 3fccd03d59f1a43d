import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { objectIdString } from './ids.schema.ts';

/**
 * A maintenance request was created. Carries ids only: consumers load the current request, so a mail sent
 * after a retry shows what is true then, and no personal data sits in Redis.
 */
export const requestCreated = defineEvent({
  name: 'maintenance/request.created',
  version: 1,
  data: z.object({
    requestId: objectIdString,
    companyId: objectIdString,
    type: z.enum(['corrective', 'preventive']),
    assignedTechnicianId: objectIdString,
    requestedById: objectIdString,
  }),
});

import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { objectIdString } from './ids.schema.ts';

export const requestStatuses = ['new', 'in_progress', 'repaired', 'scrap'] as const;

/** A request moved to another stage; `send-status-update` tells the person who asked for the work. */
export const requestStatusChanged = defineEvent({
  name: 'maintenance/request.status-changed',
  version: 1,
  data: z.object({
    requestId: objectIdString,
    companyId: objectIdString,
    from: z.enum(requestStatuses),
    to: z.enum(requestStatuses),
    changedById: objectIdString,
  }),
});

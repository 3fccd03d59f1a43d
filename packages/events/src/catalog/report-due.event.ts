import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { objectIdString } from './ids.schema.ts';

/**
 * A company's report of one period is due: `send-periodic-report` counts the period and mails the company's
 * managers and admins. Owed once per company and period by `plan-company-reports` (its id says which).
 */
export const reportDue = defineEvent({
  name: 'maintenance/report.due',
  version: 1,
  data: z.object({
    companyId: objectIdString,
    frequency: z.enum(['weekly', 'daily']),
    /** The period `[from, to)`, ISO 8601. */
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** The company's IANA time zone when the report was planned; the mail shows the period in it. */
    timeZone: z.string().min(1),
  }),
});

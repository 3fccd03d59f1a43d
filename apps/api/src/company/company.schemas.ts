import { reportFrequencies } from '@fixstream/db';
import { isTimeZone } from '@fixstream/events';
import { z } from 'zod';
import { idString, text, withChanges } from '../shared/schemas.ts';

export const companyOutput = z.object({
  id: idString,
  name: z.string(),
  /** The IANA time zone the company's reports (and their weeks and days) follow. */
  timeZone: z.string(),
  /** How often managers and admins get the report mail. */
  reportFrequency: z.enum(reportFrequencies),
});
export type CompanyOutput = z.output<typeof companyOutput>;

const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone name, such as Europe/Paris or America/New_York');

export const getCompanyInput = z.strictObject({}).default({});

export const updateCompanyInput = withChanges(
  z.strictObject({
    name: text(120).optional(),
    timeZone: timeZone.optional(),
    reportFrequency: z.enum(reportFrequencies).optional(),
  }),
);
export type UpdateCompanyInput = z.output<typeof updateCompanyInput>;

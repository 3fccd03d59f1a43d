import { userRoles } from '@fixstream/db';
import { z } from 'zod';
import { idString, isoString, pageFields } from '../shared/schemas.ts';

// The input rules live in @fixstream/schemas, which the web app's forms load too.
export { createUserInput, updateUserInput } from '@fixstream/schemas';

export const userOutput = z.object({
  id: idString,
  name: z.string(),
  email: z.string(),
  role: z.enum(userRoles),
  active: z.boolean(),
  companyId: idString,
  createdAt: isoString,
});
export type UserOutput = z.output<typeof userOutput>;

export const listUsersInput = z
  .strictObject({ role: z.enum(userRoles).optional(), active: z.boolean().optional(), ...pageFields })
  .default({ limit: 20 });

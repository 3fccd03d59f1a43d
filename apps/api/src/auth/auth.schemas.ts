import { userRoles } from '@fixstream/db';
import { z } from 'zod';
import { idString, isoString } from '../shared/schemas.ts';

export const loginInput = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address')),
  password: z.string().min(1, 'must not be empty').max(200),
});

export const sessionUserOutput = z.object({
  id: idString,
  name: z.string(),
  email: z.string(),
  role: z.enum(userRoles),
  companyId: idString,
});

export const loginOutput = z.object({
  token: z.string(),
  expiresAt: isoString,
  user: sessionUserOutput,
});

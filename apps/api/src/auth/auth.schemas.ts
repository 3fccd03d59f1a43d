import { userRoles } from '@fixstream/schemas';
import { z } from 'zod';
import { idString, isoString } from '../shared/schemas.ts';

export {
  changePasswordInput,
  loginInput,
  requestPasswordResetInput,
  resetPasswordInput,
} from '@fixstream/schemas';

/** The answer of procedures whose only result is a sentence for the person. */
export const messageOutput = z.object({ message: z.string() });

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

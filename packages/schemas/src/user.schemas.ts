import { z } from 'zod';
import { objectIdString as objectId } from './ids.schemas.ts';
import { chosenPassword } from './password.schemas.ts';
import { userRoles } from './roles.ts';
import { emailAddress, text, withChanges } from './text.schemas.ts';

export const createUserInput = z.strictObject({
  name: text(120),
  email: emailAddress,
  password: chosenPassword,
  role: z.enum(userRoles),
});

/** A role or `active` change ends the user's sessions (the API's token version). */
export const updateUserInput = withChanges(
  z.strictObject({
    id: objectId,
    name: text(120).optional(),
    role: z.enum(userRoles).optional(),
    active: z.boolean().optional(),
  }),
);

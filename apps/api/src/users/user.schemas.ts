import { chosenPassword, userRoles } from '@fixstream/db';
import { z } from 'zod';
import {
  emailAddress,
  idString,
  isoString,
  objectId,
  pageFields,
  text,
  withChanges,
} from '../shared/schemas.ts';

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

export const createUserInput = z.strictObject({
  name: text(120),
  email: emailAddress,
  password: chosenPassword,
  role: z.enum(userRoles),
});

export const updateUserInput = withChanges(
  z.strictObject({
    id: objectId,
    name: text(120).optional(),
    role: z.enum(userRoles).optional(),
    active: z.boolean().optional(),
  }),
);

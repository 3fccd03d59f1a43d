import { z } from 'zod';
import { idString, isoString, objectId, pageFields, text, withChanges } from '../shared/schemas.ts';

export const teamOutput = z.object({
  id: idString,
  name: z.string(),
  members: z.array(idString),
  companyId: idString,
  createdAt: isoString,
});
export type TeamOutput = z.output<typeof teamOutput>;

const memberIds = z
  .array(objectId)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a member');

export const listTeamsInput = z
  .strictObject({ member: objectId.optional(), ...pageFields })
  .default({ limit: 20 });
export const createTeamInput = z.strictObject({ name: text(120), members: memberIds.default([]) });
export const updateTeamInput = withChanges(
  z.strictObject({ id: objectId, name: text(120).optional(), members: memberIds.optional() }),
);

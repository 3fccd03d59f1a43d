import { z } from 'zod';
import { idString, isoString, objectId, pageFields } from '../shared/schemas.ts';

// The input rules live in @fixstream/schemas, which the web app's forms load too.
export { createTeamInput, updateTeamInput } from '@fixstream/schemas';

export const teamOutput = z.object({
  id: idString,
  name: z.string(),
  members: z.array(idString),
  companyId: idString,
  createdAt: isoString,
});
export type TeamOutput = z.output<typeof teamOutput>;

export const listTeamsInput = z
  .strictObject({ member: objectId.optional(), ...pageFields })
  .default({ limit: 20 });

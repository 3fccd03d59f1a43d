import { z } from 'zod';
import { objectIdString as objectId } from './ids.schemas.ts';
import { text, withChanges } from './text.schemas.ts';

const memberIds = z
  .array(objectId)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a member');

export const createTeamInput = z.strictObject({ name: text(120), members: memberIds.default([]) });
export const updateTeamInput = withChanges(
  z.strictObject({ id: objectId, name: text(120).optional(), members: memberIds.optional() }),
);

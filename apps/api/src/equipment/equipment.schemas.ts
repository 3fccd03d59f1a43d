import { z } from 'zod';
import { idString, isoString, objectId, pageFields, text } from '../shared/schemas.ts';

// The input rules live in @fixstream/schemas, which the web app's forms load too.
export {
  type CreateEquipmentInput,
  createEquipmentInput,
  type UpdateEquipmentInput,
  updateEquipmentInput,
} from '@fixstream/schemas';

export const equipmentOutput = z.object({
  id: idString,
  name: z.string(),
  serialNumber: z.string(),
  location: z.string().nullable(),
  category: z.string().nullable(),
  team: idString.nullable(),
  defaultTechnician: idString.nullable(),
  preventiveIntervalDays: z.number().nullable(),
  /** When the worker next opens a preventive request for it; null without an interval. */
  nextPreventiveAt: isoString.nullable(),
  companyId: idString,
  createdAt: isoString,
});
export type EquipmentOutput = z.output<typeof equipmentOutput>;

export const listEquipmentInput = z
  .strictObject({ team: objectId.optional(), category: text(120).optional(), ...pageFields })
  .default({ limit: 20 });

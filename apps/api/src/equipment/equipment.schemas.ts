import { z } from 'zod';
import {
  idString,
  isoString,
  objectId,
  optionalText,
  pageFields,
  text,
  withChanges,
} from '../shared/schemas.ts';

export const equipmentOutput = z.object({
  id: idString,
  name: z.string(),
  serialNumber: z.string(),
  location: z.string().nullable(),
  category: z.string().nullable(),
  team: idString.nullable(),
  defaultTechnician: idString.nullable(),
  preventiveIntervalDays: z.number().nullable(),
  companyId: idString,
  createdAt: isoString,
});
export type EquipmentOutput = z.output<typeof equipmentOutput>;

const intervalDays = z.number().int().min(1).max(3650);

export const listEquipmentInput = z
  .strictObject({ team: objectId.optional(), category: text(120).optional(), ...pageFields })
  .default({ limit: 20 });

export const createEquipmentInput = z.strictObject({
  name: text(120),
  serialNumber: text(120),
  location: optionalText(200),
  category: optionalText(120),
  team: objectId.nullish(),
  defaultTechnician: objectId.nullish(),
  preventiveIntervalDays: intervalDays.nullish(),
});
export type CreateEquipmentInput = z.output<typeof createEquipmentInput>;

/** Omitted fields stay as they are; `null` clears an optional one. */
export const updateEquipmentInput = withChanges(
  z.strictObject({
    id: objectId,
    name: text(120).optional(),
    serialNumber: text(120).optional(),
    location: optionalText(200),
    category: optionalText(120),
    team: objectId.nullish(),
    defaultTechnician: objectId.nullish(),
    preventiveIntervalDays: intervalDays.nullish(),
  }),
);
export type UpdateEquipmentInput = z.output<typeof updateEquipmentInput>;

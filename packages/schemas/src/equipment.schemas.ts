import { z } from 'zod';
import { objectIdString as objectId } from './ids.schemas.ts';
import { optionalText, text, withChanges } from './text.schemas.ts';

/** Days between preventive maintenances: at least daily, at most ten years apart. */
export const preventiveIntervalDays = z.number().int().min(1).max(3650);

export const createEquipmentInput = z.strictObject({
  name: text(120),
  serialNumber: text(120),
  location: optionalText(200),
  category: optionalText(120),
  team: objectId.nullish(),
  defaultTechnician: objectId.nullish(),
  preventiveIntervalDays: preventiveIntervalDays.nullish(),
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
    preventiveIntervalDays: preventiveIntervalDays.nullish(),
  }),
);
export type UpdateEquipmentInput = z.output<typeof updateEquipmentInput>;

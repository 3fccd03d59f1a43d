import { pageOutput } from '../shared/page-output.ts';
import { idInput } from '../shared/schemas.ts';
import { guarded, router } from '../trpc/init.ts';
import {
  createEquipmentInput,
  equipmentOutput,
  listEquipmentInput,
  updateEquipmentInput,
} from './equipment.schemas.ts';
import { createEquipment, getEquipment, listEquipment, updateEquipment } from './equipment.service.ts';

export const equipmentRouter = router({
  list: guarded('equipment.list', listEquipmentInput)
    .output(pageOutput(equipmentOutput))
    .query(({ ctx, input }) => listEquipment(ctx.deps, ctx.user, input)),
  byId: guarded('equipment.byId', idInput)
    .output(equipmentOutput)
    .query(({ ctx, input }) => getEquipment(ctx.deps, ctx.user, input.id)),
  create: guarded('equipment.create', createEquipmentInput)
    .output(equipmentOutput)
    .mutation(({ ctx, input }) => createEquipment(ctx.deps, ctx.user, input)),
  update: guarded('equipment.update', updateEquipmentInput)
    .output(equipmentOutput)
    .mutation(({ ctx, input }) => updateEquipment(ctx.deps, ctx.user, input)),
});

import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const equipmentSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    serialNumber: { type: String, required: true, trim: true, maxlength: 120 },
    location: { type: String, trim: true, maxlength: 200, default: null },
    category: { type: String, trim: true, maxlength: 120, default: null },
    team: { type: Schema.Types.ObjectId, ref: 'MaintenanceTeam', default: null },
    defaultTechnician: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    preventiveIntervalDays: { type: Number, min: 1, max: 3650, default: null },
    /** When the next preventive request is due: set from the interval by equipment writes, advanced by the job. */
    nextPreventiveAt: { type: Date, default: null },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
  },
  { timestamps: true },
);
equipmentSchema.index({ company: 1, serialNumber: 1 }, { unique: true });
equipmentSchema.index({ company: 1, name: 1 });
// equipment.list: newest first, by team or category, a page at a time
equipmentSchema.index({ company: 1, _id: -1 });
equipmentSchema.index({ company: 1, team: 1, _id: -1 });
equipmentSchema.index({ company: 1, category: 1, _id: -1 });
// the preventive job: equipment due before a date (findEquipmentDueForPreventive)
equipmentSchema.index({ nextPreventiveAt: 1 });

export type EquipmentFields = InferSchemaType<typeof equipmentSchema>;

export function equipmentModel(connection: Connection) {
  return connection.model('Equipment', equipmentSchema, 'equipment');
}

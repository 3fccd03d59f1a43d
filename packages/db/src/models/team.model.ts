import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const teamSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    members: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
  },
  { timestamps: true },
);
teamSchema.index({ company: 1, name: 1 }, { unique: true });
teamSchema.index({ company: 1, members: 1 });
// teams.list: newest first, a page at a time (the member filter reads the company's teams in that order)
teamSchema.index({ company: 1, _id: -1 });

export type TeamFields = InferSchemaType<typeof teamSchema>;

export function teamModel(connection: Connection) {
  return connection.model('MaintenanceTeam', teamSchema, 'maintenance_teams');
}

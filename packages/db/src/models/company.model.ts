import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const companySchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
  },
  { timestamps: true },
);
companySchema.index({ name: 1 }, { unique: true });

export type CompanyFields = InferSchemaType<typeof companySchema>;

export function companyModel(connection: Connection) {
  return connection.model('Company', companySchema, 'companies');
}

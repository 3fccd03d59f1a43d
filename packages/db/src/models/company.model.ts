import { isTimeZone } from '@fixstream/events';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/** How often a company's managers and admins get the report mail; `off` sends none. */
export const reportFrequencies = ['weekly', 'daily', 'off'] as const;
export type CompanyReportFrequency = (typeof reportFrequencies)[number];

export const companySchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    /** Where the company's days and weeks begin: its reports cover its own weeks, in its own clock. */
    timeZone: {
      type: String,
      default: 'UTC',
      validate: { validator: isTimeZone, message: 'unknown time zone' },
    },
    reportFrequency: { type: String, enum: reportFrequencies, default: 'weekly' },
  },
  { timestamps: true },
);
companySchema.index({ name: 1 }, { unique: true });

export type CompanyFields = InferSchemaType<typeof companySchema>;

export function companyModel(connection: Connection) {
  return connection.model('Company', companySchema, 'companies');
}

import { outboxEventSchema } from '@fixstream/run-storage';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * One report of one company for one period, keyed by its event's id (`companyReportId`): inserting it is the one
 * decision that the report is owed, however many workers plan reports at once, and it is the aggregate whose
 * outbox holds the `maintenance/report.due` event (ref `report:<event id>`).
 */
export const companyReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    frequency: { type: String, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    outbox: { type: [outboxEventSchema], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
// retention of old reports
companyReportSchema.index({ createdAt: 1 });

export type CompanyReportFields = InferSchemaType<typeof companyReportSchema>;

export function companyReportModel(connection: Connection) {
  return connection.model('CompanyReport', companyReportSchema, 'company_reports');
}

import { outboxEventSchema } from '@fixstream/run-storage';
import { requestStatuses, requestTypes } from '@fixstream/schemas';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export { type RequestStatus, type RequestType, requestStatuses, requestTypes } from '@fixstream/schemas';

export const requestSchema = new Schema(
  {
    subject: { type: String, required: true, trim: true, maxlength: 200 },
    description: { type: String, maxlength: 5000, default: null },
    type: { type: String, required: true, enum: requestTypes },
    status: { type: String, required: true, enum: requestStatuses, default: 'new' },
    priority: { type: Number, required: true, min: 0, max: 3, default: 1 },
    equipment: { type: Schema.Types.ObjectId, ref: 'Equipment', required: true },
    maintenanceTeam: { type: Schema.Types.ObjectId, ref: 'MaintenanceTeam', required: true },
    assignedTechnician: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    requestedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    scheduledDate: { type: Date, default: null },
    duration: { type: Number, min: 0, default: null },
    closedAt: { type: Date, default: null },
    /**
     * Events whose owed-event row still existed at the last write, plus the event of that write. The relay never
     * writes a request: it settles an event by deleting the row, and the API's next write drops the event.
     */
    outbox: { type: [outboxEventSchema], default: [] },
    /**
     * Bumped by every write of an existing request, which must first claim the next revision in
     * `request_revisions` (see `revision-claim.model.ts`): FerretDB does not apply `{_id, revision}` atomically.
     */
    revision: { type: Number, required: true, default: 0 },
    /**
     * The revision whose write last set the subject or the priority, which versions the request's search terms
     * (`request_search_terms`): the next such change deletes exactly the terms it replaces. Missing (0) on requests
     * stored before search existed.
     */
    termsRevision: { type: Number, default: 0 },
    /**
     * The revision whose write last set the stage or the priority, which versions the request's stage term (see
     * `stageTermOf`). Missing (0) on requests stored before stage terms existed.
     */
    stageTermRevision: { type: Number, default: 0 },
  },
  { timestamps: true },
);
requestSchema.index({ company: 1, _id: -1 });
requestSchema.index({ company: 1, status: 1, _id: -1 });
requestSchema.index({ company: 1, type: 1, _id: -1 });
// `maintenanceTeam` after `_id` keeps the order and lets a technician's search test the teams on the index entry
requestSchema.index({ company: 1, assignedTechnician: 1, _id: -1, maintenanceTeam: 1 });
requestSchema.index({ company: 1, maintenanceTeam: 1, _id: -1 });
requestSchema.index({ company: 1, equipment: 1, _id: -1 });
requestSchema.index({ company: 1, requestedBy: 1, _id: -1 });
requestSchema.index({ company: 1, priority: 1, _id: -1 });
requestSchema.index({ company: 1, maintenanceTeam: 1, status: 1, _id: -1 });
// open requests (closedAt null) past a date, one company's, then a period's closes: requests.list `overdue`, the
// escalation job (company by company), the report's overdue list and its closes
requestSchema.index({ company: 1, closedAt: 1, scheduledDate: 1, _id: 1 });

export type RequestFields = InferSchemaType<typeof requestSchema>;

export function requestModel(connection: Connection) {
  return connection.model('MaintenanceRequest', requestSchema, 'maintenance_requests');
}

/**
 * Indexes of `maintenance_requests` no longer declared, dropped when a database opens: each index costs every
 * write of a request. `{status, scheduledDate, _id}` served the escalation job's pages across companies, which now
 * reads company by company; `{company, assignedTechnician, _id}` is now followed by `maintenanceTeam`.
 */
export const retiredRequestIndexes = [
  'status_1_scheduledDate_1__id_1',
  'company_1_assignedTechnician_1__id_-1',
];

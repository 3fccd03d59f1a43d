import type { RequestFields } from '@fixstream/db';
import type { Types } from 'mongoose';
import type { RequestOutput } from './request.schemas.ts';

export type RequestDocument = Omit<RequestFields, 'outbox'> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** A stored request as the API shows it: string ids, ISO dates, and nothing internal (the outbox stays home). */
export function toRequestOutput(doc: RequestDocument): RequestOutput {
  return {
    id: doc._id.toString(),
    subject: doc.subject,
    description: doc.description ?? null,
    type: doc.type,
    status: doc.status,
    priority: doc.priority,
    equipment: doc.equipment.toString(),
    maintenanceTeam: doc.maintenanceTeam.toString(),
    assignedTechnician: doc.assignedTechnician?.toString() ?? null,
    requestedBy: doc.requestedBy.toString(),
    company: doc.company.toString(),
    scheduledDate: iso(doc.scheduledDate),
    duration: doc.duration ?? null,
    closedAt: iso(doc.closedAt),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

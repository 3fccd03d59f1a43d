import type { Database } from '@fixstream/db';
import type { Types } from 'mongoose';

/** A request with the names and addresses its mails show. */
export interface RequestForMail {
  id: string;
  subject: string;
  description: string | null;
  type: 'corrective' | 'preventive';
  priority: 0 | 1 | 2 | 3;
  scheduledDate: string | null;
  equipment: { name: string; serialNumber: string; location: string | null };
  maintenanceTeam: { name: string };
  requestedBy: { id: string; name: string; email: string };
  assignedTechnician: { id: string; name: string; email: string; active: boolean } | null;
}

interface PopulatedRequest {
  _id: Types.ObjectId;
  subject: string;
  description?: string | null;
  type: 'corrective' | 'preventive';
  priority: number;
  scheduledDate?: Date | null;
  equipment: { name: string; serialNumber: string; location?: string | null } | null;
  maintenanceTeam: { name: string } | null;
  requestedBy: { _id: Types.ObjectId; name: string; email: string } | null;
  assignedTechnician: { _id: Types.ObjectId; name: string; email: string; active: boolean } | null;
}

/** Loads a request and what it points to (populate: separate queries, which FerretDB supports). */
export async function loadRequestForMail(db: Database, requestId: string): Promise<RequestForMail | null> {
  const doc = await db.models.Request.findById(requestId, { outbox: 0 })
    .populate('equipment', 'name serialNumber location')
    .populate('maintenanceTeam', 'name')
    .populate('requestedBy', 'name email')
    .populate('assignedTechnician', 'name email active')
    .lean<PopulatedRequest>();
  if (!doc?.equipment || !doc.maintenanceTeam || !doc.requestedBy) return null;
  const technician = doc.assignedTechnician;
  return {
    id: doc._id.toString(),
    subject: doc.subject,
    description: doc.description ?? null,
    type: doc.type,
    priority: Math.min(3, Math.max(0, doc.priority)) as RequestForMail['priority'],
    scheduledDate: doc.scheduledDate?.toISOString() ?? null,
    equipment: {
      name: doc.equipment.name,
      serialNumber: doc.equipment.serialNumber,
      location: doc.equipment.location ?? null,
    },
    maintenanceTeam: { name: doc.maintenanceTeam.name },
    requestedBy: {
      id: doc.requestedBy._id.toString(),
      name: doc.requestedBy.name,
      email: doc.requestedBy.email,
    },
    assignedTechnician: technician
      ? {
          id: technician._id.toString(),
          name: technician.name,
          email: technician.email,
          active: technician.active,
        }
      : null,
  };
}

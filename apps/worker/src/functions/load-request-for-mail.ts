import type { Database } from '@fixstream/db';
import { InFlightLookups } from './in-flight-lookups.ts';

/** A request with the names and addresses its mails show. */
export interface RequestForMail {
  id: string;
  subject: string;
  description: string | null;
  type: 'corrective' | 'preventive';
  priority: 0 | 1 | 2 | 3;
  status: 'new' | 'in_progress' | 'repaired' | 'scrap';
  scheduledDate: string | null;
  /** Planned hours; null when nobody planned it. */
  durationHours: number | null;
  closedAt: string | null;
  equipment: { name: string; serialNumber: string; location: string | null };
  maintenanceTeam: { id: string; name: string };
  companyId: string;
  requestedBy: { id: string; name: string; email: string; active: boolean };
  assignedTechnician: { id: string; name: string; email: string; active: boolean } | null;
}

const lookupsByDb = new WeakMap<Database, InFlightLookups>();

/** One set of shared lookups per connection, so tests with a database each never see each other's. */
function lookupsOf(db: Database): InFlightLookups {
  let lookups = lookupsByDb.get(db);
  if (!lookups) {
    lookups = new InFlightLookups();
    lookupsByDb.set(db, lookups);
  }
  return lookups;
}

/**
 * Loads a request and what it points to in two round trips: the request, then its equipment, team and people in
 * parallel, each by `_id` alone (the one filter FerretDB answers from an index; `populate` would use `$in`).
 * Runs in flight at the same time share their lookups of the same equipment, team or person (results are read,
 * never changed), so a burst of requests for one team costs the database one query per record, not one per run.
 */
export async function loadRequestForMail(db: Database, requestId: string): Promise<RequestForMail | null> {
  const { Request, Equipment, Team, User } = db.models;
  const request = await Request.findById(requestId, { outbox: 0 }).lean();
  if (!request) return null;
  const lookups = lookupsOf(db);
  const person = (id: unknown) =>
    lookups.get(`user:${String(id)}`, () => User.findById(id, { name: 1, email: 1, active: 1 }).lean());
  const [equipment, team, requester, technician] = await Promise.all([
    lookups.get(`equipment:${String(request.equipment)}`, () =>
      Equipment.findById(request.equipment, { name: 1, serialNumber: 1, location: 1 }).lean(),
    ),
    lookups.get(`team:${String(request.maintenanceTeam)}`, () =>
      Team.findById(request.maintenanceTeam, { name: 1 }).lean(),
    ),
    person(request.requestedBy),
    request.assignedTechnician ? person(request.assignedTechnician) : null,
  ]);
  if (!equipment || !team || !requester) return null;
  return {
    id: request._id.toString(),
    subject: request.subject,
    description: request.description ?? null,
    type: request.type,
    priority: Math.min(3, Math.max(0, request.priority)) as RequestForMail['priority'],
    status: request.status,
    scheduledDate: request.scheduledDate?.toISOString() ?? null,
    durationHours: request.duration ?? null,
    closedAt: request.closedAt?.toISOString() ?? null,
    equipment: {
      name: equipment.name,
      serialNumber: equipment.serialNumber,
      location: equipment.location ?? null,
    },
    maintenanceTeam: { id: team._id.toString(), name: team.name },
    companyId: request.company.toString(),
    requestedBy: {
      id: requester._id.toString(),
      name: requester.name,
      email: requester.email,
      active: requester.active,
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

/** A user's display name, for "changed by" and "assigned by" lines; a deleted user reads as "someone". */
export async function userName(db: Database, id: string | null): Promise<string | null> {
  if (!id) return null;
  const user = await db.models.User.findById(id, { name: 1 }).lean();
  return user?.name ?? 'someone';
}

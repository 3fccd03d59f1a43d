import { createRequestRecord, type Database } from '@fixstream/db';
import { createOutbox } from '@fixstream/run-storage';
import type { Types } from 'mongoose';
import { demoOverdueRequest } from './demo-data.ts';
import type { SeedResult } from './seed.service.ts';

/**
 * The demo request's id, the same at every seed of a company (so seeding again finds it instead of adding one):
 * the company's creation second, then a fixed tail no driver generates.
 */
export function demoOverdueRequestId(companyId: Types.ObjectId): string {
  return `${companyId.toHexString().slice(0, 8)}de5eed0000000001`;
}

/**
 * Creates the demo's overdue request once, as the API would (its `request.created` event is owed and published by
 * the worker's relay, so its technician is mailed as usual).
 */
export async function seedOverdueRequest(
  db: Database,
  companyId: Types.ObjectId,
  seeded: { users: ReadonlyMap<string, Types.ObjectId>; equipment: SeedResult['equipment'] },
): Promise<void> {
  const demo = demoOverdueRequest;
  const equipment = seeded.equipment.find((item) => item.serialNumber === demo.equipment);
  const requester = seeded.users.get(demo.requester);
  if (!equipment || !requester) throw new Error('the demo overdue request names unknown demo data');
  await createRequestRecord(
    { db, outbox: createOutbox(db.storage) },
    {
      companyId: companyId.toString(),
      requestedById: requester.toString(),
      subject: demo.subject,
      type: 'corrective',
      priority: demo.priority,
      equipment: equipment.id,
      maintenanceTeam: equipment.team,
      assignedTechnician: equipment.defaultTechnician,
      scheduledDate: new Date(Date.now() - demo.scheduledDaysAgo * 86_400_000),
      duration: demo.durationHours,
    },
    { id: demoOverdueRequestId(companyId) },
  );
}

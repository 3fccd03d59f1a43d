import { indexedDates } from '@fixstream/run-storage';
import type { Database } from '../database.ts';

/** Equipment whose next preventive maintenance falls before a date. */
export interface PreventiveDue {
  equipmentId: string;
  companyId: string;
  dueAt: Date;
}

/**
 * Equipment with a preventive interval whose next preventive maintenance (`nextPreventiveAt`, kept by equipment
 * writes and advanced by the preventive job) is due before `until`, across companies: read by the index
 * `{nextPreventiveAt}`, so a tick touches only the equipment that is due.
 */
export async function findEquipmentDueForPreventive(
  db: Database,
  options: { until: Date },
): Promise<PreventiveDue[]> {
  const docs = await db.models.Equipment.find(
    { nextPreventiveAt: indexedDates({ until: options.until }) },
    { company: 1, nextPreventiveAt: 1 },
  ).lean();
  return docs.flatMap((doc) =>
    doc.nextPreventiveAt
      ? [{ equipmentId: doc._id.toString(), companyId: doc.company.toString(), dueAt: doc.nextPreventiveAt }]
      : [],
  );
}

/** When the next preventive maintenance falls: one interval after `from`, or never without an interval. */
export function nextPreventiveAt(intervalDays: number | null | undefined, from: Date): Date | null {
  return intervalDays ? new Date(from.getTime() + intervalDays * 86_400_000) : null;
}

import { createRequestRecord, type PreventiveDue, RequestRefused } from '@fixstream/db';
import { Types } from 'mongoose';
import { claimOnce } from './job-claim.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';

const day = 86_400_000;

/** What the preventive job did about one piece of equipment, for its log line and the tests. */
export type PreventiveOutcome =
  | { kind: 'created' | 'existed'; requestId: string; nextPreventiveAt: Date }
  | { kind: 'skipped'; reason: string }
  | { kind: 'moved' };

/** The claim that fixes which request a due date gets: `preventive:<equipment id>:<due date>`. */
export function preventiveClaimId(equipmentId: string, dueAt: Date): string {
  return `preventive:${equipmentId}:${dueAt.toISOString()}`;
}

/** The due date after `dueAt` that is still ahead of `now`: periods missed while nothing ran are not made up. */
export function followingDueDate(dueAt: Date, intervalDays: number, now: Date): Date {
  const step = intervalDays * day;
  const periods = Math.max(1, Math.floor((now.getTime() - dueAt.getTime()) / step) + 1);
  return new Date(dueAt.getTime() + periods * step);
}

/**
 * Creates the preventive request of one due date of one piece of equipment, once however many runs, retries
 * and workers get here: the first to insert the claim `preventive:<equipment>:<due date>` records the id the
 * request will have, and every caller then creates the request on that `_id` (a second insert finds it there),
 * so a run that crashed between the claim and the request is completed by the next one. Then the equipment's
 * `nextPreventiveAt` moves one interval on (or to the first date ahead of now after an outage).
 *
 * The request is assigned to the equipment's team and default technician, who is also its requester (the job
 * asks on their behalf) and is mailed by `send-request-notification` as for any new request. Equipment without
 * a team or a default technician, or whose technician cannot take it (deactivated, off the team), is skipped
 * with the reason and left due: the next run creates the request once someone fixes the equipment.
 */
export async function createPreventiveRequest(
  deps: MaintenanceJobDeps,
  due: PreventiveDue,
  run: { runKey: string; now: Date },
): Promise<PreventiveOutcome> {
  const { Equipment } = deps.db.models;
  const equipment = await Equipment.findById(due.equipmentId, {
    name: 1,
    team: 1,
    defaultTechnician: 1,
    preventiveIntervalDays: 1,
    nextPreventiveAt: 1,
  }).lean();
  if (equipment?.nextPreventiveAt?.getTime() !== due.dueAt.getTime()) return { kind: 'moved' };
  if (!equipment.preventiveIntervalDays) return { kind: 'skipped', reason: 'it has no preventive interval' };
  if (!equipment.team) return { kind: 'skipped', reason: 'it has no maintenance team' };
  if (!equipment.defaultTechnician) return { kind: 'skipped', reason: 'it has no default technician' };

  const claim = await claimOnce(deps.db, {
    id: preventiveClaimId(due.equipmentId, due.dueAt),
    runKey: run.runKey,
    requestId: new Types.ObjectId().toString(),
  });
  const technician = equipment.defaultTechnician.toString();
  let created: boolean;
  try {
    const result = await createRequestRecord(
      deps,
      {
        companyId: due.companyId,
        requestedById: technician,
        subject: `Preventive maintenance: ${equipment.name}`,
        description: `Every ${equipment.preventiveIntervalDays} days, due ${due.dueAt.toISOString().slice(0, 10)}.`,
        type: 'preventive',
        priority: 1,
        equipment: due.equipmentId,
        maintenanceTeam: equipment.team.toString(),
        assignedTechnician: technician,
        scheduledDate: due.dueAt,
      },
      { id: claim.requestId },
    );
    created = result.created;
  } catch (error) {
    if (error instanceof RequestRefused) return { kind: 'skipped', reason: error.message };
    throw error;
  }
  const next = followingDueDate(due.dueAt, equipment.preventiveIntervalDays, run.now);
  // Only if no one moved the date meanwhile. FerretDB applies this as a read then a write: see docs/maintenance-jobs.md.
  await Equipment.updateOne(
    { _id: due.equipmentId, nextPreventiveAt: due.dueAt },
    { $set: { nextPreventiveAt: next } },
  );
  return { kind: created ? 'created' : 'existed', requestId: claim.requestId, nextPreventiveAt: next };
}

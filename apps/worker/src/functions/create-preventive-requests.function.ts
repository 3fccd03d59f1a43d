import { findEquipmentDueForPreventive } from '@fixstream/db';
import { defineCronFunction } from '@fixstream/events';
import { preventiveHorizon } from './job-dates.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';
import { createPreventiveRequest } from './preventive-request.ts';

/**
 * On its schedule (`PREVENTIVE_CRON`), creates the preventive request of every piece of equipment due within
 * `PREVENTIVE_LEAD_DAYS`, scheduled for its due date (see `createPreventiveRequest` for the once-only part).
 * One piece failing does not hold up the others; the run fails afterwards, and its retry redoes only what is
 * left (what was done is found done).
 */
export function createPreventiveRequests(deps: MaintenanceJobDeps) {
  return defineCronFunction({
    id: 'create-preventive-requests',
    cron: deps.jobs.preventiveCron,
    timezone: deps.jobs.timeZone,
    async handler({ runKey, logger }) {
      const now = new Date();
      const due = await findEquipmentDueForPreventive(deps.db, {
        until: preventiveHorizon(now, deps.jobs.preventiveLeadDays),
      });
      const failures: unknown[] = [];
      for (const item of due) {
        const fields = { equipmentId: item.equipmentId, dueAt: item.dueAt.toISOString() };
        try {
          const outcome = await createPreventiveRequest(deps, item, { runKey, now });
          if (outcome.kind === 'skipped') {
            logger.warn({ ...fields, reason: outcome.reason }, 'no preventive request: equipment left due');
          } else if (outcome.kind !== 'moved') {
            logger.info({ ...fields, ...outcome }, `preventive request ${outcome.kind}`);
          }
        } catch (error) {
          logger.error({ ...fields, err: error }, 'preventive request failed; the run is retried');
          failures.push(error);
        }
      }
      if (failures.length > 0) {
        throw new AggregateError(failures, `${failures.length} of ${due.length} preventive requests failed`);
      }
    },
  });
}
